/**
 * A seeded PRNG (mulberry32) for tests and benchmarks: the same seed gives the same sequence on every
 * machine, so a random pick or a synthetic corpus is reproducible.
 */

/** A deterministic source of numbers in [0, 1), like `Math.random` but seeded. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
