/**
 * Which words of a hit matched: the paper's own words (folded, as written) whose index terms are among the
 * scored terms it contains. Cards bold these in snippets. Recently shown papers' words are cached, since
 * hits repeat (pages, reruns, the same topics).
 */
import type { Paper } from '../corpus/schema.js';
import type { AcronymDictionary } from './acronyms.js';
import { postingsContain, type InvertedIndex, type TermPostings, type WeightedTerm } from './inverted-index.js';
import { surfaceIndex, surfacesIn, wordChunks, type SurfaceIndex } from './analyzer.js';

/** Papers whose prepared words are kept. */
const CHUNK_CACHE_SIZE = 512;

/** Tests "does paper `short` contain `terms[i]`" (see {@link MatchedTerms.membership}). */
export type TermMembership = (short: number, i: number) => boolean;

/** Finds the matched words of hits, with a small cache of papers' prepared words. */
export class MatchedTerms {
  private readonly cache = new Map<number, SurfaceIndex>();

  constructor(
    private readonly index: InvertedIndex,
    private readonly acronyms: AcronymDictionary,
  ) {}

  /**
   * The paper's words whose index terms matched. An acronym that matched through its long form ("LLM" in
   * a paper saying "large language models") brings the long form's words along.
   *
   * @param mask - the hit's matched concepts: only terms of those can be in the paper
   */
  of(short: number, paper: Paper, terms: readonly WeightedTerm[], contains: TermMembership, mask = -1): string[] {
    const matched = new Set<string>();
    for (let i = 0; i < terms.length; i++) if ((terms[i]!.mask & mask) !== 0 && contains(short, i)) matched.add(terms[i]!.term);
    if (matched.size === 0) return [];
    for (const term of [...matched]) for (const form of this.acronyms.longForms(term)) for (const w of form) matched.add(w);
    return surfacesIn(this.surfacesOf(short, paper), matched);
  }

  /**
   * Tests "does paper `short` contain `terms[i]`" for the hits of one ranking, looking each term up in the
   * term tree at most once (on first use: a hit's mask rules most terms out, so many are never needed).
   */
  membership(terms: readonly WeightedTerm[]): TermMembership {
    const resolved: (TermPostings | null | undefined)[] = new Array(terms.length);
    return (short, i) => {
      let postings = resolved[i];
      if (postings === undefined) postings = resolved[i] = this.index.termPostings(terms[i]!.term) ?? null;
      return postings !== null && postingsContain(postings, short);
    };
  }

  /** Drops a paper's cached words (it changed or left the index). */
  forget(short: number): void {
    this.cache.delete(short);
  }

  private surfacesOf(short: number, paper: Paper): SurfaceIndex {
    const cached = this.cache.get(short);
    if (cached) {
      // Refresh its place in the insertion order, which is the eviction order.
      this.cache.delete(short);
      this.cache.set(short, cached);
      return cached;
    }
    const index = surfaceIndex(wordChunks([paper.title, paper.abstract, paper.authors.join(' ; '), paper.venue ?? ''].join(' \n ')));
    this.cache.set(short, index);
    if (this.cache.size > CHUNK_CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
    return index;
  }
}
