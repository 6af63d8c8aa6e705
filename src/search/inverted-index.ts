/**
 * The inverted index of the visible papers and its BM25 scorer, owned outright: a MiniSearch `SearchableMap`
 * (a radix tree, public API only) from each term to its posting lists by field, plus short document ids,
 * per-field lengths and their averages.
 *
 * Why not a MiniSearch instance: `MiniSearch#search` builds a result object (with match details and stored
 * fields) for every matching document and sorts them all. A common word matches tens of thousands of papers
 * at arXiv scale, so that step alone costs tens of milliseconds for a page of ten. Here scoring accumulates
 * BM25 — the formula and parameters MiniSearch uses — into flat typed arrays, so only the top hits are ever
 * materialized; and removing a paper deletes it from exactly the lists that hold it, so document frequencies
 * are never stale and nothing needs vacuuming.
 */
import SearchableMap from 'minisearch/SearchableMap';
import type { Paper } from '../corpus/schema.js';
import type { AcronymDictionary } from './acronyms.js';
import { analyzeField, fieldText, FIELDS, type Field } from './fields.js';
import { decodeSnapshot, encodeSnapshot, encodeSnapshotGradually, type IndexState, type PostingSource, type SnapshotCheck } from './index-snapshot.js';
import { PackedPostings } from './packed-postings.js';
import { searchableMapInWalkOrder } from './walk-order-map.js';
import type { Token } from './analyzer.js';

/**
 * One posting list: short id to term frequency. Small lists are Maps (smaller than typed arrays at that
 * size); {@link InvertedIndex.pack} turns the longer ones into {@link PackedPostings}.
 */
export type Postings = Map<number, number> | PackedPostings;

/** One term's posting lists by field id (the position of the field in {@link FIELDS}). */
export type TermEntry = Map<number, Postings>;

/** One term's posting lists by field id (from {@link InvertedIndex.termPostings}). */
export type TermPostings = ReadonlyMap<number, { has(short: number): boolean }>;

/** True when the paper is in any of the term's posting lists, i.e. some field of it contains the term. */
export function postingsContain(postings: TermPostings, short: number): boolean {
  for (const list of postings.values()) if (list.has(short)) return true;
  return false;
}

/** One term to score: documents containing it get `weight` × field boost × BM25, and `mask` is OR-ed in. */
export interface WeightedTerm {
  term: string;
  weight: number;
  /** Bits of the query concepts this term stands for (coverage is counted from these). */
  mask: number;
}

/** How many papers contain a term: in any field (`df`) and in the title or abstract (`textDf`). */
export interface TermStats {
  df: number;
  textDf: number;
}

/** BM25 parameters, the same as MiniSearch's defaults. */
const K = 1.2;
const B = 0.7;
const D = 0.5;

const TITLE = FIELDS.indexOf('title');
const ABSTRACT = FIELDS.indexOf('abstract');

/** A growable array of numbers indexed by short document id. */
function grow<T extends Float64Array | Float32Array | Uint32Array | Uint8Array | Int32Array>(array: T, size: number): T {
  if (array.length >= size) return array;
  let capacity = array.length || 64;
  while (capacity < size) capacity *= 2;
  const next = new (array.constructor as new (n: number) => T)(capacity);
  next.set(array);
  return next;
}

/** The distinct terms of one field's tokens, in first-seen order (falsy terms are not indexed). */
function distinctTerms(tokens: readonly Token[]): Set<string> {
  const terms = new Set<string>();
  for (const t of tokens) if (t.term) terms.add(t.term);
  return terms;
}

/** The full-text index: terms to posting lists, and the per-document figures BM25 needs. */
export class InvertedIndex {
  /** Replaced only by {@link InvertedIndex.deserialize}, which grows the tree from the snapshot's walk order. */
  private terms = new SearchableMap<TermEntry>();
  /** Term entries with a Map-form list that grew since the last packing: all that {@link packGrown} must look at. */
  private grown = new Set<TermEntry>();
  private readonly ids = new Map<string, number>();
  private readonly papers: (Paper | undefined)[] = [];
  /** Distinct terms per field and short id (BM25's field length). */
  private readonly lengths: Float32Array[] = FIELDS.map(() => new Float32Array(64));
  /** Running average of each field's length over the indexed papers, updated as MiniSearch does. */
  private readonly avgLengths: number[] = FIELDS.map(() => 0);
  private count = 0;
  private nextId = 0;
  private alive = new Uint8Array(64);
  private scores = new Float64Array(64);
  private masks = new Uint32Array(64);
  private touched = new Int32Array(64);

  /** @param acronyms - long forms to index under their acronym too; the same dictionary must be used for removal */
  constructor(private readonly acronyms: AcronymDictionary | null) {}

  /**
   * A compact binary snapshot of the index (see `index-snapshot.ts`), to load with {@link deserialize}
   * instead of indexing the same papers again.
   */
  serialize(): Buffer {
    return encodeSnapshot(this.snapshotState());
  }

  /** {@link serialize}, awaiting `pause()` between steps; the index must not change until it resolves. */
  serializeGradually(pause: () => Promise<void>, content?: (papers: readonly (Paper | undefined)[]) => Promise<Buffer>): Promise<Buffer> {
    return encodeSnapshotGradually(this.snapshotState(), pause, content);
  }

  private snapshotState(): IndexState {
    const terms = this.terms;
    function* arrays(): Generator<[string, PostingSource[]]> {
      for (const [term, entry] of terms) {
        const lists: PostingSource[] = [];
        for (const [field, postings] of entry) {
          if (postings instanceof PackedPostings)
            lists.push({ field, ids: postings.ids.subarray(0, postings.size), tfs: postings.tfs.subarray(0, postings.size) });
          // Short ids only grow, so a Map's insertion order is ascending already.
          else lists.push({ field, map: postings });
        }
        yield [term, lists];
      }
    }
    return { nextId: this.nextId, count: this.count, avgLengths: this.avgLengths, lengths: this.lengths, papers: this.papers, terms: arrays() };
  }

  /**
   * Loads an index from {@link serialize}'s snapshot of exactly these papers; it scores, updates and
   * removes exactly as the index it was taken from.
   *
   * @param acronyms - the dictionary the snapshot's index was built with (later removals analyze with it)
   * @param check - what the caller checked already (see `SnapshotCheck`)
   * @throws SnapshotError when the snapshot is damaged or was taken of other papers or other versions of them
   */
  static deserialize(buf: Buffer, papers: Iterable<Paper>, acronyms: AcronymDictionary | null, minPacked = 12, check: SnapshotCheck = {}): InvertedIndex {
    const state = decodeSnapshot(buf, papers, check);
    const index = new InvertedIndex(acronyms);
    const size = Math.max(1, state.nextId);
    index.nextId = state.nextId;
    index.count = state.count;
    state.avgLengths.forEach((v, f) => (index.avgLengths[f] = v));
    index.alive = grow(index.alive, size);
    index.scores = grow(index.scores, size);
    index.masks = grow(index.masks, size);
    for (let f = 0; f < FIELDS.length; f++) index.lengths[f] = grow(state.lengths[f]!, size);
    state.papers.forEach((paper, short) => {
      if (!paper) return;
      index.papers[short] = paper;
      index.alive[short] = 1;
      index.ids.set(paper.arxivId, short);
    });
    const { ids, tfs } = state;
    const entries: [string, TermEntry][] = new Array(state.terms.length);
    for (const [t, [term, lists]] of state.terms.entries()) {
      const entry: TermEntry = new Map();
      for (const { field, n, idsAt, tfsAt } of lists) {
        // The same representation a fresh build ends with: small lists as Maps, the rest packed.
        if (n >= minPacked) {
          entry.set(field, PackedPostings.fromArrays(ids.slice(idsAt, idsAt + n), tfs.slice(tfsAt, tfsAt + n)));
          continue;
        }
        const map = new Map<number, number>();
        for (let i = 0; i < n; i++) map.set(ids[idsAt + i]!, tfs[tfsAt + i]!);
        entry.set(field, map);
      }
      entries[t] = [term, entry];
    }
    index.terms = searchableMapInWalkOrder(entries);
    return index;
  }

  /** Number of indexed papers. */
  get documentCount(): number {
    return this.count;
  }

  /** Number of distinct terms in the index. */
  get termCount(): number {
    return this.terms.size;
  }

  private analyze(paper: Paper): Map<Field, Token[]> {
    const tokens = new Map<Field, Token[]>();
    for (const field of FIELDS) tokens.set(field, analyzeField(fieldText(paper, field), field, this.acronyms));
    return tokens;
  }

  /**
   * Indexes a paper (which must not be indexed yet). Short ids are never reused, so posting lists only
   * ever grow at their end.
   *
   * @returns its short id and the tokens of each field, so callers need not analyze the text again
   */
  addPaper(paper: Paper): { short: number; tokens: Map<Field, Token[]> } {
    if (this.ids.has(paper.arxivId)) throw new Error(`paper ${paper.arxivId} is already indexed`);
    const tokens = this.analyze(paper);
    const short = this.nextId++;
    const size = short + 1;
    this.alive = grow(this.alive, size);
    this.scores = grow(this.scores, size);
    this.masks = grow(this.masks, size);
    const before = this.count++;
    for (let f = 0; f < FIELDS.length; f++) {
      const list = tokens.get(FIELDS[f]!)!;
      const length = distinctTerms(list).size;
      this.lengths[f] = grow(this.lengths[f]!, size);
      this.lengths[f]![short] = length;
      this.avgLengths[f] = (this.avgLengths[f]! * before + length) / (before + 1);
      for (const { term } of list) {
        if (!term) continue;
        let entry = this.terms.get(term);
        if (!entry) this.terms.set(term, (entry = new Map()));
        let postings = entry.get(f);
        if (!postings) entry.set(f, (postings = new Map()));
        postings.set(short, (postings.get(short) ?? 0) + 1);
        if (!(postings instanceof PackedPostings)) this.grown.add(entry);
      }
    }
    this.ids.set(paper.arxivId, short);
    this.alive[short] = 1;
    this.papers[short] = paper;
    return { short, tokens };
  }

  /**
   * Removes a paper at once: its text is analyzed again to find its terms, and it leaves exactly those
   * posting lists (a term no paper has any more leaves the index).
   *
   * @returns its short id, or undefined when it was not indexed
   */
  removePaper(arxivId: string): number | undefined {
    const short = this.ids.get(arxivId);
    if (short === undefined) return undefined;
    const paper = this.papers[short]!;
    const tokens = this.analyze(paper);
    let complete = true;
    for (let f = 0; f < FIELDS.length; f++) {
      let removed = 0;
      for (const term of distinctTerms(tokens.get(FIELDS[f]!)!)) if (this.unpost(term, f, short)) removed++;
      // The acronym dictionary only grows, so a new analysis finds every term the paper was indexed under,
      // unless the paper object was changed in place since: then the count tells, and every list is checked.
      if (removed !== this.lengths[f]![short]) complete = false;
    }
    if (!complete) this.unpostEverywhere(short);
    const before = this.count--;
    for (let f = 0; f < FIELDS.length; f++) {
      const length = this.lengths[f]![short]!;
      this.avgLengths[f] = before === 1 ? 0 : (this.avgLengths[f]! * before - length) / (before - 1);
      this.lengths[f]![short] = 0;
    }
    this.ids.delete(arxivId);
    this.alive[short] = 0;
    this.papers[short] = undefined;
    return short;
  }

  /** Deletes `short` from the term's list in field `f`; true when it was there. */
  private unpost(term: string, f: number, short: number): boolean {
    const entry = this.terms.get(term);
    const postings = entry?.get(f);
    if (!entry || !postings || !postings.delete(short)) return false;
    if (postings.size === 0) entry.delete(f);
    if (entry.size === 0) this.terms.delete(term);
    return true;
  }

  /** The slow, sure path of {@link removePaper}: every posting list is checked. */
  private unpostEverywhere(short: number): void {
    const holding: [string, number][] = [];
    for (const [term, entry] of this.terms) for (const [f, postings] of entry) if (postings.has(short)) holding.push([term, f]);
    for (const [term, f] of holding) this.unpost(term, f, short);
  }

  /**
   * Repacks every posting list of at least `minSize` entries into a {@link PackedPostings}. Run after a
   * bulk load: it cuts the index's memory several-fold (small lists stay Maps, which are smaller there).
   */
  pack(minSize = 12): void {
    for (const entry of this.terms.values()) this.packEntry(entry, minSize);
    this.grown.clear();
  }

  /**
   * {@link pack} for the lists that grew since the last packing only: the same result when `minSize` is the
   * same each time (a list that did not grow is as small as when it was last looked at), without visiting
   * every term of a large index, which during a bulk build of 100,000 papers took the better part of a second each time.
   */
  packGrown(minSize = 12): void {
    for (const entry of this.grown) this.packEntry(entry, minSize);
    this.grown.clear();
  }

  private packEntry(entry: TermEntry, minSize: number): void {
    for (const [f, postings] of entry) {
      if (postings instanceof PackedPostings || postings.size < minSize) continue;
      entry.set(f, new PackedPostings(postings));
    }
  }

  /** The short id of an indexed paper. */
  shortIdOf(arxivId: string): number | undefined {
    return this.ids.get(arxivId);
  }

  /** The paper behind a short id, if it is still indexed. */
  paperAt(short: number): Paper | undefined {
    return this.papers[short];
  }

  /** Every indexed paper with its short id, in the order they were added. */
  *entries(): Generator<[number, Paper]> {
    for (let i = 0; i < this.papers.length; i++) {
      const p = this.papers[i];
      if (p) yield [i, p];
    }
  }

  /** True when some indexed paper contains the term. */
  hasTerm(term: string): boolean {
    return this.terms.has(term);
  }

  /** How many papers contain the term, in any field and in the title or abstract; undefined when none does. */
  termStats(term: string): TermStats | undefined {
    const entry = this.terms.get(term);
    return entry ? statsOf(entry) : undefined;
  }

  /** Index terms starting with `prefix`, in the term tree's order, with their document frequencies. */
  *termsWithPrefix(prefix: string): Generator<[string, TermStats]> {
    for (const [term, entry] of this.terms.atPrefix(prefix)) yield [term, statsOf(entry)];
  }

  /** Index terms within `maxDistance` edits of `word`, with their distance. */
  *fuzzyTerms(word: string, maxDistance: number): Generator<[string, number]> {
    for (const [term, [, distance]] of this.terms.fuzzyGet(word, maxDistance)) yield [term, distance];
  }

  /** How many papers contain the term in some field (the largest of its per-field counts). */
  documentFrequency(term: string): number {
    const entry = this.terms.get(term);
    return entry ? statsOf(entry).df : 0;
  }

  /** The short ids of papers whose `field` contains the term. */
  postings(term: string, field: Field): number[] {
    const postings = this.terms.get(term)?.get(FIELDS.indexOf(field));
    return postings ? [...postings.keys()] : [];
  }

  /** True when some field of the paper contains the term. */
  contains(short: number, term: string): boolean {
    const entry = this.terms.get(term);
    return entry !== undefined && postingsContain(entry, short);
  }

  /**
   * The term's posting lists, one per field it occurs in, or undefined when no paper has it. Resolve a
   * term once with this and test each hit with {@link postingsContain}: the term tree lookup costs more
   * than the membership test, and a page of hits tests the same terms again and again.
   */
  termPostings(term: string): TermPostings | undefined {
    return this.terms.get(term);
  }

  /**
   * Scores papers against weighted terms with BM25 per field and calls `visit` once per matching paper
   * with its summed score and the OR of the masks of the terms it contains.
   *
   * @param boosts - multiplier per field; a field missing or 0 is not searched
   */
  score(terms: readonly WeightedTerm[], boosts: Partial<Record<Field, number>>, visit: (short: number, score: number, mask: number) => void): void {
    const scores = this.scores;
    const masks = this.masks;
    const alive = this.alive;
    let touched = this.touched;
    let count = 0;
    const total = this.count;
    for (const { term, weight, mask } of terms) {
      const entry = this.terms.get(term);
      if (!entry || weight <= 0 || mask === 0) continue;
      for (let f = 0; f < FIELDS.length; f++) {
        const boost = boosts[FIELDS[f]!];
        if (!boost) continue;
        const postings = entry.get(f);
        if (!postings || postings.size === 0) continue;
        const df = postings.size;
        const idf = Math.log(1 + (total - df + 0.5) / (df + 0.5));
        const factor = weight * boost * idf;
        const lengths = this.lengths[f]!;
        const avg = this.avgLengths[f] || 1;
        const kb = K * (1 - B);
        const kbAvg = (K * B) / avg;
        if (touched.length < count + df) touched = this.touched = grow(touched, count + df);
        if (postings instanceof PackedPostings) {
          const ids = postings.ids;
          const tfs = postings.tfs;
          for (let i = 0; i < df; i++) {
            const short = ids[i]!;
            if (alive[short] !== 1) continue;
            const tf = tfs[i]!;
            const s = factor * (D + (tf * (K + 1)) / (tf + kb + kbAvg * lengths[short]!));
            if (masks[short] === 0) touched[count++] = short;
            scores[short]! += s;
            masks[short]! |= mask;
          }
          continue;
        }
        for (const [short, tf] of postings) {
          if (alive[short] !== 1) continue;
          const s = factor * (D + (tf * (K + 1)) / (tf + kb + kbAvg * lengths[short]!));
          if (masks[short] === 0) touched[count++] = short;
          scores[short]! += s;
          masks[short]! |= mask;
        }
      }
    }
    for (let i = 0; i < count; i++) {
      const short = touched[i]!;
      const s = scores[short]!;
      const m = masks[short]!;
      scores[short] = 0;
      masks[short] = 0;
      visit(short, s, m);
    }
  }
}

function statsOf(entry: TermEntry): TermStats {
  let df = 0;
  for (const postings of entry.values()) df = Math.max(df, postings.size);
  const textDf = Math.max(entry.get(TITLE)?.size ?? 0, entry.get(ABSTRACT)?.size ?? 0);
  return { df, textDf };
}
