/**
 * Drawing a poll's candidates, as `/paper random` draws one paper: papers of the query's scope (the lab's by
 * default, the reading list, or all) matching the topic and filters, never one the group already picked, all
 * different.
 */
import type { QueryState } from '../../cards/custom-id.js';
import type { Paper } from '../../corpus/schema.js';
import type { HandlerContext } from '../types.js';
import { filtersOf } from '../paper/options.js';
import { engineForScope } from '../paper/scope.js';

/** Up to `count` distinct candidates for the server's reading group (fewer when fewer are left). */
export function drawCandidates(ctx: HandlerContext, guildId: string, count: number, q: QueryState): Paper[] {
  const exclude = new Set(ctx.picks.pickedIds(guildId));
  const { engine } = engineForScope(ctx, q, guildId);
  const out: Paper[] = [];
  while (out.length < count) {
    const paper = engine.random({ ...filtersOf(q), ...(q.text ? { topic: q.text } : {}), exclude });
    if (!paper) break;
    out.push(paper);
    exclude.add(paper.arxivId);
  }
  return out;
}
