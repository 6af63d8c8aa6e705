/**
 * The engine a `scope` stands for: the lab's index (no scope), a server's reading list, or everything (lab,
 * reading list, the field index of digest papers). Where a part is missing or not ready the others still
 * answer, and the note says what was left out, so "nothing found" is never a silent half-search.
 */
import type { QueryState } from '../../cards/custom-id.js';
import { scopedEngine, type ScopePart } from '../../search/scoped-engine.js';
import type { PaperSource, SearchEngine } from '../../search/types.js';
import type { HandlerContext } from '../types.js';

/** The engine for a query's scope in a server, and a note on any part left out. */
export interface ScopedSearch {
  engine: SearchEngine;
  note?: string;
  /** Which part of the scope holds a paper (undefined without a scope: the lab's papers need no label). */
  sourceOf(arxivId: string): PaperSource | undefined;
}

/** Resolves a query's scope to an engine; see the module comment. */
export function engineForScope(ctx: HandlerContext, q: Pick<QueryState, 'scope'>, guildId: string | null): ScopedSearch {
  if (!q.scope) return { engine: ctx.engine, sourceOf: () => undefined };
  const notes: string[] = [];
  const parts: ScopePart[] = [];
  if (q.scope === 'all') parts.push({ source: 'lab', engine: ctx.engine });
  if (ctx.readingList && guildId) parts.push({ source: 'reading-list', engine: ctx.readingList.engine(guildId) });
  else notes.push(guildId ? 'The reading list is not available in this bot.' : 'The reading list belongs to a server; run this in one.');
  if (q.scope === 'all') {
    const field = ctx.fieldIndex?.engine();
    if (field) parts.push({ source: 'field', engine: field });
    else if (ctx.fieldIndex) {
      const { state, progress } = ctx.fieldIndex.status();
      const pct = progress && progress.total > 0 ? ` (${Math.floor((100 * progress.done) / progress.total)}%)` : '';
      notes.push(
        state === 'building'
          ? `The index of digest papers is still being built${pct}: digest papers are not searched yet.`
          : 'The index of digest papers is unavailable: digest papers are not searched.',
      );
    }
  }
  const engine = scopedEngine(parts);
  return { engine, sourceOf: (id) => engine.sourceOf(id), ...(notes.length ? { note: `*${notes.join(' ')}*` } : {}) };
}
