/**
 * Random picks for the reading group: a paper drawn uniformly from those matching the filters and not
 * excluded, and, with a topic, from the papers really about it.
 */
import { normalizeArxivId } from '../corpus/ids.js';
import type { Paper } from '../corpus/schema.js';
import type { EngineParts } from './engine-parts.js';
import { planQuery } from './query-plan.js';
import type { RandomOptions } from './types.js';

/** A random pick on a topic comes from papers scoring at least this share of the best match. */
const RANDOM_TOPIC_RELEVANCE = 0.3;

/** A random visible paper matching the options and not excluded, or null when none is left. */
export function randomPick(parts: EngineParts, options: RandomOptions = {}): Paper | null {
  const { index } = parts;
  const excluded = new Set<string>();
  for (const id of options.exclude ?? []) {
    const bare = normalizeArxivId(String(id));
    if (bare) excluded.add(bare);
  }
  const filter = parts.compile(options);
  const ok = (short: number, paper: Paper) => !excluded.has(paper.arxivId) && (!filter || filter(short, paper));
  let pool: Paper[] = [];
  const plan = options.topic?.trim() ? planQuery(options.topic, parts.planner, { prefixLast: false }) : null;
  if (plan && plan.concepts.length > 0) {
    const full: { paper: Paper; score: number }[] = [];
    const partial: { paper: Paper; score: number }[] = [];
    index.score(plan.terms, parts.boosts, (short, score, mask) => {
      const paper = index.paperAt(short)!;
      if (filter && !filter(short, paper)) return;
      ((mask & plan.fullMask) === plan.fullMask ? full : partial).push({ paper, score });
    });
    // Draw from the papers about every word of the topic when there are any, and among those from the
    // ones really about it: a passing mention in an abstract does not make a reading-group pick, even
    // once the group has read every paper that is about it.
    const matches = full.length > 0 ? full : partial;
    const best = matches.reduce((m, x) => Math.max(m, x.score), 0);
    pool = matches.filter((x) => x.score >= RANDOM_TOPIC_RELEVANCE * best && !excluded.has(x.paper.arxivId)).map((x) => x.paper);
  } else {
    for (const [short, paper] of index.entries()) if (ok(short, paper)) pool.push(paper);
  }
  if (pool.length === 0) return null;
  // A fixed order, so that an injected random source picks the same paper every time.
  pool.sort((a, b) => (a.arxivId < b.arxivId ? -1 : a.arxivId > b.arxivId ? 1 : 0));
  const r = (options.random ?? Math.random)();
  const at = Number.isFinite(r) ? Math.min(pool.length - 1, Math.max(0, Math.floor(r * pool.length))) : 0;
  return pool[at]!;
}
