/** Bit counting for the concept masks that scoring ORs together (one bit per query concept or salient term). */

/** Number of set bits of a 32-bit integer. */
export function popcount(n: number): number {
  let v = n - ((n >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}
