/**
 * The engine restored from a snapshot (and from a prepared-corpus buffer) answers exactly as the engine it
 * was taken from: same hits, scores, matched terms, suggestions in the same order (ties included), same
 * similar papers and the same seeded random picks. A buffer of another file, version, or a damaged one is rejected.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Corpus, loadCorpus } from '../../src/corpus/corpus.js';
import { ENGINE_CACHE_VERSION, decodePreparedCorpus, encodePreparedCorpus, preparedCorpusKey } from '../../src/search/engine-cache.js';
import { createSearchEngine, restoreSearchEngine, snapshotSearchEngine } from '../../src/search/engine.js';
import type { SearchEngine } from '../../src/search/types.js';

const PAPERS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../data/papers.json');

function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

/** Everything a user could see from an engine, for a fixed set of questions. */
function answers(engine: SearchEngine, corpus: Corpus) {
  const queries = ['bandits', 'weak to strong', 'llm', 'chain of thought', 'pruning', 'domain adaptaton', 'reinforcment', 'lee', 'kakade theory', 'zzzqqq'];
  const prefixes = ['', 'l', 'le', 'lea', 'weak t', 'deep l', 'b', 'stat', 'jason', 'gen', 'a', 'co', 'rep'];
  return {
    search: queries.map((q) => engine.search(q, { limit: 20 })),
    filtered: engine.search('learning', { author: 'lee', fromYear: 2021, limit: 20 }),
    suggest: prefixes.map((p) => engine.suggest(p)),
    similar: corpus.visible().map((p) => engine.similar(p.arxivId, 5).map((h) => [h.paper.arxivId, h.score])),
    random: Array.from({ length: 5 }, (_, i) => engine.random({ random: seeded(i + 1) })?.arxivId),
    randomTopic: engine.random({ topic: 'bandits', random: seeded(7) })?.arxivId,
    recent: engine.recent(10).map((p) => p.arxivId),
    size: engine.size,
  };
}

describe('engine snapshot', () => {
  it('restores an engine that answers exactly as a fresh build', () => {
    const corpus = loadCorpus(PAPERS);
    const fresh = createSearchEngine(corpus);
    const snapshot = snapshotSearchEngine(fresh);
    const restored = restoreSearchEngine(new Corpus(corpus.all()), snapshot);
    const expected = answers(fresh, corpus);
    expect(expected.search[0]!.hits.length).toBeGreaterThan(0);
    expect(expected.suggest[1]!.length).toBeGreaterThan(0);
    expect(answers(restored, corpus)).toEqual(expected);
  });

  it('restores through a prepared-corpus buffer, namesakes included when opted in', () => {
    for (const includeOtherAuthors of [false, true]) {
      const corpus = loadCorpus(PAPERS, { includeOtherAuthors });
      const fresh = createSearchEngine(corpus);
      const key = preparedCorpusKey(Buffer.from('papers file bytes'), { includeOtherAuthors });
      const decoded = decodePreparedCorpus(encodePreparedCorpus(key, { papers: corpus.all(), engine: snapshotSearchEngine(fresh) }), key);
      if ('rejected' in decoded) throw new Error(decoded.rejected);
      expect(decoded.papers).toEqual(corpus.all());
      const again = new Corpus(decoded.papers, { includeOtherAuthors });
      expect(answers(restoreSearchEngine(again, decoded.engine), again)).toEqual(answers(fresh, corpus));
    }
  });

  it('keeps a restored engine in step with upserts, as a fresh one', () => {
    const newPaper = (corpus: Corpus) => ({
      ...corpus.all()[0]!,
      arxivId: '2601.00001',
      title: 'Quokka ensembles for weak to strong generalization',
      published: '2026-01-02',
    });
    const corpus = loadCorpus(PAPERS);
    const snapshot = snapshotSearchEngine(createSearchEngine(corpus));
    const fresh = createSearchEngine(corpus);
    const restoredCorpus = new Corpus(corpus.all());
    const restored = restoreSearchEngine(restoredCorpus, snapshot);
    fresh.upsert(newPaper(corpus));
    restored.upsert(newPaper(restoredCorpus));
    expect(restored.suggest('quok')).toEqual(fresh.suggest('quok'));
    expect(restored.suggest('quok').map((s) => s.value)).toContain('2601.00001');
    expect(answers(restored, restoredCorpus)).toEqual(answers(fresh, corpus));
  });

  it('refuses to restore a snapshot over other papers', () => {
    const corpus = loadCorpus(PAPERS);
    const snapshot = snapshotSearchEngine(createSearchEngine(corpus));
    const changed = corpus.all().map((p, i) => (i === 0 ? { ...p, title: `${p.title} revised` } : p));
    expect(() => restoreSearchEngine(new Corpus(changed), snapshot)).toThrow(/stale/);
  });
});

describe('prepared-corpus buffer', () => {
  const corpus = loadCorpus(PAPERS);
  const key = preparedCorpusKey(Buffer.from('v1'), { includeOtherAuthors: false });
  const good = encodePreparedCorpus(key, { papers: corpus.all(), engine: snapshotSearchEngine(createSearchEngine(corpus)) });

  it('is keyed by the papers file bytes and the options', () => {
    expect(preparedCorpusKey(Buffer.from('v1'), { includeOtherAuthors: false })).toBe(key);
    expect(preparedCorpusKey(Buffer.from('v2'), { includeOtherAuthors: false })).not.toBe(key);
    expect(preparedCorpusKey(Buffer.from('v1'), { includeOtherAuthors: true })).not.toBe(key);
  });

  it('rejects another key, another version, a truncated or a damaged buffer', () => {
    expect(decodePreparedCorpus(good, key)).not.toHaveProperty('rejected');
    const otherKey = preparedCorpusKey(Buffer.from('v2'), { includeOtherAuthors: false });
    expect(decodePreparedCorpus(good, otherKey)).toEqual({ rejected: 'prepared from another papers file' });
    const version = Buffer.from(good);
    version.writeUInt32LE(ENGINE_CACHE_VERSION + 1, 8);
    expect(decodePreparedCorpus(version, key)).toEqual({ rejected: 'another format version' });
    expect(decodePreparedCorpus(good.subarray(0, good.length - 100), key)).toEqual({ rejected: 'damaged (checksum mismatch)' });
    expect(decodePreparedCorpus(good.subarray(0, 20), key)).toEqual({ rejected: 'not an engine cache' });
    for (const at of [60, good.length >> 1, good.length - 1]) {
      const flipped = Buffer.from(good);
      flipped[at]! ^= 0xff;
      expect(decodePreparedCorpus(flipped, key)).toEqual({ rejected: 'damaged (checksum mismatch)' });
    }
  });
});
