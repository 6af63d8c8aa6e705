/** The evaluation math itself: a wrong formula would make the quality floors meaningless. */
import { describe, expect, it } from 'vitest';
import { average, reciprocalRank, recallAt } from './metrics.js';

describe('evaluation metrics', () => {
  const relevant = new Set(['b', 'x']);

  it('reciprocal rank is 1/position of the first relevant id within the cutoff', () => {
    expect(reciprocalRank(['b', 'a'], relevant)).toBe(1);
    expect(reciprocalRank(['a', 'c', 'x'], relevant)).toBeCloseTo(1 / 3);
    expect(reciprocalRank(['a', 'c'], relevant)).toBe(0);
    expect(reciprocalRank([...'cdefghijkl', 'b'], relevant)).toBe(0);
  });

  it('recall@k counts the relevant ids in the top k', () => {
    expect(recallAt(['b', 'a', 'x'], relevant, 5)).toBe(1);
    expect(recallAt(['b', 'a', 'c', 'd', 'e', 'x'], relevant, 5)).toBe(0.5);
    expect(recallAt([], relevant, 5)).toBe(0);
  });

  it('averages per query', () => {
    expect(
      average([
        { count: 1, mrr10: 1, recall5: 1, hit1: 1 },
        { count: 1, mrr10: 0.5, recall5: 0, hit1: 0 },
      ]),
    ).toEqual({ count: 2, mrr10: 0.75, recall5: 0.5, hit1: 0.5 });
  });
});
