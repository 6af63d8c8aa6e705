/**
 * A term tree grown from a snapshot's walk order must be the very tree that `set` builds from the same
 * entries: the same keys, values and children in the same order, so prefix completions, typo look-ups and
 * everything that iterates the tree answer as they did before restores took the short cut.
 */
import SearchableMap from 'minisearch/SearchableMap';
import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/corpus.js';
import { tokenize } from '../../src/search/analyzer.js';
import { entriesInInsertionWalk, searchableMapInWalkOrder } from '../../src/search/walk-order-map.js';

/** A tree's structure, children in their order: equal structures iterate, complete and correct alike. */
function shape(node: Map<string, unknown>): unknown {
  return [...node].map(([edge, child]) => [edge, child instanceof Map ? shape(child) : child]);
}

function bySet<T>(entries: Iterable<readonly [string, T]>): SearchableMap<T> {
  const map = new SearchableMap<T>();
  for (const [k, v] of entries) map.set(k, v);
  return map;
}

function expectSameTree<T>(entries: (readonly [string, T])[]): SearchableMap<T> {
  const fast = searchableMapInWalkOrder(entries);
  const slow = bySet(entries);
  expect(shape(fast._tree)).toEqual(shape(slow._tree));
  expect([...fast]).toEqual([...slow]);
  expect(fast.size).toBe(slow.size);
  return fast;
}

/** A deterministic shuffle (mulberry32), so a failure can be replayed. */
function shuffled<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let s = seed;
  const random = () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

const papers = loadCorpus('data/papers.json').all();
const labTerms = [...new Set(papers.flatMap((p) => tokenize(`${p.title} ${p.abstract}`).map((t) => t.term)))];

describe('searchableMapInWalkOrder', () => {
  it('rebuilds the lab index term tree exactly from its walk order, and it answers prefixes and typos alike', () => {
    const original = bySet(shuffled(labTerms, 1).map((t, i) => [t, i] as const));
    const walk = [...original];
    const restored = expectSameTree(walk);
    expect(restored.size).toBe(labTerms.length);
    expect([...restored.atPrefix('gen').keys()]).toEqual([...bySet(walk).atPrefix('gen').keys()]);
    expect([...restored.atPrefix('gen').keys()].length).toBeGreaterThan(1);
    expect([...restored.fuzzyGet('bandt', 1)]).toEqual([...bySet(walk).fuzzyGet('bandt', 1)]);
    expect(restored.get('bandit')).toBe(original.get('bandit'));
  });

  it('splits edges and places a key that is a prefix of the one before it, as set does', () => {
    // "bandits" before "bandit" (a walk that lists a node's children before its own value), "ban" inside
    // an edge, and the empty key on the root.
    for (const order of [
      ['bandits', 'bandit', 'ban', 'band', 'banana', ''],
      ['', 'a', 'ab', 'abc', 'abd', 'b'],
      ['abc', 'ab', 'a', 'b', 'ba'],
    ]) {
      expectSameTree(order.map((k, i) => [k, i] as const));
    }
  });

  it('takes a later duplicate key as the value, as set does', () => {
    const tree = expectSameTree([
      ['learn', 1],
      ['learn', 2],
      ['learnabl', 3],
    ]);
    expect(tree.get('learn')).toBe(2);
  });

  it('gives back the original tree, children in their own order, from its insertion walk', () => {
    const original = bySet(shuffled(labTerms, 5).map((t, i) => [t, i] as const));
    const walk = entriesInInsertionWalk(original);
    expect(new Set(walk.map(([k]) => k))).toEqual(new Set(labTerms));
    const rebuilt = expectSameTree(walk);
    expect(shape(rebuilt._tree)).toEqual(shape(original._tree));
    expect([...rebuilt]).toEqual([...original]);
    // The map's own order rebuilds the mirror image: same entries, children reversed.
    const mirrored = searchableMapInWalkOrder([...original]);
    expect(new Set(mirrored.keys())).toEqual(new Set(original.keys()));
    expect([...mirrored.keys()]).not.toEqual([...original.keys()]);
  });

  it('builds the same tree from entries in any order, not only a walk', () => {
    for (const seed of [2, 3, 4]) expectSameTree(shuffled(labTerms, seed).map((t, i) => [t, i] as const));
    // Walk order first, then a key that belongs under a finished branch.
    const walk = [...bySet(labTerms.map((t) => [t, 0] as const))];
    expectSameTree([...walk, ['a-late-key', 1] as const, walk[0]!]);
  });
});
