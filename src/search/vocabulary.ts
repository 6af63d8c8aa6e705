/**
 * The corpus's own words, as written (folded), with their index term and how many papers use them. Prefix
 * completion, typo correction and "did you mean" all draw from it, so they only ever propose words that
 * some paper contains.
 */
import SearchableMap from 'minisearch/SearchableMap';

/** One word of the vocabulary. */
export interface VocabEntry {
  /** The folded word without hyphens: the lookup key ("weaktostrong"). */
  key: string;
  /** How the word is written in the papers ("weak-to-strong"). */
  display: string;
  /** The index term it maps to ("weaktostrong", "prune" for "pruning"). */
  term: string;
  /** Number of papers containing it. */
  df: number;
  /** Number of papers containing it in the title or abstract (not only in a name or venue). */
  textDf: number;
}

/** A word seen in one paper, as {@link Vocabulary.addPaperWords} takes it. */
export interface PaperWord {
  key: string;
  display: string;
  term: string;
  /** True when the paper uses it in its title or abstract. */
  inText: boolean;
}

/** The folded words of the corpus, searchable by prefix and by edit distance. */
export class Vocabulary {
  private readonly map = new SearchableMap<VocabEntry>();

  /** Counts the distinct words of one paper. */
  addPaperWords(words: Iterable<PaperWord>): void {
    for (const w of words) {
      const entry = this.map.get(w.key);
      if (entry) {
        entry.df++;
        if (w.inText) entry.textDf++;
      } else this.map.set(w.key, { key: w.key, display: w.display, term: w.term, df: 1, textDf: w.inText ? 1 : 0 });
    }
  }

  /** Uncounts the distinct words of a paper that left the index (or is about to be re-added). */
  removePaperWords(words: Iterable<PaperWord>): void {
    for (const w of words) {
      const entry = this.map.get(w.key);
      if (!entry) continue;
      entry.df--;
      if (w.inText) entry.textDf--;
      if (entry.df <= 0) this.map.delete(w.key);
    }
  }

  /** The entry for a folded word, if any paper uses it. */
  get(key: string): VocabEntry | undefined {
    return this.map.get(key);
  }

  /** Number of distinct words. */
  get size(): number {
    return this.map.size;
  }

  /**
   * The most frequent words starting with `prefix` (the prefix itself excluded), most used first.
   *
   * @param textOnly - rank by use in titles and abstracts and skip words only names use (to continue a
   *   phrase: "deep l" should become "deep learning", not "deep lee")
   * @param scanLimit - stop after this many candidates: a one-letter prefix over a large corpus has tens of
   *   thousands, and the frequent ones are found early enough for a suggestion list
   */
  completions(prefix: string, limit: number, textOnly = false, scanLimit = 20_000): VocabEntry[] {
    if (!prefix) return [];
    const best: VocabEntry[] = [];
    const weight = textOnly ? (e: VocabEntry) => e.textDf : (e: VocabEntry) => e.df;
    let scanned = 0;
    for (const [key, entry] of this.map.atPrefix(prefix)) {
      if (++scanned > scanLimit) break;
      if (key === prefix || (textOnly && entry.textDf === 0)) continue;
      insertTop(best, entry, limit, weight);
    }
    return best;
  }

  /**
   * Words within `maxDistance` edits of `word`, closest first, then most used.
   */
  similar(word: string, maxDistance: number, limit: number): (VocabEntry & { distance: number })[] {
    if (maxDistance <= 0 || !word) return [];
    const found: (VocabEntry & { distance: number })[] = [];
    for (const [, [entry, distance]] of this.map.fuzzyGet(word, maxDistance)) {
      if (distance === 0) continue;
      found.push({ ...entry, distance });
    }
    found.sort((a, b) => a.distance - b.distance || b.df - a.df || a.key.localeCompare(b.key));
    return found.slice(0, limit);
  }
}

/** Keeps `list` as the `limit` most frequent entries, in descending order. */
function insertTop(list: VocabEntry[], entry: VocabEntry, limit: number, weight: (e: VocabEntry) => number): void {
  const w = weight(entry);
  if (list.length >= limit && w <= weight(list[list.length - 1]!)) return;
  let i = list.length;
  while (i > 0 && weight(list[i - 1]!) < w) i--;
  list.splice(i, 0, entry);
  if (list.length > limit) list.pop();
}

/** The edit distance a typo of this length may have: none for short words, which typos rarely hit. */
export function typoBudget(word: string): number {
  if (word.length < 4) return 0;
  if (word.length < 8) return 1;
  return 2;
}
