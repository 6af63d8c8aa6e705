/**
 * Text helpers for everything the bot shows on Discord: markdown escaping, mention neutralising and
 * truncation at a word boundary. Paper titles and abstracts are data, not markup: "$O(\sqrt{T})$" or a title
 * with underscores must show as written, and a query such as "@everyone" or "<@&123>" must show as text.
 */
import { truncate } from '../text/fit.js';

export { ELLIPSIS, truncate } from '../text/fit.js';

const ZERO_WIDTH_SPACE = '\u200b';

/**
 * Breaks `@everyone`, `@here` and `<@…>`/`<#…>`/`<t:…>` syntax so that it shows literally. This is the
 * display half of the no-ping rule; the other half is `allowed_mentions: { parse: [] }` on every message.
 */
export function neutralizeMentions(text: string): string {
  return text.replace(/@(everyone|here)/gi, `@${ZERO_WIDTH_SPACE}$1`).replace(/<(?=[@#:]|t:|a:)/g, '<' + ZERO_WIDTH_SPACE);
}

/**
 * Escapes Discord markdown so that text shows exactly as written, and neutralises mentions.
 * A backslash before any ASCII punctuation is consumed by Discord's renderer, so escaping more than strictly
 * needed is harmless; escaping too little turns `a_b_c` into italics.
 */
export function escapeMarkdown(text: string): string {
  // Most text (snippet pieces, names, titles) has nothing to escape. Without a markdown character, "@" or a
  // line break, only the very start could begin a list item, so one test each settles it: a quarter of
  // the regular-expression work on the reply path of a search.
  if (!NEEDS_ESCAPE.test(text) && !LIST_START.test(text)) return text;
  // Each rule runs only where it can apply (abstracts with LaTeX come here for a backslash or an
  // underscore, and rarely have line breaks or an "@"): the multi-line rules try every position.
  let out = MARKDOWN_CHAR.test(text) ? text.replace(MARKDOWN_CHARS, '\\$&') : text;
  if (LINE_BREAK.test(text)) {
    out = out.replace(/^(\s*)([-+])(?=\s)/gm, '$1\\$2').replace(/^(\s*\d+)\.(?=\s)/gm, '$1\\.');
  } else {
    out = out.replace(/^(\s*)([-+])(?=\s)/, '$1\\$2').replace(/^(\s*\d+)\.(?=\s)/, '$1\\.');
  }
  return out.includes('@') ? out.replace(/@(everyone|here)/gi, `@${ZERO_WIDTH_SPACE}$1`) : out;
}

const MARKDOWN_CHAR = /[\\*_~`|[\]<>#]/;
const MARKDOWN_CHARS = /[\\*_~`|[\]<>#]/g;
/** Line terminators, after which the multi-line rules' "^" also matches. */
const LINE_BREAK = /[\n\r\u2028\u2029]/;

/** Any character {@link escapeMarkdown} may change, or a line break after which a list could start. */
const NEEDS_ESCAPE = /[\\*_~`|[\]<>#@\n\r\u2028\u2029]/;
/** A list item ("- ", "+ ", "1. ") at the start of the text: the line-start rules' only place without line breaks. */
const LIST_START = /^\s*(?:[-+]|\d+\.)(?=\s)/;

/** Whitespace that {@link oneLine} would change: other than a single inner space. */
const NOT_ONE_LINE = /[^\S ]|\s\s|^\s|\s$/;

/** Collapses runs of whitespace (newlines included) to single spaces: for titles, names and one-line labels. */
export function oneLine(text: string): string {
  // Titles and names are usually one line already; rebuilding them for every card adds up.
  if (!NOT_ONE_LINE.test(text)) return text;
  return text.replace(/\s+/g, ' ').trim();
}

/** A URL scheme as Discord's link detection sees one: `https://`, `http://`, `steam://`, `discord://`… */
const URL_SCHEME = /([a-z][a-z0-9+.-]*)(:\/\/)/gi;

/**
 * Keeps URLs in text a user typed from turning into links or previews when the bot echoes it publicly: a
 * zero-width space between the scheme and "://" leaves the text readable ("https", a zero-width space, "://evil.example") but no
 * longer a URL to Discord, which links and unfurls only full `scheme://` URLs.
 */
export function defuseLinks(text: string): string {
  return text.includes('://') ? text.replace(URL_SCHEME, `$1${ZERO_WIDTH_SPACE}$2`) : text;
}

/** Reverses {@link defuseLinks} (for state the bot wrote into a footer and reads back). */
export function restoreLinks(text: string): string {
  return text.includes(`${ZERO_WIDTH_SPACE}://`) ? text.replaceAll(`${ZERO_WIDTH_SPACE}://`, '://') : text;
}

/**
 * How user text (a query, a topic, an author filter, a select value) is echoed: on one line, links
 * defused, markdown escaped, cut to `max`.
 */
export function escapeEcho(text: string, max: number): string {
  return escapeAndFit(defuseLinks(oneLine(text)), max);
}

/** Escapes, then truncates: the usual path for a title, a name or an abstract. */
export function escapeAndFit(text: string, max: number): string {
  return truncate(escapeMarkdown(text), max);
}

/** Length as Discord counts it, conservatively (UTF-16 code units are never fewer than code points). */
export function textLength(text: string | undefined): number {
  return text?.length ?? 0;
}
