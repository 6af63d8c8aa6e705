/** Random picks for the reading group, similar papers, recent papers and live updates of the index. */
import { beforeEach, describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/corpus.js';
import type { Paper } from '../../src/corpus/schema.js';
import { createSearchEngine } from '../../src/search/engine.js';
import type { SearchEngine } from '../../src/search/types.js';
import { mulberry32 } from '../support/seeded-random.js';

const seeded = mulberry32;

let engine: SearchEngine;
beforeEach(() => {
  engine = createSearchEngine(loadCorpus('data/papers.json'));
});

describe('random', () => {
  it('is reproducible with a seeded source and varies across draws', () => {
    const a = Array.from(
      { length: 8 },
      (
        (r) => () =>
          engine.random({ random: r })!.arxivId
      )(seeded(7)),
    );
    const b = Array.from(
      { length: 8 },
      (
        (r) => () =>
          engine.random({ random: r })!.arxivId
      )(seeded(7)),
    );
    expect(a).toEqual(b);
    expect(new Set(a).size).toBeGreaterThan(1);
  });

  it('respects filters and a topic', () => {
    const rand = seeded(1);
    for (let i = 0; i < 20; i++) {
      const p = engine.random({ fromYear: 2024, author: 'Yijun Dong', random: rand })!;
      expect(Number(p.published.slice(0, 4))).toBeGreaterThanOrEqual(2024);
      expect(p.authors).toContain('Yijun Dong');
      const topical = engine.random({ topic: 'pruning', random: rand })!;
      expect(['2310.13183', '2310.13191', '2407.19126']).toContain(topical.arxivId);
    }
  });

  it('never picks an excluded paper (any id form) and returns null when all are excluded', () => {
    const pruning = ['2310.13183', 'arXiv:2310.13191v2', 'https://arxiv.org/abs/2407.19126'];
    const rand = seeded(3);
    for (let i = 0; i < 10; i++) expect(engine.random({ topic: 'pruning', exclude: pruning.slice(0, 2), random: rand })?.arxivId).toBe('2407.19126');
    expect(engine.random({ topic: 'pruning', exclude: pruning })).toBeNull();
    expect(engine.random({ author: 'Kakade', fromYear: 2030 })).toBeNull();
  });
});

describe('similar', () => {
  it('finds papers on the same subject and never the paper itself', () => {
    const hits = engine.similar('2502.05075', 5);
    expect(hits.length).toBe(5);
    expect(hits.map((h) => h.paper.arxivId)).not.toContain('2502.05075');
    expect(hits[0]!.paper.arxivId).toBe('2509.24005');
    expect(engine.similar('https://arxiv.org/abs/2310.13191v1', 3).map((h) => h.paper.arxivId)).toEqual(expect.arrayContaining(['2310.13183']));
  });

  it('returns nothing for an unknown id and never shows namesakes', () => {
    expect(engine.similar('9999.99999')).toEqual([]);
    for (const h of engine.similar('2505.15513', 10)) expect(h.paper.attribution).toBe('lab');
  });
});

describe('recent', () => {
  it('lists visible papers newest first', () => {
    const list = engine.recent(5);
    expect(list).toHaveLength(5);
    expect(list[0]!.arxivId).toBe('2603.00306');
    for (let i = 1; i < list.length; i++) expect(list[i - 1]!.published >= list[i]!.published).toBe(true);
  });
});

describe('upsert', () => {
  const fresh: Paper = {
    arxivId: '2604.01234',
    title: 'Quokka Attention: Marsupial Inductive Biases for Transformers',
    authors: ['Ada Quokkason', 'Qi Lei'],
    published: '2026-04-02',
    primaryCategory: 'cs.LG',
    categories: ['cs.LG'],
    abstract: 'We introduce quokka attention (QA), a marsupial-inspired mechanism for transformers.',
    venue: null,
    attribution: 'lab',
    attributionNote: null,
    source: 'arxiv',
  };

  it('makes a new paper findable at once, in search, suggestions, recent and get', () => {
    expect(engine.search('quokka').hits).toEqual([]);
    engine.upsert(fresh);
    expect(engine.search('quokka').hits[0]?.paper.arxivId).toBe('2604.01234');
    expect(engine.search('Quokkason').hits[0]?.paper.arxivId).toBe('2604.01234');
    expect(engine.suggest('quok').map((s) => s.value)).toContain('2604.01234');
    expect(engine.recent(1)[0]!.arxivId).toBe('2604.01234');
    expect(engine.get('2604.01234v1')?.title).toBe(fresh.title);
    expect(engine.size).toBe(46);
  });

  it('refreshes a known paper instead of duplicating it', () => {
    engine.upsert(fresh);
    engine.upsert({ ...fresh, title: 'Wombat Attention: Marsupial Inductive Biases for Transformers', version: 2 });
    expect(engine.size).toBe(46);
    expect(engine.search('wombat').hits.map((h) => h.paper.arxivId)).toEqual(['2604.01234']);
    expect(engine.search('quokka attention').hits[0]?.paper.title).toMatch(/^Wombat/);
    expect(engine.search('marsupial', { limit: 10 }).total).toBe(1);
  });
});
