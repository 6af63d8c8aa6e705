/**
 * Snippets for result cards: the search engine's `highlight()` picks the passage and marks the matched words;
 * this adapter marks them with control characters first, escapes the text, and only then turns the marks
 * into Discord bold, so markdown in an abstract can never mix with the bold markers.
 */
import { escapeMarkdown, truncate } from './text.js';

const OPEN = '\u0001';
const CLOSE = '\u0002';

// TEMPORARY until src/search/snippet.ts lands: a window around the first matched term.
function highlight(text: string, terms: string[], options: { maxLength: number; mark: (w: string) => string }): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const lower = flat.toLowerCase();
  const first = Math.min(...terms.map((t) => lower.indexOf(t.toLowerCase())).filter((i) => i >= 0), flat.length);
  const start = first >= flat.length || first < options.maxLength / 3 ? 0 : flat.lastIndexOf(' ', first - options.maxLength / 3) + 1;
  let window = flat.slice(start, start + options.maxLength);
  if (terms.length > 0) {
    const re = new RegExp(`\\b(${terms.map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})\\w*`, 'gi');
    window = window.replace(re, (w) => options.mark(w));
  }
  return (start > 0 ? '…' : '') + window + (start + options.maxLength < flat.length ? '…' : '');
}

/**
 * A snippet of `text` around the matched `terms`, escaped for Discord, matched words in bold, at most `max`
 * characters.
 */
export function highlightedSnippet(text: string, terms: readonly string[], max: number): string {
  // Escaping can lengthen the text; ask for a little less and cut again after.
  const marked = highlight(text, [...terms], { maxLength: Math.floor(max * 0.85), mark: (w) => `${OPEN}${w}${CLOSE}` });
  const escaped = escapeMarkdown(marked).replace(/\u0001/g, '**').replace(/\u0002/g, '**').replace(/\*\*\*\*/g, '');
  return truncate(escaped, max);
}
