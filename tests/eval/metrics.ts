/**
 * Ranking quality of the search engine on the judged queries: MRR@10, recall@5 and hit@1, overall and per
 * kind of query. `npm run eval` prints these numbers and the eval test holds them above floors, so both read
 * them from here.
 */
import { readFileSync } from 'node:fs';
import * as z from '../../src/validation/zod.js';
import type { SearchEngine } from '../../src/search/types.js';

export const QUERY_KINDS = ['topic', 'keyword', 'typo', 'prefix', 'author', 'acronym', 'venue', 'question'] as const;
export type QueryKind = (typeof QUERY_KINDS)[number];

const judgedFileSchema = z.object({
  description: z.optional(z.string()),
  queries: z
    .array(
      z.object({
        kind: z.enum(QUERY_KINDS),
        query: z.string().check(z.minLength(1)),
        relevant: z.array(z.string().check(z.regex(/^\d{4}\.\d{4,5}$/))).check(z.minLength(1)),
      }),
    )
    .check(z.minLength(1)),
});

/** One judged query: the arXiv ids a reader expects at the top. */
export type JudgedQuery = z.infer<typeof judgedFileSchema>['queries'][number];

/** Loads and validates the judged queries file. */
export function loadJudgedQueries(file: string): JudgedQuery[] {
  return judgedFileSchema.parse(JSON.parse(readFileSync(file, 'utf8'))).queries;
}

/** The three scores, averaged over some queries. */
export interface Scores {
  count: number;
  mrr10: number;
  recall5: number;
  hit1: number;
}

/** One query's outcome. */
export interface QueryOutcome extends Scores {
  judged: JudgedQuery;
  /** The top ten ids returned. */
  ranked: string[];
}

/** Reciprocal rank of the first relevant id within the top 10 (0 when none is there). */
export function reciprocalRank(ranked: readonly string[], relevant: ReadonlySet<string>, cutoff = 10): number {
  const at = ranked.slice(0, cutoff).findIndex((id) => relevant.has(id));
  return at < 0 ? 0 : 1 / (at + 1);
}

/** Share of the relevant ids found in the top `k`. */
export function recallAt(ranked: readonly string[], relevant: ReadonlySet<string>, k = 5): number {
  if (relevant.size === 0) return 0;
  return ranked.slice(0, k).filter((id) => relevant.has(id)).length / relevant.size;
}

/** Averages the scores of several outcomes. */
export function average(outcomes: readonly Scores[]): Scores {
  const n = outcomes.length;
  if (n === 0) return { count: 0, mrr10: 0, recall5: 0, hit1: 0 };
  const sum = (f: (s: Scores) => number) => outcomes.reduce((acc, o) => acc + f(o), 0) / n;
  return { count: n, mrr10: sum((o) => o.mrr10), recall5: sum((o) => o.recall5), hit1: sum((o) => o.hit1) };
}

/** The outcome of every query, plus averages overall and per kind. */
export interface EvalReport {
  outcomes: QueryOutcome[];
  overall: Scores;
  byKind: Map<QueryKind, Scores>;
}

/** Runs every judged query against the engine and scores the rankings. */
export function evaluate(engine: SearchEngine, queries: readonly JudgedQuery[]): EvalReport {
  const outcomes = queries.map((judged): QueryOutcome => {
    const ranked = engine.search(judged.query, { limit: 10 }).hits.map((h) => h.paper.arxivId);
    const relevant = new Set(judged.relevant);
    const rr = reciprocalRank(ranked, relevant);
    return { judged, ranked, count: 1, mrr10: rr, recall5: recallAt(ranked, relevant, 5), hit1: rr === 1 ? 1 : 0 };
  });
  const byKind = new Map<QueryKind, Scores>();
  for (const kind of QUERY_KINDS) {
    const ofKind = outcomes.filter((o) => o.judged.kind === kind);
    if (ofKind.length > 0) byKind.set(kind, average(ofKind));
  }
  return { outcomes, overall: average(outcomes), byKind };
}

/** The report as a plain-text table, one row per kind and one overall. */
export function formatReport(report: EvalReport): string {
  const row = (name: string, s: Scores) =>
    `${name.padEnd(10)} ${String(s.count).padStart(3)}  ${s.mrr10.toFixed(3).padStart(6)}  ${s.recall5.toFixed(3).padStart(8)}  ${s.hit1.toFixed(3).padStart(6)}`;
  const lines = [`${'kind'.padEnd(10)} ${'n'.padStart(3)}  ${'MRR@10'.padStart(6)}  ${'recall@5'.padStart(8)}  ${'hit@1'.padStart(6)}`];
  for (const [kind, scores] of report.byKind) lines.push(row(kind, scores));
  lines.push(row('overall', report.overall));
  return lines.join('\n');
}

/** The queries that missed something: not first, or relevant papers outside the top five. */
export function formatMisses(report: EvalReport): string {
  return report.outcomes
    .filter((o) => o.hit1 < 1 || o.recall5 < 1)
    .map((o) => `  [${o.judged.kind}] "${o.judged.query}": expected ${o.judged.relevant.join(', ')}; got ${o.ranked.slice(0, 5).join(', ') || '(nothing)'}`)
    .join('\n');
}
