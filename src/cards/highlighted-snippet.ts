/**
 * Snippets for result cards: the search engine's `highlight()` picks the passage with the most matched
 * words; here it escapes Discord markdown in the text and wraps each matched word in bold, so markdown in an
 * abstract can never mix with the bold markers.
 */
import { highlight } from '../search/snippet.js';
import { escapeMarkdown, truncate } from './markdown.js';

/**
 * A snippet of `text` around the matched `terms`, escaped for Discord, matched words in bold, at most `max`
 * characters.
 */
export function highlightedSnippet(text: string, terms: readonly string[], max: number): string {
  const snippet = highlight(text, terms, { maxLength: max, mark: (w) => `**${w}**`, escape: escapeMarkdown });
  // highlight() already keeps maxLength; the cut is a guard that keeps the card builder's promise regardless.
  return truncate(snippet.replace(/\*\*\*\*/g, ''), max);
}
