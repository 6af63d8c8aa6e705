/**
 * Paper filters (year range, author, category, venue) compiled once per request into a predicate over the
 * index's short ids, so that checking tens of thousands of matching papers stays cheap.
 */
import { paperYear, type Paper } from '../corpus/schema.js';
import type { PaperFilters } from './types.js';
import type { InvertedIndex } from './inverted-index.js';
import { fold, tokenize } from './analyzer.js';
import { typoBudget } from './vocabulary.js';

/** A compiled filter: null means "everything passes". */
export type FilterPredicate = ((short: number, paper: Paper) => boolean) | null;

/** True when the filters restrict anything. */
export function hasFilters(filters: PaperFilters): boolean {
  return Boolean(
    (filters.author && filters.author.trim()) ||
    filters.fromYear !== undefined ||
    filters.toYear !== undefined ||
    (filters.category && filters.category.trim()) ||
    (filters.venue && filters.venue.trim()),
  );
}

function editDistanceAtMost(a: string, b: string, max: number): boolean {
  if (Math.abs(a.length - b.length) > max) return false;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      row.push(v);
      best = Math.min(best, v);
    }
    if (best > max) return false;
    prev = row;
  }
  return prev[b.length]! <= max;
}

/** True when one author's name contains every part of the filter: exactly, as a prefix ("andr"), or with a typo. */
function authorMatches(name: string, wanted: string[]): boolean {
  const parts = fold(name)
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
  return wanted.every((w) => parts.some((p) => p === w || (w.length >= 3 && p.startsWith(w)) || editDistanceAtMost(p, w, typoBudget(w))));
}

/**
 * Compiles filters into a predicate. The author filter first narrows candidates through the authors
 * field's postings, then checks that a single author carries every given name part ("Andrew Wilson" must
 * not match a paper by Andrew X and Y Wilson).
 */
export function compileFilters(filters: PaperFilters, index: InvertedIndex, variants: (word: string) => string[]): FilterPredicate {
  if (!hasFilters(filters)) return null;
  const checks: ((short: number, paper: Paper) => boolean)[] = [];
  if (filters.fromYear !== undefined || filters.toYear !== undefined) {
    const from = filters.fromYear ?? -Infinity;
    const to = filters.toYear ?? Infinity;
    checks.push((_, p) => {
      const y = paperYear(p);
      return y >= from && y <= to;
    });
  }
  const category = filters.category?.trim().toLowerCase();
  if (category) {
    checks.push((_, p) => {
      const all = p.primaryCategory ? [p.primaryCategory, ...p.categories] : p.categories;
      return all.some((c) => {
        const lc = c.toLowerCase();
        return lc === category || lc.startsWith(category + '.');
      });
    });
  }
  const venue = filters.venue ? fold(filters.venue).replace(/\s+/g, ' ').trim() : '';
  if (venue) checks.push((_, p) => p.venue !== null && fold(p.venue).replace(/\s+/g, ' ').includes(venue));
  const author = filters.author?.trim();
  if (author) {
    const wanted = [
      ...new Set(
        tokenize(author, { noStem: true, keepStopWords: true })
          .filter((t) => !t.compound)
          .map((t) => t.surface),
      ),
    ];
    if (wanted.length === 0) {
      checks.push(() => false);
    } else {
      // Candidates: papers whose authors field holds some variant of every name part.
      const unions = wanted.map((word) => {
        const union = new Set<number>();
        for (const term of variants(word)) for (const short of index.postings(term, 'authors')) union.add(short);
        return union;
      });
      unions.sort((a, b) => a.size - b.size);
      const allowed = new Set<number>([...unions[0]!].filter((s) => unions.every((u) => u.has(s))));
      checks.push((short, p) => allowed.has(short) && p.authors.some((name) => authorMatches(name, wanted)));
    }
  }
  return (short, paper) => checks.every((check) => check(short, paper));
}
