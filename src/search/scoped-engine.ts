/**
 * One read-only {@link SearchEngine} over several: the lab's index, a server's reading list and the field
 * index, for `scope:reading-list` and `scope:all`. Each part keeps its own index (the field index is large and
 * persisted, a reading list small and per server); a search asks every part for its top hits and merges them
 * by BM25 score. A paper held by two parts (a lab paper that was also in a digest) is shown once, from the
 * first part, so a lab paper is always labelled as the lab's.
 */
import type { Paper } from '../corpus/schema.js';
import { newer } from './recency.js';
import type { PaperSource, RandomOptions, SearchEngine, SearchHit, SearchOptions, SearchResult, SuggestOptions, Suggestion } from './types.js';

/** One part of a scoped engine and where its papers come from. */
export interface ScopePart {
  source: PaperSource;
  engine: SearchEngine;
}

class ScopedEngine implements SearchEngine {
  constructor(private readonly parts: readonly ScopePart[]) {}

  get size(): number {
    return this.parts.reduce((n, p) => n + p.engine.size, 0);
  }

  /** Where a paper shown by this engine comes from (the first part holding it). */
  sourceOf(idOrUrl: string): PaperSource | undefined {
    return this.parts.find((p) => p.engine.get(idOrUrl))?.source;
  }

  search(query: string, options: SearchOptions = {}): SearchResult {
    const limit = options.limit ?? 10;
    const offset = options.offset ?? 0;
    // Each part's own top (offset + limit) holds every hit the merged page can show.
    const wanted = Math.min(1000, offset + limit);
    const byId = new Map<string, SearchHit>();
    let total = 0;
    let duplicates = 0;
    let didYouMean: string[] = [];
    for (const part of this.parts) {
      const r = part.engine.search(query, { ...options, offset: 0, limit: wanted });
      total += r.total;
      if (didYouMean.length === 0) didYouMean = r.didYouMean;
      for (const hit of r.hits) {
        const seen = byId.get(hit.paper.arxivId);
        if (seen) {
          duplicates++;
          seen.score = Math.max(seen.score, hit.score);
          continue;
        }
        byId.set(hit.paper.arxivId, { ...hit, source: part.source });
      }
    }
    const hits = [...byId.values()].sort((a, b) => b.score - a.score || (a.paper.arxivId < b.paper.arxivId ? -1 : 1));
    // Duplicates beyond the merged window cannot be seen without fetching everything: the total counts only those found.
    return { query, hits: hits.slice(offset, offset + limit), total: Math.max(0, total - duplicates), didYouMean: hits.length ? [] : didYouMean };
  }

  suggest(input: string, options: SuggestOptions = {}): Suggestion[] {
    const limit = Math.min(25, options.limit ?? 25);
    const lists = this.parts.map((p) => p.engine.suggest(input, { ...options, limit }));
    // Interleaved, so every part shows its best suggestions whatever the others hold.
    const out: Suggestion[] = [];
    const seen = new Set<string>();
    for (let i = 0; out.length < limit && lists.some((l) => i < l.length); i++) {
      for (const list of lists) {
        const s = list[i];
        if (!s || seen.has(s.value) || out.length >= limit) continue;
        seen.add(s.value);
        out.push(s);
      }
    }
    return out;
  }

  random(options: RandomOptions = {}): Paper | null {
    const rnd = options.random ?? Math.random;
    // A part is chosen in proportion to its size (uniform over the union when nothing filters), then the others in turn.
    const order = [...this.parts];
    const sizes = order.map((p) => p.engine.size);
    const sum = sizes.reduce((a, b) => a + b, 0);
    if (sum > 0) {
      let x = rnd() * sum;
      const first = sizes.findIndex((s) => (x -= s) < 0);
      if (first > 0) order.unshift(...order.splice(first, 1));
    }
    const exclude = [...(options.exclude ?? [])];
    for (const part of order) {
      const paper = part.engine.random({ ...options, exclude });
      if (paper) return paper;
    }
    return null;
  }

  similar(idOrUrl: string, limit = 5): SearchHit[] {
    const part = this.parts.find((p) => p.engine.get(idOrUrl));
    return part ? part.engine.similar(idOrUrl, limit).map((h) => ({ ...h, source: part.source })) : [];
  }

  get(idOrUrl: string): Paper | undefined {
    for (const part of this.parts) {
      const paper = part.engine.get(idOrUrl);
      if (paper) return paper;
    }
    return undefined;
  }

  upsert(): void {
    throw new Error('a scoped engine is read-only: add papers to the index they belong to');
  }

  recent(limit = 10): Paper[] {
    const all = this.parts.flatMap((p) => p.engine.recent(limit));
    const seen = new Set<string>();
    return all
      .sort((a, b) => (newer(a, b) ? -1 : newer(b, a) ? 1 : 0))
      .filter((p) => !seen.has(p.arxivId) && seen.add(p.arxivId))
      .slice(0, limit);
  }
}

/** A scoped engine: a read-only view that searches the parts together, the first part winning duplicates. */
export type ScopedSearchEngine = SearchEngine & { sourceOf(idOrUrl: string): PaperSource | undefined };

/** Builds a read-only engine over `parts`, in order of precedence. */
export function scopedEngine(parts: readonly ScopePart[]): ScopedSearchEngine {
  return new ScopedEngine(parts);
}
