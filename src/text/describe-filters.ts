/**
 * Search filters in words, the same in a Discord header and on the terminal: "by Kakade, 2021–2022, in
 * cs.LG, at NeurIPS". Values a user typed pass through `quote`, which the Discord side uses to escape them.
 */
import type { PaperFilters } from '../search/types.js';

/**
 * The filters in words; empty when there are none.
 *
 * @param quote - how a typed value (author, category, venue) is shown, given a length budget
 */
export function describeFilters(filters: PaperFilters, quote: (value: string, max: number) => string = (v) => v): string {
  const parts: string[] = [];
  if (filters.author) parts.push(`by ${quote(filters.author, 100)}`);
  const { fromYear: from, toYear: to } = filters;
  if (from !== undefined && to !== undefined) parts.push(from === to ? `in ${from}` : `${from}–${to}`);
  else if (from !== undefined) parts.push(`${from} or later`);
  else if (to !== undefined) parts.push(`up to ${to}`);
  if (filters.category) parts.push(`in ${quote(filters.category, 40)}`);
  if (filters.venue) parts.push(`at ${quote(filters.venue, 100)}`);
  return parts.join(', ');
}
