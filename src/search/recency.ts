/**
 * The indexed papers newest first (by first-version date, then arXiv id), kept in order as papers come and
 * go, for `/paper recent` and the autocomplete list of an empty input.
 */
import type { Paper } from '../corpus/schema.js';
import type { InvertedIndex } from './inverted-index.js';

/** True when `a` comes before `b` in newest-first order. */
export function newer(a: Paper, b: Paper): boolean {
  return a.published !== b.published ? a.published > b.published : a.arxivId > b.arxivId;
}

/** Short ids of the indexed papers, newest first. */
export class Recency {
  private order: number[] = [];

  constructor(private readonly index: InvertedIndex) {}

  /** Orders every paper of the index from scratch (after a bulk build). */
  rebuild(): void {
    this.order = [...this.index.entries()].sort((a, b) => (newer(a[1], b[1]) ? -1 : newer(b[1], a[1]) ? 1 : 0)).map(([short]) => short);
  }

  /** Puts a newly indexed paper in its place. */
  insert(short: number, paper: Paper): void {
    let lo = 0;
    let hi = this.order.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (newer(this.index.paperAt(this.order[mid]!)!, paper)) lo = mid + 1;
      else hi = mid;
    }
    this.order.splice(lo, 0, short);
  }

  /** Takes a paper out (before it leaves the index). */
  remove(short: number): void {
    const at = this.order.indexOf(short);
    if (at >= 0) this.order.splice(at, 1);
  }

  /** The newest `limit` papers that `accept` lets through. */
  matching(limit: number, accept: (short: number, paper: Paper) => boolean): Paper[] {
    const out: Paper[] = [];
    for (const short of this.order) {
      if (out.length >= limit) break;
      const paper = this.index.paperAt(short);
      if (paper && accept(short, paper)) out.push(paper);
    }
    return out;
  }
}
