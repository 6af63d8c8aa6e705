/**
 * Snippets for result cards: the part of a text with the most matched words, cut at word boundaries, with
 * every matched word wrapped by the caller's marker (bold in Discord, a colour in the terminal).
 */
import { fold } from './text.js';

/** Options for {@link highlight}. */
export interface HighlightOptions {
  /** Maximum length of the returned string, markers, escapes and "…" included. */
  maxLength: number;
  /** Wraps one matched word (already escaped), e.g. `w => "**" + w + "**"`. */
  mark: (word: string) => string;
  /** Escapes plain text and each word before marking (e.g. Discord markdown); identity by default. */
  escape?: (text: string) => string;
}

interface Span {
  start: number;
  end: number;
  /** Sub-spans to mark: the whole word, or the matching parts of a hyphenated word. */
  marks: { start: number; end: number }[];
}

const WORD = /[\p{L}\p{N}]+(?:[-‐‑'’][\p{L}\p{N}]+)*/gu;
const ELLIPSIS = '…';
const COMPOUND = /[-‐‑'’]/;

function findSpans(text: string, terms: ReadonlySet<string>): Span[] {
  const spans: Span[] = [];
  for (const m of text.matchAll(WORD)) {
    const start = m.index;
    const word = m[0];
    const end = start + word.length;
    const folded = fold(word);
    const possessiveFree = folded.replace(/['’]s$/, '');
    if (terms.has(folded) || terms.has(possessiveFree) || terms.has(possessiveFree.replace(/[-‐‑'’]/g, ''))) {
      const markEnd = possessiveFree.length < folded.length ? end - 2 : end;
      spans.push({ start, end, marks: [{ start, end: markEnd }] });
      continue;
    }
    const marks: { start: number; end: number }[] = [];
    // Only a compound ("self-supervised", "model's") has parts that could match on their own.
    if (!COMPOUND.test(word)) {
      spans.push({ start, end, marks });
      continue;
    }
    for (const part of word.matchAll(/[\p{L}\p{N}]+/gu)) {
      if (terms.has(fold(part[0]))) marks.push({ start: start + part.index, end: start + part.index + part[0].length });
    }
    spans.push({ start, end, marks });
  }
  return spans;
}

function render(text: string, from: number, to: number, spans: Span[], opts: HighlightOptions): string {
  const escape = opts.escape ?? ((s: string) => s);
  let out = from > 0 ? ELLIPSIS : '';
  let cursor = from;
  for (const span of spans) {
    if (span.end <= from || span.start >= to) continue;
    for (const mark of span.marks) {
      if (mark.start < from || mark.end > to) continue;
      out += escape(text.slice(cursor, mark.start)) + opts.mark(escape(text.slice(mark.start, mark.end)));
      cursor = mark.end;
    }
  }
  out += escape(text.slice(cursor, to));
  if (to < text.length) out += ELLIPSIS;
  return out;
}

/**
 * Picks the window of `text` with the most matched words, cuts it at word boundaries with "…" and wraps
 * each matched word with `mark`. Matching is case- and accent-insensitive; a hyphenated word is marked whole
 * when the whole matches ("weak-to-strong") and part by part otherwise.
 *
 * @param terms - the words to mark, e.g. a search hit's `matchedTerms`
 * @returns at most `maxLength` characters
 */
export function highlight(text: string, terms: readonly string[], opts: HighlightOptions): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (opts.maxLength <= 0 || !clean) return '';
  const wanted = new Set(terms.map((t) => fold(t.trim())).filter(Boolean));
  const spans = findSpans(clean, wanted);
  const hits = spans.filter((s) => s.marks.length > 0);
  let budget = opts.maxLength;
  // Markers and escapes lengthen the output; shrink the window until the rendering fits.
  for (let attempt = 0; attempt < 20 && budget > 0; attempt++) {
    const [from, to] = chooseWindow(clean, spans, hits, budget);
    const out = render(clean, from, to, spans, opts);
    if (out.length <= opts.maxLength) return out;
    budget -= Math.max(1, out.length - opts.maxLength);
  }
  return clean.length <= opts.maxLength && !hits.length ? clean : clean.slice(0, Math.max(0, opts.maxLength - 1)) + ELLIPSIS;
}

/** The [from, to) window of at most `budget` characters (ellipses included) holding the most matched words. */
function chooseWindow(text: string, spans: Span[], hits: Span[], budget: number): [number, number] {
  if (text.length <= budget) return [0, text.length];
  const room = budget - 2 * ELLIPSIS.length;
  if (room <= 0) return [0, 0];
  let bestStart = 0;
  let bestCount = 0;
  for (let i = 0, j = 0; i < hits.length; i++) {
    if (j < i) j = i;
    while (j + 1 < hits.length && hits[j + 1]!.end - hits[i]!.start <= room) j++;
    const count = hits[i]!.end - hits[i]!.start <= room ? j - i + 1 : 0;
    if (count > bestCount) {
      bestCount = count;
      bestStart = i;
    }
  }
  let from = 0;
  if (bestCount > 0) {
    const first = hits[bestStart]!;
    const last = hits[bestStart + bestCount - 1]!;
    // Some context before the first match, starting at a word.
    const slack = room - (last.end - first.start);
    const target = Math.max(0, first.start - Math.floor(slack / 3));
    const startSpan = spans.find((s) => s.start >= target && s.start <= first.start);
    from = target === 0 ? 0 : (startSpan?.start ?? first.start);
  }
  let to = Math.min(text.length, from + room);
  if (to < text.length) {
    // End at the end of the last whole word inside the window.
    let cut = from;
    for (const s of spans) {
      if (s.start < from) continue;
      if (s.end > to) break;
      cut = s.end;
    }
    to = cut > from ? cut : to;
  }
  return [from, to];
}
