/**
 * The corpus's own words. Prefix completion, typo correction and "did you mean" draw from it, so they only
 * ever propose words that some paper contains.
 *
 * It is a view over the inverted index's own term tree (document frequencies come from its posting
 * lists), plus the written forms that differ from their index terms ("pruning" for "prune", "weak-to-strong"
 * for "weaktostrong"). Keeping no second copy of every word saves hundreds of megabytes at arXiv scale.
 */
import SearchableMap from 'minisearch/SearchableMap';
import type { InvertedIndex } from './inverted-index.js';
import { stem } from './analyzer.js';
import { entriesInInsertionWalk, searchableMapInWalkOrder } from './walk-order-map.js';

/** One word of the vocabulary. */
export interface VocabEntry {
  /** The index term ("weaktostrong", "prune" for "pruning"). */
  term: string;
  /** How the word is written in the papers ("weak-to-strong", "pruning"). */
  display: string;
  /** Number of papers containing it (in any field). */
  df: number;
  /** Number of papers containing it in the title or abstract (not only in a name or venue). */
  textDf: number;
}

/** The written forms of a vocabulary, in the order it learned them (see {@link Vocabulary.surfaces}). */
export interface VocabularySurfaces {
  /** Written form (hyphens and dots dropped) to its term. */
  terms: [string, string][];
  /** Term to the first written form seen for it. */
  displays: [string, string][];
}

/** The edit distance a typo of this length may have: none for short words, which typos rarely hit. */
export function typoBudget(word: string): number {
  if (word.length < 4) return 0;
  if (word.length < 8) return 1;
  return 2;
}

/** The words of the indexed papers, searchable by prefix and by edit distance. */
export class Vocabulary {
  /** Written forms that differ from their term, to their term (a hash map: checked for every token). */
  private readonly surfaceTerms = new Map<string, string>();
  /** The same written forms in a radix tree, for prefixes and typos (replaced once by {@link restoreSurfaces}). */
  private surfaceTree = new SearchableMap<string>();
  /** The first written form seen for each term that is written differently. */
  private readonly displays = new Map<string, string>();
  /** Completions of one- and two-letter prefixes, which scan thousands of terms; dropped on any change. */
  private readonly shortPrefixCache = new Map<string, VocabEntry[]>();

  constructor(private readonly index: InvertedIndex) {}

  /** Records how a term is written in a paper (called for each token the index sees). */
  noteSurface(term: string, surface: string): void {
    if (term === surface) return;
    const key = surface.includes('-') || surface.includes('.') || surface.includes("'") ? surface.replace(/[-‐‑.'’]/g, '') : surface;
    if (key === term || this.surfaceTerms.has(key)) return;
    this.surfaceTerms.set(key, term);
    this.surfaceTree.set(key, term);
    if (!this.displays.has(term)) this.displays.set(term, surface);
  }

  /**
   * The written forms learned so far, as plain data for {@link restoreSurfaces}: in the walk from which
   * the same tree grows again without a search per form.
   */
  surfaces(): VocabularySurfaces {
    return { terms: entriesInInsertionWalk(this.surfaceTree), displays: [...this.displays] };
  }

  /**
   * Gives a vocabulary that has learned nothing yet the written forms another one over the same papers had
   * learned, its tree as it was.
   */
  restoreSurfaces(surfaces: VocabularySurfaces): void {
    if (this.surfaceTerms.size > 0) throw new Error('restoreSurfaces: this vocabulary has learned written forms already');
    // Any order restores correctly (a snapshot of older code listed the forms as they were learned); the walk is only quicker.
    this.surfaceTree = searchableMapInWalkOrder(surfaces.terms);
    for (const [key, term] of surfaces.terms) this.surfaceTerms.set(key, term);
    for (const [term, surface] of surfaces.displays) if (!this.displays.has(term)) this.displays.set(term, surface);
    this.invalidate();
  }

  /** Drops cached completions (the index changed). */
  invalidate(): void {
    this.shortPrefixCache.clear();
  }

  private entry(term: string): VocabEntry | undefined {
    const stats = this.index.termStats(term);
    if (!stats) return undefined;
    return { term, display: this.displays.get(term) ?? term, df: stats.df, textDf: stats.textDf };
  }

  /** The entry for a folded word (as written or as its term), if any paper uses it. */
  get(word: string): VocabEntry | undefined {
    const term = this.surfaceTerms.get(word) ?? stem(word);
    const found = this.entry(term);
    return found && { ...found, display: word };
  }

  /**
   * The most frequent words starting with `prefix` (the word itself excluded), most used first.
   *
   * @param textOnly - rank by use in titles and abstracts and skip words only names use (to continue a
   *   phrase: "deep l" should become "deep learning", not "deep lee")
   * @param scanLimit - stop after this many candidates: a one-letter prefix over a large corpus has tens of
   *   thousands, and the frequent ones are found early enough for a suggestion list
   */
  completions(prefix: string, limit: number, textOnly = false, scanLimit = 20_000): VocabEntry[] {
    if (!prefix) return [];
    if (prefix.length > 2) return this.scanCompletions(prefix, limit, textOnly, scanLimit);
    const key = `${prefix}|${limit}|${textOnly}|${scanLimit}`;
    let cached = this.shortPrefixCache.get(key);
    if (!cached) {
      cached = this.scanCompletions(prefix, limit, textOnly, scanLimit);
      this.shortPrefixCache.set(key, cached);
    }
    return [...cached];
  }

  private scanCompletions(prefix: string, limit: number, textOnly: boolean, scanLimit: number): VocabEntry[] {
    const exact = this.surfaceTerms.get(prefix) ?? stem(prefix);
    const weight = textOnly ? (x: VocabEntry) => x.textDf : (x: VocabEntry) => x.df;
    const best: VocabEntry[] = [];
    const seen = new Set<string>();
    let scanned = 0;
    for (const [term, stats] of this.index.termsWithPrefix(prefix)) {
      if (++scanned > scanLimit) break;
      seen.add(term);
      if (term === exact || (textOnly && stats.textDf === 0)) continue;
      insertTop(best, { term, display: this.displays.get(term) ?? term, ...stats }, limit, weight);
    }
    // Written forms reach terms the prefix does not ("learnin" -> "learning" -> learn).
    scanned = 0;
    for (const [surface, term] of this.surfaceTree.atPrefix(prefix)) {
      if (++scanned > scanLimit) break;
      if (term === exact || seen.has(term)) continue;
      seen.add(term);
      const e = this.entry(term);
      if (e && !(textOnly && e.textDf === 0)) insertTop(best, { ...e, display: surface }, limit, weight);
    }
    return best;
  }

  /** Words within `maxDistance` edits of `word` (as written or as its term), closest first, then most used. */
  similar(word: string, maxDistance: number, limit: number): (VocabEntry & { distance: number })[] {
    if (maxDistance <= 0 || !word) return [];
    const found = new Map<string, number>();
    const note = (term: string, distance: number) => {
      if (distance > 0 && (found.get(term) ?? Infinity) > distance) found.set(term, distance);
    };
    const own = this.surfaceTerms.get(word) ?? stem(word);
    for (const [term, distance] of this.index.fuzzyTerms(word, maxDistance)) note(term, distance);
    found.delete(own);
    // Written forms only when the terms gave nothing: a second walk of a large tree is not free.
    if (found.size === 0) {
      for (const [, [term, distance]] of this.surfaceTree.fuzzyGet(word, maxDistance)) note(term, distance);
      found.delete(own);
    }
    const out: (VocabEntry & { distance: number })[] = [];
    for (const [term, distance] of found) {
      const e = this.entry(term);
      if (e) out.push({ ...e, distance });
    }
    out.sort((a, b) => a.distance - b.distance || b.df - a.df || (a.term < b.term ? -1 : 1));
    return out.slice(0, limit);
  }
}

/** True when `a` ranks before `b`: heavier first, then by term, so ties never depend on the order of a walk. */
function ranksBefore(a: VocabEntry, b: VocabEntry, weight: (e: VocabEntry) => number): boolean {
  const wa = weight(a);
  const wb = weight(b);
  return wa !== wb ? wa > wb : a.term < b.term;
}

/**
 * Keeps `list` as the `limit` best entries by `weight`, in descending order, equal weights by term: an index
 * loaded from a snapshot walks its term tree in another order than the one it was built from.
 */
function insertTop(list: VocabEntry[], entry: VocabEntry, limit: number, weight: (e: VocabEntry) => number): void {
  if (list.length >= limit && !ranksBefore(entry, list[list.length - 1]!, weight)) return;
  let i = list.length;
  while (i > 0 && ranksBefore(entry, list[i - 1]!, weight)) i--;
  list.splice(i, 0, entry);
  if (list.length > limit) list.pop();
}
