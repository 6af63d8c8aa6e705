/**
 * Which papers a statistics request covers: the visible papers (the lab's, namesakes' only when the corpus
 * shows them) in a year range and, optionally, with an author. The author rule is the search filter's: one
 * author must carry every part of the name given, exactly, as a prefix ("andr") or with a typo, accents and
 * case ignored; so `/paper stats author:kakade` counts the same papers as `/paper search … author:kakade`.
 */
import { paperYear, type Paper } from '../corpus/schema.js';
import { fold } from '../search/analyzer.js';

/** The filters of `/paper stats` and `paperbot stats`; all optional, combined with AND. */
export interface StatsFilters {
  fromYear?: number;
  toYear?: number;
  author?: string;
}

/** Typos forgiven in a name part, as the search filter forgives them (see `typoBudget` in src/search/vocabulary.ts). */
const typoBudget = (word: string) => (word.length < 4 ? 0 : word.length < 8 ? 1 : 2);

const nameParts = (name: string) =>
  fold(name)
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);

function withinEdits(a: string, b: string, max: number): boolean {
  if (Math.abs(a.length - b.length) > max) return false;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row.push(Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)));
    prev = row;
  }
  return prev[b.length]! <= max;
}

/**
 * A predicate over author names for a filter such as "Jason Lee": true when the name holds every part.
 * Returns null for a filter with no letters or digits, which matches no one.
 */
export function authorMatcher(filter: string): ((name: string) => boolean) | null {
  const wanted = [...new Set(nameParts(filter))];
  if (wanted.length === 0) return null;
  return (name) => {
    const parts = nameParts(name);
    return wanted.every((w) => parts.some((p) => p === w || (w.length >= 3 && p.startsWith(w)) || withinEdits(p, w, typoBudget(w))));
  };
}

/** The papers that match the filters, in the order given. */
export function selectPapers(papers: readonly Paper[], filters: StatsFilters): Paper[] {
  const from = filters.fromYear ?? -Infinity;
  const to = filters.toYear ?? Infinity;
  const author = filters.author?.trim() ? authorMatcher(filters.author) : undefined;
  if (author === null) return [];
  return papers.filter((p) => {
    const y = paperYear(p);
    return y >= from && y <= to && (!author || p.authors.some(author));
  });
}
