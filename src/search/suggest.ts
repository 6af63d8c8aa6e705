/**
 * Autocomplete: a small index of titles and author names, separate from the full-text index. Suggestions
 * must come back within Discord's autocomplete deadline on every keystroke; asking the full index for
 * prefix matches of a one-letter word ("deep l") expands to thousands of terms over abstracts, so this
 * index only holds the short texts people actually type from, and scans are capped.
 */
import { paperYear, type Paper } from '../corpus/schema.js';
import SearchableMap from 'minisearch/SearchableMap';
import { truncate } from '../text/fit.js';
import { isStopWord, stem, words } from './analyzer.js';

/** How many candidate papers one keystroke may examine. */
const SCAN_LIMIT = 5_000;
/** How many papers a bare prefix ("l") may gather before ranking. */
const PREFIX_GATHER_LIMIT = 300;

/** A paper suggestion before it is turned into a Discord-sized choice. */
export interface PaperCandidate {
  short: number;
  paper: Paper;
  /** 3: the title starts with the typed words; 2: contains them as a phrase; 1: contains them. */
  quality: number;
}

/** What {@link SuggestionIndex.lookup} found. */
export interface SuggestionLookup {
  papers: PaperCandidate[];
  /** Completed queries with how many titles support them, most supported first. */
  completions: { text: string; count: number }[];
}

/** Titles and author names of the indexed papers, for autocomplete. */
export class SuggestionIndex {
  private readonly titleWords: (string[] | undefined)[] = [];
  private readonly authorWords: (string[] | undefined)[] = [];
  private readonly papers: (Paper | undefined)[] = [];
  /** Stemmed title and author words to the papers holding them, ascending short ids. */
  private readonly postings = new Map<string, number[]>();
  /** Title and author words as written (folded), with how many papers hold them. */
  private readonly wordCounts = new Map<string, number>();
  /** The same words in a radix tree, for prefixes. */
  private readonly wordTree = new SearchableMap<true>();
  /** Words of one- and two-letter prefixes, most used first; dropped on any change. */
  private readonly shortPrefixCache = new Map<string, string[]>();
  private readonly lookupCache = new Map<string, SuggestionLookup>();
  private readonly pool = new Map<string, string>();

  private intern(word: string): string {
    const known = this.pool.get(word);
    if (known !== undefined) return known;
    this.pool.set(word, word);
    return word;
  }

  /** Adds a paper under its short id. */
  add(short: number, paper: Paper): void {
    // Words are interned: a hundred thousand titles repeat the same few tens of thousands of words.
    const title = words(paper.title).map((w) => this.intern(w));
    const authors = paper.authors.flatMap((a) => words(a)).map((w) => this.intern(w));
    this.titleWords[short] = title;
    this.authorWords[short] = authors;
    this.papers[short] = paper;
    this.shortPrefixCache.clear();
    this.lookupCache.clear();
    for (const w of this.distinctWords(title, authors)) {
      const count = this.wordCounts.get(w);
      this.wordCounts.set(w, (count ?? 0) + 1);
      if (count === undefined) this.wordTree.set(w, true);
      const key = stem(w);
      const list = this.postings.get(key);
      if (!list) this.postings.set(key, [short]);
      else insertSorted(list, short);
    }
  }

  /** Removes a paper added under `short`. */
  remove(short: number): void {
    const title = this.titleWords[short];
    const authors = this.authorWords[short];
    if (!title || !authors) return;
    this.shortPrefixCache.clear();
    this.lookupCache.clear();
    for (const w of this.distinctWords(title, authors)) {
      const count = (this.wordCounts.get(w) ?? 1) - 1;
      if (count <= 0) {
        this.wordCounts.delete(w);
        this.wordTree.delete(w);
      } else this.wordCounts.set(w, count);
      const key = stem(w);
      const list = this.postings.get(key);
      if (!list) continue;
      const at = list.indexOf(short);
      if (at >= 0) list.splice(at, 1);
      if (list.length === 0) this.postings.delete(key);
    }
    this.titleWords[short] = undefined;
    this.authorWords[short] = undefined;
    this.papers[short] = undefined;
  }

  private distinctWords(title: string[], authors: string[]): Set<string> {
    return new Set([...title, ...authors].filter((w) => w.length >= 2 && !isStopWord(w)));
  }

  /**
   * Papers whose title (or an author's name) holds every typed word, the last one possibly unfinished,
   * and completions of the unfinished word drawn from those titles.
   *
   * @param accept - filter applied to each candidate
   */
  lookup(input: string, limit: number, accept?: (short: number, paper: Paper) => boolean): SuggestionLookup {
    // One or two letters typed, no filter: the same answer every time until the index changes.
    const cacheable = !accept && input.length <= 2;
    const key = `${limit}|${input}`;
    if (cacheable) {
      const cached = this.lookupCache.get(key);
      if (cached) return cached;
    }
    const found = this.lookupUncached(input, limit, accept ?? (() => true));
    if (cacheable) this.lookupCache.set(key, found);
    return found;
  }

  private lookupUncached(input: string, limit: number, accept: (short: number, paper: Paper) => boolean): SuggestionLookup {
    const typed = words(input.slice(0, 300));
    const trailingSpace = /\s$/.test(input);
    const partial = trailingSpace ? '' : (typed.pop() ?? '');
    const complete = typed;
    const contentTerms = [...new Set(complete.filter((w) => !isStopWord(w) && w.length >= 2).map((w) => stem(w)))];
    let candidates: Iterable<number>;
    if (contentTerms.length > 0) candidates = this.intersect(contentTerms);
    else if (partial) candidates = this.gatherPrefix(partial);
    else candidates = [];

    const kept: PaperCandidate[] = [];
    const completionCounts = new Map<string, number>();
    let scanned = 0;
    for (const short of candidates) {
      if (++scanned > SCAN_LIMIT) break;
      const paper = this.papers[short];
      const title = this.titleWords[short];
      if (!paper || !title) continue;
      if (partial && !title.some((w) => w.startsWith(partial)) && !this.authorWords[short]!.some((w) => w.startsWith(partial))) continue;
      if (!accept(short, paper)) continue;
      const phrase = findPhrase(title, complete, partial);
      let quality = 1;
      if (phrase >= 0) {
        quality = phrase === 0 ? 3 : 2;
        const next = title[phrase + complete.length];
        // A stop word only completes a phrase in progress ("weak t" -> "weak to"), never a query on its own.
        if (next && (!isStopWord(next) || (partial && complete.length > 0))) completionCounts.set(next, (completionCounts.get(next) ?? 0) + 1);
      }
      keepBest(kept, { short, paper, quality }, limit);
    }
    const completions = [...completionCounts]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .map(([word, count]) => ({ text: [...complete, word].join(' '), count }));
    return { papers: kept, completions };
  }

  /** Papers holding every term, rarest term first. */
  private intersect(terms: string[]): number[] {
    const lists = terms.map((t) => this.postings.get(t) ?? []);
    lists.sort((a, b) => a.length - b.length);
    let result = lists[0] ?? [];
    for (const list of lists.slice(1)) {
      if (result.length === 0) break;
      const set = new Set(list);
      result = result.filter((s) => set.has(s));
    }
    return result;
  }

  /** Papers holding some word that starts with `prefix`, gathered from the most used such words first. */
  private gatherPrefix(prefix: string): number[] {
    let found = prefix.length <= 2 ? this.shortPrefixCache.get(prefix) : undefined;
    if (!found) {
      const counted: [string, number][] = [];
      for (const word of this.wordTree.atPrefix(prefix).keys()) counted.push([word, this.wordCounts.get(word) ?? 0]);
      counted.sort((a, b) => b[1] - a[1]);
      found = counted.map(([word]) => word);
      if (prefix.length <= 2) this.shortPrefixCache.set(prefix, found);
    }
    const gathered = new Set<number>();
    for (const word of found) {
      for (const short of this.postings.get(stem(word)) ?? []) gathered.add(short);
      if (gathered.size >= PREFIX_GATHER_LIMIT) break;
    }
    return [...gathered];
  }
}

/** Better first: higher quality, then newer, then the later-added paper (a total order: short ids are unique). */
function compareCandidates(a: PaperCandidate, b: PaperCandidate): number {
  return b.quality - a.quality || (a.paper.published < b.paper.published ? 1 : a.paper.published > b.paper.published ? -1 : b.short - a.short);
}

/**
 * Keeps `list` as the best `limit` candidates in order. A common prefix ("lea") gathers thousands of
 * papers of which a page of choices is shown: sorting them all cost more than the rest of the keystroke.
 */
function keepBest(list: PaperCandidate[], candidate: PaperCandidate, limit: number): void {
  if (limit <= 0) return;
  if (list.length >= limit && compareCandidates(candidate, list[list.length - 1]!) >= 0) return;
  let i = list.length;
  while (i > 0 && compareCandidates(candidate, list[i - 1]!) < 0) i--;
  list.splice(i, 0, candidate);
  if (list.length > limit) list.pop();
}

/** Where the typed words occur in a row in the title (the unfinished last one as a prefix), or -1. */
function findPhrase(title: string[], complete: string[], partial: string): number {
  const n = complete.length + (partial ? 1 : 0);
  if (n === 0) return -1;
  for (let i = 0; i + n <= title.length; i++) {
    let ok = true;
    for (let k = 0; ok && k < complete.length; k++) ok = title[i + k] === complete[k];
    if (ok && partial) ok = title[i + complete.length]!.startsWith(partial);
    if (ok) return i;
  }
  return -1;
}

function insertSorted(list: number[], value: number): void {
  let i = list.length;
  if (i === 0 || list[i - 1]! < value) {
    list.push(value);
    return;
  }
  while (i > 0 && list[i - 1]! > value) i--;
  if (list[i - 1] !== value) list.splice(i, 0, value);
}

/** A paper as an autocomplete choice name: its title and year, within `max` characters. */
export function paperChoiceName(paper: Paper, max = 100): string {
  const year = ` (${paperYear(paper)})`;
  return truncate(paper.title.replace(/\s+/g, ' ').trim(), max - year.length) + year;
}
