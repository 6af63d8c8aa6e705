/**
 * Snippets for result cards: the part of a text with the most matched words, cut at word boundaries, with
 * every matched word wrapped by the caller's marker (bold in Discord, a colour in the terminal).
 */
import { fold } from './analyzer.js';

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

/** One word of a prepared text: where it is and the folded forms a term may match. */
interface PreparedWord extends Span {
  /** The folded word. */
  folded: string;
  /** Where the whole-word mark ends (before a possessive "'s"). */
  markEnd: number;
  /** A compound's parts, each of which may match on its own. */
  parts: { start: number; end: number; folded: string }[] | undefined;
}

/** A text cleaned and split into words once, so each snippet only looks matched terms up. */
interface PreparedText {
  clean: string;
  words: PreparedWord[];
  /** Folded form (a word, or a compound without its possessive or joiners) to the words it matches whole. */
  wholes: Map<string, number[]>;
  /** Folded part of a compound to the [word, part] positions it matches. */
  parts: Map<string, [number, number][]>;
}

const WORD = /[\p{L}\p{N}]+(?:[-‐‑'’][\p{L}\p{N}]+)*/gu;
const ELLIPSIS = '…';
const COMPOUND = /[-‐‑'’]/;
/** Words carry no marks of their own: matches get their own spans, so prepared words can be shared. */
const NO_MARKS: { start: number; end: number }[] = [];
/**
 * Prepared texts kept: result cards show the same abstracts again and again (pages, reruns, popular topics),
 * and splitting and folding an abstract costs more than everything else in a snippet.
 */
const PREPARED_CACHE_SIZE = 256;
const preparedCache = new Map<string, PreparedText>();

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function prepare(text: string): PreparedText {
  const cached = preparedCache.get(text);
  if (cached) return cached;
  const clean = text.replace(/\s+/g, ' ').trim();
  const words: PreparedWord[] = [];
  const wholes = new Map<string, number[]>();
  const parts = new Map<string, [number, number][]>();
  for (const m of clean.matchAll(WORD)) {
    const start = m.index;
    const word = m[0];
    const end = start + word.length;
    const folded = fold(word);
    const at = words.length;
    const prepared: PreparedWord = { start, end, marks: NO_MARKS, folded, markEnd: end, parts: undefined };
    words.push(prepared);
    pushTo(wholes, folded, at);
    // Only a compound ("self-supervised", "model's") has other forms and parts that could match on their own.
    if (!COMPOUND.test(word)) continue;
    const possessiveFree = folded.replace(/['’]s$/, '');
    const joined = possessiveFree.replace(/[-‐‑'’]/g, '');
    if (possessiveFree !== folded) pushTo(wholes, possessiveFree, at);
    if (joined !== folded && joined !== possessiveFree) pushTo(wholes, joined, at);
    if (possessiveFree.length < folded.length) prepared.markEnd = end - 2;
    prepared.parts = [];
    for (const part of word.matchAll(/[\p{L}\p{N}]+/gu)) {
      const k = prepared.parts.length;
      const partFolded = fold(part[0]);
      prepared.parts.push({ start: start + part.index, end: start + part.index + part[0].length, folded: partFolded });
      pushTo(parts, partFolded, [at, k]);
    }
  }
  const entry = { clean, words, wholes, parts };
  // Insertion order is the eviction order; a text never changes, so an entry never goes stale.
  if (preparedCache.size >= PREPARED_CACHE_SIZE) preparedCache.delete(preparedCache.keys().next().value!);
  preparedCache.set(text, entry);
  return entry;
}

/**
 * The words of a prepared text that have something to mark, in text order, each with its marks: the whole
 * word when one of its forms is a term, otherwise each compound part that is. A few look-ups per term
 * instead of a test per word.
 */
function findHits(text: PreparedText, terms: ReadonlySet<string>): Span[] {
  const whole = new Set<number>();
  let partsOf: Map<number, Set<number>> | undefined;
  for (const term of terms) {
    for (const at of text.wholes.get(term) ?? []) whole.add(at);
    for (const [at, k] of text.parts.get(term) ?? []) {
      partsOf ??= new Map();
      let set = partsOf.get(at);
      if (!set) partsOf.set(at, (set = new Set()));
      set.add(k);
    }
  }
  const positions = partsOf ? [...new Set([...whole, ...partsOf.keys()])] : [...whole];
  positions.sort((a, b) => a - b);
  const hits: Span[] = [];
  for (const at of positions) {
    const w = text.words[at]!;
    if (whole.has(at)) {
      hits.push({ start: w.start, end: w.end, marks: [{ start: w.start, end: w.markEnd }] });
      continue;
    }
    const matched = partsOf!.get(at)!;
    const marks: { start: number; end: number }[] = [];
    w.parts!.forEach((part, k) => {
      if (matched.has(k)) marks.push({ start: part.start, end: part.end });
    });
    hits.push({ start: w.start, end: w.end, marks });
  }
  return hits;
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
  if (opts.maxLength <= 0) return '';
  const prepared = prepare(text);
  const { clean, words: spans } = prepared;
  if (!clean) return '';
  const wanted = new Set(terms.map((t) => fold(t.trim())).filter(Boolean));
  const hits = findHits(prepared, wanted);
  let budget = opts.maxLength;
  // Markers and escapes lengthen the output; shrink the window until the rendering fits.
  for (let attempt = 0; attempt < 20 && budget > 0; attempt++) {
    const [from, to] = chooseWindow(clean, spans, hits, budget);
    // Words without marks add nothing to the rendering: walking the hits alone gives the same text.
    const out = render(clean, from, to, hits, opts);
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
    const startSpan = spans[firstStartingAtOrAfter(spans, target)];
    from = target === 0 ? 0 : startSpan && startSpan.start <= first.start ? startSpan.start : first.start;
  }
  let to = Math.min(text.length, from + room);
  if (to < text.length) {
    // End at the end of the last whole word inside the window.
    const at = lastEndingAtOrBefore(spans, to);
    const lastInside = at >= 0 ? spans[at] : undefined;
    const cut = lastInside && lastInside.start >= from ? lastInside.end : from;
    to = cut > from ? cut : to;
  }
  return [from, to];
}

// Words are sorted and do not overlap, so starts and ends both increase: the window's edges are binary
// searches rather than walks over every word of the abstract, which the shrinking loop repeats.

/** Index of the first span starting at or after `at` (`spans.length` when none). */
function firstStartingAtOrAfter(spans: readonly Span[], at: number): number {
  let lo = 0;
  let hi = spans.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (spans[mid]!.start < at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the last span ending at or before `at` (-1 when none). */
function lastEndingAtOrBefore(spans: readonly Span[], at: number): number {
  let lo = 0;
  let hi = spans.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (spans[mid]!.end <= at) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}
