/**
 * The MiniSearch index of the visible papers, plus a lean scorer over MiniSearch's own posting lists.
 *
 * Why a scorer of our own: `MiniSearch#search` builds a result object (with match details and stored fields)
 * for every matching document and sorts them all. A common word matches tens of thousands of papers at
 * arXiv scale, so that step alone costs tens of milliseconds for a page of ten. Here MiniSearch keeps doing
 * what it is good at (tokenized postings, add/discard/vacuum), and scoring accumulates BM25 — the formula
 * MiniSearch uses — into flat typed arrays, so only the top hits are ever materialized. The scorer reads
 * MiniSearch's `protected` index fields, which is what subclassing is for; the pinned minor version and the
 * tests guard it.
 */
import MiniSearch from 'minisearch';
import type { Paper } from '../corpus/schema.js';
import type { AcronymDictionary } from './acronyms.js';
import { analyzeField, fieldText, FIELDS, type Field } from './fields.js';
import { PackedPostings } from './packed-postings.js';
import type { Token } from './text.js';

/** One term to score: documents containing it get `weight` × field boost × BM25, and `mask` is OR-ed in. */
/** One term's posting lists by field id (from {@link PaperIndex.termPostings}). */
export type TermPostings = ReadonlyMap<number, { has(short: number): boolean }>;

/** True when the paper is in any of the term's posting lists, i.e. some field of it contains the term. */
export function postingsContain(postings: TermPostings, short: number): boolean {
  for (const list of postings.values()) if (list.has(short)) return true;
  return false;
}

export interface WeightedTerm {
  term: string;
  weight: number;
  /** Bits of the query concepts this term stands for (coverage is counted from these). */
  mask: number;
}

/** Where the tokenizer hands the tokens of the paper being added back to {@link PaperIndex.addPaper}. */
let capturing: Map<Field, Token[]> | null = null;

/** BM25 parameters, the same as MiniSearch's defaults. */
const K = 1.2;
const B = 0.7;
const D = 0.5;

/** A growable array of numbers indexed by MiniSearch's short document id. */
function grow<T extends Float64Array | Float32Array | Uint32Array | Uint8Array | Int32Array>(array: T, size: number): T {
  if (array.length >= size) return array;
  let capacity = array.length || 64;
  while (capacity < size) capacity *= 2;
  const next = new (array.constructor as new (n: number) => T)(capacity);
  next.set(array);
  return next;
}

/** The index: MiniSearch for the postings, typed arrays for per-document data the scorer needs. */
export class PaperIndex extends MiniSearch<Paper> {
  private readonly papers: (Paper | undefined)[] = [];
  private readonly lengths: Float32Array[] = FIELDS.map(() => new Float32Array(64));
  private alive = new Uint8Array(64);
  private scores = new Float64Array(64);
  private masks = new Uint32Array(64);
  private touched = new Int32Array(64);

  constructor(acronyms: AcronymDictionary | null) {
    super({
      idField: 'arxivId',
      fields: [...FIELDS],
      extractField: (paper, field) => (field === 'arxivId' ? paper.arxivId : fieldText(paper, field as Field)),
      // Terms come out of our analyzer already folded and stemmed; MiniSearch must not change them.
      tokenize: (text, field) => {
        const tokens = analyzeField(text, (field ?? 'abstract') as Field, acronyms);
        capturing?.set(field as Field, tokens);
        return tokens.map((t) => t.term);
      },
      processTerm: (term) => term,
      // Vacuuming runs in the background after discards; it never blocks a search.
      autoVacuum: { minDirtCount: 50, minDirtFactor: 0.1, batchSize: 1000, batchWait: 10 },
    });
  }

  /**
   * Indexes a paper (which must not be indexed yet).
   *
   * @returns its short id and the tokens of each field, so callers need not analyze the text again
   */
  addPaper(paper: Paper): { short: number; tokens: Map<Field, Token[]> } {
    const tokens = new Map<Field, Token[]>();
    capturing = tokens;
    try {
      this.add(paper);
    } finally {
      capturing = null;
    }
    const short = this._idToShortId.get(paper.arxivId) as number;
    const size = short + 1;
    this.alive = grow(this.alive, size);
    this.scores = grow(this.scores, size);
    this.masks = grow(this.masks, size);
    for (let f = 0; f < FIELDS.length; f++) this.lengths[f] = grow(this.lengths[f]!, size);
    const lengths = this._fieldLength.get(short) ?? [];
    for (let f = 0; f < FIELDS.length; f++) this.lengths[f]![short] = lengths[f] ?? 0;
    this.alive[short] = 1;
    this.papers[short] = paper;
    return { short, tokens };
  }

  /**
   * Repacks every posting list of at least `minSize` entries into a {@link PackedPostings}. Run after a
   * bulk load: it cuts the index's memory several-fold (small lists stay Maps, which are smaller there).
   */
  pack(minSize = 12): void {
    for (const [, data] of this._index) {
      for (const [fieldId, postings] of data) {
        if (postings instanceof PackedPostings || postings.size < minSize) continue;
        data.set(fieldId, new PackedPostings(postings) as unknown as Map<number, number>);
      }
    }
  }

  /** Removes a paper from search results at once (MiniSearch cleans its postings up later). */
  removePaper(arxivId: string): number | undefined {
    const short = this._idToShortId.get(arxivId);
    if (short === undefined) return undefined;
    this.discard(arxivId);
    this.alive[short] = 0;
    this.papers[short] = undefined;
    return short;
  }

  /** The short id of an indexed paper. */
  shortIdOf(arxivId: string): number | undefined {
    return this._idToShortId.get(arxivId);
  }

  /** The paper behind a short id, if it is still indexed. */
  paperAt(short: number): Paper | undefined {
    return this.papers[short];
  }

  /** Every indexed paper with its short id. */
  *entries(): Generator<[number, Paper]> {
    for (let i = 0; i < this.papers.length; i++) {
      const p = this.papers[i];
      if (p) yield [i, p];
    }
  }

  /** True when some indexed paper contains the term. */
  hasTerm(term: string): boolean {
    return this._index.has(term);
  }

  /**
   * How many papers contain the term: in any field (`df`) and in the title or abstract (`textDf`). Counts
   * may include papers discarded since the last vacuum; they only rank suggestions.
   */
  termStats(term: string): { df: number; textDf: number } | undefined {
    const data = this._index.get(term);
    return data ? this.statsOf(data) : undefined;
  }

  private statsOf(data: Map<number, { size: number }>): { df: number; textDf: number } {
    let df = 0;
    for (const postings of data.values()) df = Math.max(df, postings.size);
    const textDf = Math.max(data.get(this._fieldIds.title!)?.size ?? 0, data.get(this._fieldIds.abstract!)?.size ?? 0);
    return { df, textDf };
  }

  /** Index terms starting with `prefix`, in the term tree's order, with their document frequencies. */
  *termsWithPrefix(prefix: string): Generator<[string, { df: number; textDf: number }]> {
    for (const [term, data] of this._index.atPrefix(prefix)) yield [term, this.statsOf(data)];
  }

  /** Index terms within `maxDistance` edits of `word`, with their distance. */
  *fuzzyTerms(word: string, maxDistance: number): Generator<[string, number]> {
    for (const [term, [, distance]] of this._index.fuzzyGet(word, maxDistance)) yield [term, distance];
  }

  /** How many papers contain the term in some field (an upper bound over discarded ones). */
  documentFrequency(term: string): number {
    const data = this._index.get(term);
    if (!data) return 0;
    let df = 0;
    for (const postings of data.values()) df = Math.max(df, postings.size);
    return df;
  }

  /** The short ids of papers whose `field` contains the term. */
  postings(term: string, field: Field): number[] {
    const data = this._index.get(term)?.get(this._fieldIds[field]!);
    if (!data) return [];
    const out: number[] = [];
    for (const short of data.keys()) if (this.alive[short]) out.push(short);
    return out;
  }

  /** True when the paper's `field`s contain the term. */
  contains(short: number, term: string): boolean {
    const data = this._index.get(term);
    return data !== undefined && postingsContain(data, short);
  }

  /**
   * The term's posting lists, one per field it occurs in, or undefined when no paper has it. Resolve a
   * term once with this and test each hit with {@link postingsContain}: the term tree lookup costs more
   * than the membership test, and a page of hits tests the same terms again and again.
   */
  termPostings(term: string): TermPostings | undefined {
    return this._index.get(term);
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
    const total = this._documentCount;
    for (const { term, weight, mask } of terms) {
      const data = this._index.get(term);
      if (!data || weight <= 0 || mask === 0) continue;
      for (let f = 0; f < FIELDS.length; f++) {
        const boost = boosts[FIELDS[f]!];
        if (!boost) continue;
        const postings = data.get(f);
        if (!postings || postings.size === 0) continue;
        const df = postings.size;
        const idf = Math.log(1 + (total - df + 0.5) / (df + 0.5));
        const factor = weight * boost * idf;
        const lengths = this.lengths[f]!;
        const avg = this._avgFieldLength[f] || 1;
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
