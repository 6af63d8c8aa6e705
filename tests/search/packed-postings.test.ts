/**
 * Packed posting lists stand in for Maps in the inverted index: they must behave like Maps under every
 * operation the index performs, or updates and removals would corrupt it.
 */
import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/corpus.js';
import type { Paper } from '../../src/corpus/schema.js';
import { createSearchEngine } from '../../src/search/engine.js';
import { AcronymDictionary, mineAcronyms } from '../../src/search/acronyms.js';
import { InvertedIndex } from '../../src/search/inverted-index.js';
import { PackedPostings } from '../../src/search/packed-postings.js';

describe('PackedPostings', () => {
  it('behaves like a Map under a random mix of set, delete, get and has', () => {
    let seed = 12345;
    const rand = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
    const map = new Map<number, number>();
    for (let i = 0; i < 50; i++) map.set(i * 3, 1 + (i % 4));
    const packed = new PackedPostings(map);
    for (let step = 0; step < 3000; step++) {
      const id = Math.floor(rand() * 400);
      const op = rand();
      if (op < 0.5) {
        const tf = 1 + Math.floor(rand() * 9);
        map.set(id, tf);
        packed.set(id, tf);
      } else if (op < 0.8) {
        expect(packed.delete(id)).toBe(map.delete(id));
      } else {
        expect(packed.get(id)).toBe(map.get(id));
        expect(packed.has(id)).toBe(map.has(id));
      }
      expect(packed.size).toBe(map.size);
    }
    expect([...packed].sort((a, b) => a[0] - b[0])).toEqual([...map].sort((a, b) => a[0] - b[0]));
    expect([...packed.keys()]).toEqual([...map.keys()].sort((a, b) => a - b));
  });

  it('allows deleting while iterating', () => {
    const packed = new PackedPostings([
      [1, 1],
      [2, 1],
      [3, 1],
      [4, 1],
    ]);
    for (const [id] of packed) if (id % 2 === 0) packed.delete(id);
    expect([...packed.keys()]).toEqual([1, 3]);
  });
});

describe('an index with packed posting lists', () => {
  it('stays correct through many updates', () => {
    const engine = createSearchEngine(loadCorpus('data/papers.json'));
    const base = engine.get('2502.05075')!;
    // Each refresh removes the old version from its posting lists and indexes the new one.
    for (let v = 2; v < 80; v++) {
      const next: Paper = { ...base, title: `${base.title} revision${v}`, version: v };
      engine.upsert(next);
    }
    expect(engine.size).toBe(45);
    const hits = engine.search('weak to strong generalization learning', { limit: 50 }).hits.map((h) => h.paper.arxivId);
    expect(hits.filter((id) => id === '2502.05075')).toHaveLength(1);
    expect(engine.search('revision79').hits.map((h) => h.paper.arxivId)).toEqual(['2502.05075']);
    // An old version's word is gone: the query is read as a typo of the live version's word.
    expect(engine.search('revision40').hits.map((h) => [h.paper.arxivId, h.matchedTerms])).toEqual([['2502.05075', ['revision79']]]);
    // A word only an old version had is gone from the vocabulary too: nothing suggests it.
    expect(engine.suggest('revision4', { kinds: ['query'] }).map((s) => s.value)).toEqual([]);
    expect(engine.search('learning', { limit: 100 }).total).toBe(engine.search('learning', { limit: 100 }).hits.length);
  });
});

describe('InvertedIndex', () => {
  const papers = loadCorpus('data/papers.json').visible();

  /** Every term's stats and every paper's membership, to compare two indexes. */
  function snapshot(index: InvertedIndex, terms: string[]) {
    return terms.map((t) => [t, index.termStats(t), [...index.entries()].filter(([short]) => index.contains(short, t)).map(([, p]) => p.arxivId)]);
  }

  it('after removals and re-additions equals an index built from the remaining papers, with exact document counts', () => {
    const index = new InvertedIndex(new AcronymDictionary());
    for (const p of papers) index.addPaper(p);
    index.pack(2);
    const removed = papers.filter((_, i) => i % 3 === 0);
    for (const p of removed) expect(index.removePaper(p.arxivId)).toBeTypeOf('number');
    expect(index.removePaper(removed[0]!.arxivId)).toBeUndefined();
    const kept = papers.filter((_, i) => i % 3 !== 0);
    const fresh = new InvertedIndex(new AcronymDictionary());
    for (const p of kept) fresh.addPaper(p);
    expect(index.documentCount).toBe(kept.length);
    expect(index.termCount).toBe(fresh.termCount);
    const terms = [...new Set(papers.flatMap((p) => p.title.toLowerCase().split(/\W+/)).filter(Boolean))].map((w) => w.replace(/s$/, ''));
    expect(snapshot(index, terms)).toEqual(snapshot(fresh, terms));
    const scored = (ix: InvertedIndex) => {
      const out: [string, number][] = [];
      ix.score([{ term: 'learn', weight: 1, mask: 1 }], { title: 3, abstract: 1 }, (short, score) => out.push([ix.paperAt(short)!.arxivId, score]));
      return out.sort((a, b) => a[0].localeCompare(b[0]));
    };
    const a = scored(index);
    const b = scored(fresh);
    expect(a.map(([id]) => id)).toEqual(b.map(([id]) => id));
    a.forEach(([, s], i) => expect(s).toBeCloseTo(b[i]![1], 9));
    for (const p of removed) index.addPaper(p);
    expect(index.documentCount).toBe(papers.length);
  });

  it('removes a paper from every list when the acronym dictionary learnt a long form of its text since it was added', () => {
    const acronyms = new AcronymDictionary();
    const index = new InvertedIndex(acronyms);
    const paper: Paper = { ...papers[0]!, arxivId: '2601.00001', title: 'Zorblax quantum widgets', abstract: 'We study zorblax quantum widgets at scale.' };
    index.addPaper(paper);
    expect(index.hasTerm('zorblax')).toBe(true);
    // A definition learnt later makes a new analysis of the same text see an acronym it was not indexed under.
    acronyms.addAll(mineAcronyms('Zorblax Quantum Widgets (ZQW) are studied.'));
    index.removePaper(paper.arxivId);
    expect(index.documentCount).toBe(0);
    expect(index.termCount).toBe(0);
  });

  it('removes a paper from every list even when its object was changed in place after indexing', () => {
    const index = new InvertedIndex(new AcronymDictionary());
    const paper: Paper = { ...papers[0]!, arxivId: '2601.00002', title: 'Quuxification of graphs', abstract: 'Graphs, quuxified.' };
    index.addPaper(papers[1]!);
    const before = index.termCount;
    index.addPaper(paper);
    paper.title = 'Something else entirely';
    index.removePaper(paper.arxivId);
    expect(index.hasTerm('quuxification')).toBe(false);
    expect(index.termCount).toBe(before);
  });
});
