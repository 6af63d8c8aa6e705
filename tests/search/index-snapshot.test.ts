/**
 * An index loaded from a snapshot must answer exactly as a fresh build on the same papers, keep working
 * through updates, and refuse a snapshot that is damaged or of other papers.
 */
import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/corpus.js';
import type { Paper } from '../../src/corpus/schema.js';
import { AcronymDictionary, mineAcronyms } from '../../src/search/acronyms.js';
import { SnapshotError } from '../../src/search/index-snapshot.js';
import { InvertedIndex } from '../../src/search/inverted-index.js';

const papers = loadCorpus('data/papers.json').visible();

function build(list: Paper[]): InvertedIndex {
  const acronyms = new AcronymDictionary();
  for (const p of list) acronyms.addAll(mineAcronyms(`${p.title}. ${p.abstract}`));
  const index = new InvertedIndex(acronyms);
  for (const p of list) index.addPaper(p);
  index.pack();
  return index;
}

/**
 * What a user of the index can observe: vocabulary with document counts, typo look-ups and scores of
 * common queries. The term tree's walk order depends on the order terms were inserted, which a snapshot
 * does not keep, so terms are compared as sets.
 */
function observe(index: InvertedIndex) {
  const byTerm = (a: [string, unknown], b: [string, unknown]) => (a[0] < b[0] ? -1 : 1);
  const vocabulary = [...index.termsWithPrefix('')].sort(byTerm);
  const queries = [['learn'], ['weak', 'strong', 'generalization'], ['bandit'], ['lei'], ['llm'], ['2021']];
  const scores = queries.map((q) => {
    const out: [string, number, number][] = [];
    const terms = q.map((term, i) => ({ term, weight: 1, mask: 1 << i }));
    index.score(terms, { title: 3, abstract: 1, authors: 3, venue: 2, categories: 1, year: 1 }, (short, score, mask) =>
      out.push([index.paperAt(short)!.arxivId, score, mask]),
    );
    return out.sort((a, b) => a[0].localeCompare(b[0]));
  });
  return { count: index.documentCount, vocabulary, scores, fuzzy: [...index.fuzzyTerms('generalisation', 2)].sort(byTerm) };
}

describe('index snapshots', () => {
  it('load into an index equal to a fresh build on the same papers, which then updates like one', () => {
    const fresh = build(papers);
    const snapshot = fresh.serialize();
    const loaded = InvertedIndex.deserialize(snapshot, [...papers].reverse(), new AcronymDictionary());
    expect(observe(loaded)).toEqual(observe(fresh));
    expect(observe(loaded).vocabulary.length).toBeGreaterThan(1000);
    // Updates after loading: remove one paper and re-add a revised version, on both.
    const revised: Paper = { ...papers[3]!, title: `${papers[3]!.title} zorblax` };
    for (const index of [fresh, loaded]) {
      index.removePaper(revised.arxivId);
      index.addPaper(revised);
    }
    expect(loaded.termStats('zorblax')).toEqual({ df: 1, textDf: 1 });
    expect(observe(loaded)).toEqual(observe(fresh));
  });

  it('round-trips an index with removed papers', () => {
    const index = build(papers);
    for (const p of papers.slice(0, 10)) index.removePaper(p.arxivId);
    const loaded = InvertedIndex.deserialize(index.serialize(), papers.slice(10), null);
    expect(observe(loaded)).toEqual(observe(index));
  });

  it('rejects a damaged, truncated or foreign buffer', () => {
    const snapshot = build(papers).serialize();
    const flipped = Buffer.from(snapshot);
    flipped[flipped.length - 100]! ^= 0x40;
    expect(() => InvertedIndex.deserialize(flipped, papers, null)).toThrow(/damaged/);
    expect(() => InvertedIndex.deserialize(snapshot.subarray(0, snapshot.length - 7), papers, null)).toThrow(SnapshotError);
    expect(() => InvertedIndex.deserialize(Buffer.from('{"not":"a snapshot"}'), papers, null)).toThrow(/not an index snapshot/);
  });

  it('rejects a stale snapshot: a paper changed, went missing or was added since', () => {
    const snapshot = build(papers).serialize();
    const changed = papers.map((p, i) => (i === 7 ? { ...p, abstract: `${p.abstract} Revised.` } : p));
    expect(() => InvertedIndex.deserialize(snapshot, changed, null)).toThrow(/stale/);
    expect(() => InvertedIndex.deserialize(snapshot, papers.slice(1), null)).toThrow(/stale/);
    const extra: Paper = { ...papers[0]!, arxivId: '2601.00003' };
    expect(() => InvertedIndex.deserialize(snapshot, [...papers.slice(1), extra], null)).toThrow(/stale/);
  });

  it('loads a snapshot wherever it sits in a larger buffer (inside a cache file), aligned or not', () => {
    const index = build(papers);
    const snapshot = index.serialize();
    for (let offset = 0; offset < 4; offset++) {
      const file = Buffer.alloc(snapshot.length + 8);
      snapshot.copy(file, offset);
      const loaded = InvertedIndex.deserialize(file.subarray(offset, offset + snapshot.length), papers, null);
      expect(observe(loaded)).toEqual(observe(index));
    }
  });

  it("decides staleness by the caller's content hash when it wrote one, and checks the body unless told it was verified", async () => {
    const index = build(papers);
    const mine = Buffer.alloc(32, 7);
    const snapshot = await index.serializeGradually(
      async () => undefined,
      async () => mine,
    );
    expect(observe(InvertedIndex.deserialize(snapshot, papers, null, 12, { content: mine }))).toEqual(observe(index));
    expect(() => InvertedIndex.deserialize(snapshot, papers, null, 12, { content: Buffer.alloc(32, 8) })).toThrow(/stale/);
    // Without the caller's hash the papers' indexed text is hashed, which is not what this snapshot was written with.
    expect(() => InvertedIndex.deserialize(snapshot, papers, null)).toThrow(/stale/);
    const flipped = Buffer.from(snapshot);
    flipped[flipped.length - 100]! ^= 0x40;
    expect(() => InvertedIndex.deserialize(flipped, papers, null, 12, { content: mine })).toThrow(/damaged/);
  });
});
