/**
 * The best `k` scored papers of a ranking, kept in a fixed-size heap so that a word matching tens of
 * thousands of papers never builds or sorts more than a page of results. Ties are broken the same way
 * everywhere: the newer paper first, then the larger arXiv id.
 */
import type { Paper } from '../corpus/schema.js';

/** One kept entry: its score, short id, paper and the mask of the terms it matched. */
export interface Scored {
  score: number;
  short: number;
  paper: Paper;
  mask: number;
}

/** True when `a` ranks above `b`: higher score, then newer, then larger arXiv id. */
export function ranksAbove(a: { score: number; paper: Paper }, b: { score: number; paper: Paper }): boolean {
  if (a.score !== b.score) return a.score > b.score;
  if (a.paper.published !== b.paper.published) return a.paper.published > b.paper.published;
  return a.paper.arxivId > b.paper.arxivId;
}

/** A fixed-size min-heap that keeps the best `capacity` entries by {@link ranksAbove}. */
export class TopK {
  private readonly items: Scored[] = [];

  constructor(private readonly capacity: number) {}

  /** Offers an entry; it is kept when there is room or it ranks above the worst one kept. */
  push(score: number, short: number, paper: Paper, mask = -1): void {
    if (this.capacity <= 0) return;
    const items = this.items;
    // A common word visits thousands of papers for a page of five: turn most away before allocating.
    if (items.length >= this.capacity && items[0]!.score > score) return;
    const item = { score, short, paper, mask };
    if (items.length < this.capacity) {
      items.push(item);
      let i = items.length - 1;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (!ranksAbove(items[parent]!, items[i]!)) break;
        [items[parent], items[i]] = [items[i]!, items[parent]!];
        i = parent;
      }
      return;
    }
    if (!ranksAbove(item, items[0]!)) return;
    items[0] = item;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let worst = i;
      if (l < items.length && ranksAbove(items[worst]!, items[l]!)) worst = l;
      if (r < items.length && ranksAbove(items[worst]!, items[r]!)) worst = r;
      if (worst === i) break;
      [items[worst], items[i]] = [items[i]!, items[worst]!];
      i = worst;
    }
  }

  /** The kept entries, best first. */
  sorted(): Scored[] {
    return [...this.items].sort((a, b) => (ranksAbove(a, b) ? -1 : ranksAbove(b, a) ? 1 : 0));
  }
}
