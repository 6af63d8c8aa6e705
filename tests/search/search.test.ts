/**
 * Search as a lab member uses it: every spelling feature, every filter, the namesakes rule, and inputs
 * that must never break it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { Corpus, loadCorpus } from '../../src/corpus/corpus.js';
import { createSearchEngine } from '../../src/search/engine.js';
import type { SearchEngine, SearchOptions } from '../../src/search/types.js';

const PAPERS = 'data/papers.json';
const NAMESAKE = '2505.15513'; // plasmon resonance, a different Qi Lei

let engine: SearchEngine;
beforeAll(() => {
  engine = createSearchEngine(loadCorpus(PAPERS));
});

const ids = (query: string, options: SearchOptions = {}) => engine.search(query, options).hits.map((h) => h.paper.arxivId);
const top = (query: string, n = 1, options: SearchOptions = {}) => ids(query, options).slice(0, n).sort();

describe('search features', () => {
  it('finds both weak-to-strong papers first, however the compound is written', () => {
    for (const q of ['weak to strong', 'weak-to-strong', 'Weak-to-Strong generalization', 'weaktostrong']) {
      expect(top(q, 2), q).toEqual(['2502.05075', '2509.24005']);
    }
  });

  it('matches "self-supervised", "selfsupervised" and "self supervised" alike', () => {
    const expected = ['2008.01064', '2209.14434'];
    for (const q of ['self-supervised', 'selfsupervised', 'self supervised']) expect(top(q, 2), q).toEqual(expected);
  });

  it('matches "Frank-Wolfe" and "frank wolfe" alike', () => {
    expect(ids('frank wolfe')[0]).toBe('1910.07703');
    expect(ids('Frank-Wolfe')[0]).toBe('1910.07703');
    expect(ids('frankwolfe')[0]).toBe('1910.07703');
  });

  it('folds plurals and inflections: "bandits" finds "Bandit", "prune" finds "Pruning"', () => {
    expect(ids('bandits')).toContain('2107.04518'); // "Non-concave Bandit Optimization"
    expect(top('prune', 3)).toEqual(['2310.13183', '2310.13191', '2407.19126']);
  });

  it('expands acronyms the abstracts define, both ways', () => {
    expect(top('W2S', 2)).toEqual(['2502.05075', '2509.24005']);
    expect(ids('CoT')[0]).toBe('2603.00306');
    expect(ids('SkMM')[0]).toBe('2407.06120');
    // "LLM" also finds a paper that only spells out "large language models".
    expect(ids('LLM')).toContain('2312.05720');
    // and the long form finds the paper that mostly says "W2S"
    expect(ids('chain of thought')[0]).toBe('2603.00306');
  });

  it('finds papers by author name, including a middle name and accents', () => {
    expect(top('Kakade', 4)).toEqual(['2002.09434', '2107.02377', '2107.04518', '2107.06466']);
    expect(top('Andrew Gordon Wilson', 2)).toEqual(['2403.02695', '2512.05620']);
    expect(ids('Gursoy')[0]).toBe('2411.03746'); // written "Gürsoy"
  });

  it('tolerates typos in words the corpus does not know', () => {
    expect(ids('spurios corelations').slice(0, 3).sort()).toEqual(['2502.09850', '2508.08570', '2509.24005']);
    expect(ids('monosemanticty')[0]).toBe('2410.21331');
  });

  it('completes a word still being typed', () => {
    expect(ids('monosem')[0]).toBe('2410.21331');
    expect(ids('sketchy mom')[0]).toBe('2407.06120');
  });

  it('ranks a natural-language question by its content words', () => {
    const result = engine.search('which paper explains when chain-of-thought helps');
    expect(result.hits[0]?.paper.arxivId).toBe('2603.00306');
    expect(result.hits[0]?.matchedTerms).not.toContain('paper');
  });

  it('reports matched words as the paper writes them, for bolding', () => {
    const hit = engine.search('weak to strong').hits[0]!;
    expect(hit.matchedTerms).toEqual(expect.arrayContaining(['weak-to-strong', 'w2s']));
    const pruning = engine.search('prune').hits[0]!;
    expect(pruning.matchedTerms).toContain('pruning');
  });

  it('finds venues and years', () => {
    expect(top('NeurIPS 2021', 4)).toEqual(['2008.01064', '2105.02221', '2107.04518', '2107.06466']);
  });

  it('returns an exact paper for a pasted id or link', () => {
    for (const q of ['2502.05075', 'arXiv:2502.05075v2', 'https://arxiv.org/abs/2502.05075v1', 'https://arxiv.org/pdf/2502.05075']) {
      expect(ids(q), q).toEqual(['2502.05075']);
    }
  });

  it('pages through results with offset and reports the total', () => {
    const all = engine.search('learning', { limit: 50 });
    expect(all.total).toBeGreaterThan(10);
    const page2 = engine.search('learning', { limit: 5, offset: 5 });
    expect(page2.total).toBe(all.total);
    expect(page2.hits.map((h) => h.paper.arxivId)).toEqual(all.hits.slice(5, 10).map((h) => h.paper.arxivId));
  });
});

describe('queries that yield nothing', () => {
  it('returns no hits for an empty or stop-word-only query', () => {
    for (const q of ['', '   ', 'the of and', 'which paper is about what']) {
      const r = engine.search(q);
      expect(r.hits, q).toEqual([]);
      expect(r.total).toBe(0);
    }
  });

  it('suggests respellings from the corpus when nothing matches', () => {
    // Two edits in a six-letter word: too far to search for, close enough to suggest.
    const r = engine.search('bandti');
    expect(r.hits).toEqual([]);
    expect(r.didYouMean.join(' ')).toMatch(/\bbandits?\b/);
    expect(engine.search('qqqqzzzz').didYouMean).toEqual([]);
  });

  it('survives 1,000+ characters and hostile text', () => {
    const long = 'weak to strong generalization '.repeat(60);
    expect(long.length).toBeGreaterThan(1000);
    expect(ids(long)[0]).toMatch(/2502.05075|2509.24005/);
    for (const q of ['@everyone', '<@&123>', '**bold** _x_ `code` ||spoiler||', '(((', '\\', '\u0000\u200b', '🙂🙂', '-', '...']) {
      expect(() => engine.search(q), q).not.toThrow();
      expect(() => engine.suggest(q), q).not.toThrow();
    }
  });
});

describe('filters', () => {
  it('restricts to a year range', () => {
    const hits = engine.search('learning', { fromYear: 2021, toYear: 2022, limit: 50 }).hits;
    expect(hits.length).toBeGreaterThan(0);
    for (const h of hits) expect(Number(h.paper.published.slice(0, 4))).toBeGreaterThanOrEqual(2021);
    for (const h of hits) expect(Number(h.paper.published.slice(0, 4))).toBeLessThanOrEqual(2022);
  });

  it('restricts to an author, case-, accent- and typo-tolerant', () => {
    const byKakade = ids('learning', { author: 'kakade', limit: 50 });
    expect(byKakade.sort()).toEqual(['2002.09434', '2107.02377', '2107.06466']);
    expect(ids('robustness', { author: 'Andrew Wilson' })).toEqual(['2403.02695']);
    expect(ids('gradient', { author: 'gursoy' })).toEqual(['2411.03746']);
    expect(ids('bandit', { author: 'Kakadee' }).sort()).toEqual(['2107.02377', '2107.04518']);
    expect(ids('learning', { author: 'nobody-at-all' })).toEqual([]);
  });

  it('restricts to a category, exact or by archive', () => {
    const exact = engine.search('learning', { category: 'cs.CV', limit: 50 }).hits;
    expect(exact.length).toBeGreaterThan(0);
    for (const h of exact) expect(h.paper.categories.map((c) => c.toLowerCase())).toContain('cs.cv');
    const archive = engine.search('dimension', { category: 'math', limit: 50 }).hits;
    expect(archive.length).toBeGreaterThan(0);
    for (const h of archive) expect(h.paper.categories.some((c) => c.startsWith('math.'))).toBe(true);
  });

  it('restricts to a venue by substring', () => {
    const hits = engine.search('learning', { venue: 'neurips', limit: 50 }).hits;
    expect(hits.length).toBeGreaterThan(0);
    for (const h of hits) expect(h.paper.venue).toMatch(/NeurIPS/);
    expect(ids('pruning', { venue: 'EMNLP 2023' }).sort()).toEqual(['2310.13183', '2310.13191']);
    expect(ids('pruning', { venue: 'findings of emnlp' })).toEqual(['2310.13183']);
  });

  it('combines filters with AND', () => {
    expect(ids('learning', { author: 'Jason Lee', venue: 'ICML', fromYear: 2021, toYear: 2021, limit: 50 }).sort()).toEqual([
      '2102.11203',
      '2106.12108',
      '2107.02377',
    ]);
    expect(ids('learning', { author: 'Jason Lee', venue: 'ICML', fromYear: 2022, toYear: 2022 })).toEqual([]);
  });
});

describe("namesakes' papers", () => {
  it('are left out of search, suggestions, random and recent by default', () => {
    expect(ids('plasmon resonance')).toEqual([]);
    expect(engine.suggest('plasmon').map((s) => s.value)).not.toContain(NAMESAKE);
    expect(engine.recent(100).map((p) => p.arxivId)).not.toContain(NAMESAKE);
    expect(engine.size).toBe(45);
    for (let i = 0; i < 45; i++) expect(engine.random({ random: () => i / 45 })?.arxivId).not.toBe(NAMESAKE);
  });

  it('are still found by exact id', () => {
    expect(engine.get(NAMESAKE)?.title).toMatch(/plasmon/i);
  });

  it('are included when the admin opts in', () => {
    const all = createSearchEngine(loadCorpus(PAPERS, { includeOtherAuthors: true }));
    expect(all.search('plasmon resonance').hits[0]?.paper.arxivId).toBe(NAMESAKE);
    expect(all.size).toBe(48);
  });
});

describe('a paper with no known authors', () => {
  it('is searchable and filters cope with it', () => {
    expect(ids('nuclear-norm balls')[0]).toBe('1910.07703');
    expect(ids('frank wolfe', { author: 'lei' })).toEqual([]);
  });

  it('works in a tiny hand-made corpus', () => {
    const tiny = createSearchEngine(new Corpus([]));
    expect(tiny.search('anything').hits).toEqual([]);
    expect(tiny.suggest('')).toEqual([]);
    expect(tiny.random()).toBeNull();
    expect(tiny.recent()).toEqual([]);
  });
});
