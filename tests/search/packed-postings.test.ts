/**
 * Packed posting lists stand in for MiniSearch's Maps: they must behave like Maps under every operation
 * MiniSearch performs, or updates and vacuuming would corrupt the index.
 */
import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/corpus.js';
import type { Paper } from '../../src/corpus/schema.js';
import { createSearchEngine } from '../../src/search/engine.js';
import { PackedPostings } from '../../src/search/packed-postings.js';

describe('PackedPostings', () => {
  it('behaves like a Map under a random mix of set, delete, get and has', () => {
    let seed = 12345;
    const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
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

  it('lets MiniSearch delete while iterating, as its vacuum does', () => {
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
  it('stays correct through many updates and a vacuum', async () => {
    const engine = createSearchEngine(loadCorpus('data/papers.json'));
    const base = engine.get('2502.05075')!;
    // Each refresh discards the old version; enough of them trigger MiniSearch's automatic vacuum.
    for (let v = 2; v < 80; v++) {
      const next: Paper = { ...base, title: `${base.title} revision${v}`, version: v };
      engine.upsert(next);
    }
    const index = (engine as unknown as { index: { dirtCount: number; isVacuuming: boolean } }).index;
    for (let i = 0; i < 50 && (index.isVacuuming || index.dirtCount >= 50); i++) await new Promise((resolve) => setTimeout(resolve, 20));
    // The automatic vacuum (after 50 discards) ran over the packed lists and cleaned those versions out.
    expect(index.dirtCount).toBeLessThan(50);
    expect(engine.size).toBe(45);
    const hits = engine.search('weak to strong generalization learning', { limit: 50 }).hits.map((h) => h.paper.arxivId);
    expect(hits.filter((id) => id === '2502.05075')).toHaveLength(1);
    expect(engine.search('revision79').hits.map((h) => h.paper.arxivId)).toEqual(['2502.05075']);
    expect(engine.search('revision40').hits).toEqual([]);
    expect(engine.search('learning', { limit: 100 }).total).toBe(engine.search('learning', { limit: 100 }).hits.length);
  });
});
