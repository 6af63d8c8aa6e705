/**
 * `/paper search`: a pasted id or link finds that paper; any other query is planned, ranked and paged, and
 * a query that found nothing gets did-you-mean respellings.
 */
import { didYouMean } from './did-you-mean.js';
import { looksLikeId, MAX_LIMIT, type EngineParts } from './engine-parts.js';
import { planQuery } from './query-plan.js';
import { rankPlan } from './rank.js';
import type { SearchOptions, SearchResult } from './types.js';

/** One page of ranked results for a query, with the total count; an empty or stop-word-only query finds nothing. */
export function rankedSearch(parts: EngineParts, query: string, options: SearchOptions = {}): SearchResult {
  const limit = Math.max(0, Math.min(MAX_LIMIT, Math.floor(options.limit ?? 10)));
  const offset = Math.max(0, Math.floor(options.offset ?? 0));
  const empty: SearchResult = { query, hits: [], total: 0, didYouMean: [] };
  const trimmed = query.trim();
  if (!trimmed) return empty;
  const filter = parts.compile(options);

  // A pasted id or link is a request for that paper.
  if (looksLikeId(trimmed) && !/\s/.test(trimmed)) {
    const paper = parts.corpus.get(trimmed);
    if (paper) {
      const short = parts.index.shortIdOf(paper.arxivId) ?? -1;
      if (filter && !filter(short, paper)) return empty;
      return { query, hits: offset === 0 && limit > 0 ? [{ paper, score: 1, matchedTerms: [] }] : [], total: 1, didYouMean: [] };
    }
  }

  const plan = planQuery(query.trimStart(), parts.planner);
  if (plan.concepts.length === 0) return empty;
  const ranked = rankPlan(parts, plan, offset + limit, filter);
  const hits = ranked.slice(offset);
  return { query, hits, total: ranked.total, didYouMean: ranked.total === 0 ? didYouMean(plan, parts.vocabulary) : [] };
}
