/**
 * Reading /paper options into the shapes the search engine takes. Discord enforces types and ranges, but a
 * handler called from a test or an older client may get anything, so every value is checked again here.
 */
import { MAX_AUTHOR_LENGTH, MAX_QUERY_LENGTH } from '../../../commands/paper.js';
import type { QueryState } from '../../cards/custom-id.js';
import type { Paper } from '../../corpus/schema.js';
import { normalizeArxivId } from '../../corpus/ids.js';
import type { SearchEngine } from '../../search/types.js';
import type { OptionValues } from '../types.js';

/** A string option, whitespace folded, cut to `max`; undefined when empty. */
export function stringOption(options: OptionValues, name: string, max: number): string | undefined {
  const v = options[name];
  if (typeof v !== 'string') return undefined;
  const s = v.replace(/\s+/g, ' ').trim().slice(0, max).trim();
  return s || undefined;
}

/** An integer option within [min, max]; undefined when absent or out of range. */
export function integerOption(options: OptionValues, name: string, min: number, max: number): number | undefined {
  const v = options[name];
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : NaN;
  return Number.isInteger(n) && n >= min && n <= max ? n : undefined;
}

/** The query and filters of `/paper search` or `/paper random`. A reversed year range is put right. */
export function readQuery(options: OptionValues, textOption: 'query' | 'topic'): QueryState {
  const q: QueryState = { text: stringOption(options, textOption, MAX_QUERY_LENGTH) ?? '' };
  const author = stringOption(options, 'author', MAX_AUTHOR_LENGTH);
  let fromYear = integerOption(options, 'from_year', 1900, 2200);
  let toYear = integerOption(options, 'to_year', 1900, 2200);
  if (fromYear !== undefined && toYear !== undefined && fromYear > toYear) [fromYear, toYear] = [toYear, fromYear];
  const category = stringOption(options, 'category', 20);
  if (author) q.author = author;
  if (fromYear !== undefined) q.fromYear = fromYear;
  if (toYear !== undefined) q.toYear = toYear;
  if (category) q.category = category;
  const scope = options.scope;
  if (scope === 'reading-list' || scope === 'all') q.scope = scope;
  return q;
}

/** The engine's filters of a query state. */
export function filtersOf(q: QueryState): { author?: string; fromYear?: number; toYear?: number; category?: string } {
  const { text: _text, scope: _scope, ...filters } = q;
  return filters;
}

/** The outcome of resolving a `paper:` option. */
export type PaperLookup = { found: Paper } | { unknownId: string } | { noMatch: string };

/**
 * Resolves a `paper:` option: an arXiv id or URL (what autocomplete fills in), else the best title match
 * for the words typed.
 */
export function resolvePaper(engine: SearchEngine, raw: string | undefined): PaperLookup {
  const text = (raw ?? '').trim();
  const id = normalizeArxivId(text);
  if (id) {
    const paper = engine.get(id);
    return paper ? { found: paper } : { unknownId: id };
  }
  const hit = text ? engine.search(text, { limit: 1 }).hits[0] : undefined;
  return hit ? { found: hit.paper } : { noMatch: text };
}
