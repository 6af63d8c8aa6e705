/**
 * Fitting text into a limit, in one place for every output (Discord cards and choices, the terminal,
 * autocomplete values): cut at a word boundary when one is near, never split a surrogate pair, and keep
 * text that was escaped for markdown valid.
 */

/** The ellipsis appended to anything cut short. */
export const ELLIPSIS = '…';

/**
 * Shortens text to at most `max` characters, cutting at a word boundary when one is near and appending "…".
 * Never splits a surrogate pair or leaves a dangling escape backslash, so escaped text stays valid.
 *
 * @param text - the text to fit
 * @param max - the limit in UTF-16 code units (at least Discord's own count, which is in code points)
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 0) return '';
  if (max === 1) return ELLIPSIS;
  let cut = text.slice(0, max - ELLIPSIS.length);
  // Prefer a word boundary when it costs less than a fifth of the room.
  const space = cut.search(/\s\S*$/);
  if (space > 0 && space >= cut.length * 0.8) cut = cut.slice(0, space);
  // Do not split a surrogate pair.
  if (/[\ud800-\udbff]$/.test(cut)) cut = cut.slice(0, -1);
  // An odd number of trailing backslashes would escape the ellipsis or dangle; drop one.
  const slashes = /\\+$/.exec(cut)?.[0].length ?? 0;
  if (slashes % 2 === 1) cut = cut.slice(0, -1);
  cut = cut.replace(/[\s,;:]+$/, '');
  // Never leave an unclosed bold marker from a highlighted snippet.
  if ((cut.match(/(?<!\\)\*\*/g) ?? []).length % 2 === 1) cut = cut.replace(/\*\*(?!.*\*\*)/s, '');
  return cut + ELLIPSIS;
}

/**
 * Cuts text to at most `max` characters at a word boundary, without an ellipsis: for values (an
 * autocomplete value is typed back into a query, where "…" would become part of it).
 */
export function cutAtWord(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return (space > max / 2 ? cut.slice(0, space) : cut).trim();
}
