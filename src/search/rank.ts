/**
 * Ranking a query plan: BM25 over the plan's weighted terms, scaled by how many of the query's concepts a
 * paper covers, filtered, and cut to the best `count` with their matched words.
 */
import { popcount } from './bits.js';
import type { EngineParts } from './engine-parts.js';
import type { FilterPredicate } from './filters.js';
import type { QueryPlan } from './query-plan.js';
import { TopK } from './top-k.js';
import type { SearchHit } from './types.js';

/**
 * Rewards papers that cover more of the query's concepts: a paper matching "weak", "strong" and
 * "generalization" beats one that repeats "generalization" often.
 */
export function coverageFactor(covered: number, total: number): number {
  if (total <= 1) return 1;
  const c = covered / total;
  return c * c;
}

/** How {@link rankPlan} ranks. */
export interface RankOptions {
  /** Only papers matching every concept of the plan (autocomplete's full-index fallback). */
  requireAll?: boolean;
  /** Work out each hit's matched words (default true; autocomplete does not show them). */
  withTerms?: boolean;
}

/** The best `count` papers for a plan that pass `filter`, best first, and how many matched in all. */
export function rankPlan(
  parts: EngineParts,
  plan: QueryPlan,
  count: number,
  filter: FilterPredicate,
  options: RankOptions = {},
): SearchHit[] & { total: number } {
  const { requireAll = false, withTerms = true } = options;
  const { index, matched } = parts;
  const top = new TopK(count);
  let total = 0;
  const n = plan.concepts.length;
  index.score(plan.terms, parts.boosts, (short, score, mask) => {
    if (requireAll && (mask & plan.fullMask) !== plan.fullMask) return;
    const paper = index.paperAt(short)!;
    if (filter && !filter(short, paper)) return;
    total++;
    top.push(score * coverageFactor(popcount(mask & plan.fullMask), n), short, paper, mask);
  });
  const contains = matched.membership(plan.terms);
  const hits = top
    .sorted()
    .map(({ score, short, paper, mask }) => ({ paper, score, matchedTerms: withTerms ? matched.of(short, paper, plan.terms, contains, mask) : [] }));
  return Object.assign(hits, { total });
}
