/**
 * The search engine's public contract. Everything above it (Discord handlers, the CLI, announcements) talks
 * to these types only, and nothing here knows about Discord.
 */
import type { Paper } from '../corpus/schema.js';

/** Filters shared by search, random and suggestions. All are optional and combine with AND. */
export interface PaperFilters {
  /** Author name or part of it, case- and accent-insensitive, typo-tolerant ("kakade", "Andrew Wilson"). */
  author?: string;
  /** Inclusive year range on the first-version date. */
  fromYear?: number;
  toYear?: number;
  /** arXiv category, exact (`cs.LG`) or archive prefix (`cs`, `stat`). */
  category?: string;
  /** Venue substring, case-insensitive ("neurips", "ICML 2021"). */
  venue?: string;
}

/** Options for {@link SearchEngine.search}. */
export interface SearchOptions extends PaperFilters {
  /** Maximum hits returned (default 10). */
  limit?: number;
  /** Hits to skip, for paging (default 0). */
  offset?: number;
}

/** Which index a paper shown under a scope comes from: the lab's, a server's reading list, or the field index. */
export type PaperSource = 'lab' | 'reading-list' | 'field';

/** One ranked result. */
export interface SearchHit {
  paper: Paper;
  score: number;
  /** Set by a scoped search (`scope:reading-list`, `scope:all`), so cards can say where the paper comes from. */
  source?: PaperSource;
  /**
   * The words of the paper that matched the query (after prefix, fuzzy, stem and acronym expansion), as they
   * appear in the paper's text, lower-cased. Cards bold them in snippets with {@link highlight}.
   */
  matchedTerms: string[];
}

/** A page of results and the total count, for "page i of n". */
export interface SearchResult {
  query: string;
  hits: SearchHit[];
  total: number;
  /** When nothing matched: spelling suggestions from the index's own vocabulary ("did you mean"). */
  didYouMean: string[];
}

/** One autocomplete suggestion, already within Discord's limits (name and value at most 100 characters). */
export interface Suggestion {
  name: string;
  value: string;
  /** `paper`: the value is an arXiv id; `query`: the value is a completed query to search for. */
  kind: 'paper' | 'query';
}

/** Options for {@link SearchEngine.suggest}. */
export interface SuggestOptions extends PaperFilters {
  /** Maximum suggestions (default and cap 25, Discord's limit). */
  limit?: number;
  /** Which kinds to return (default both): `/paper show` wants papers only. */
  kinds?: readonly Suggestion['kind'][];
}

/** Options for {@link SearchEngine.random}. */
export interface RandomOptions extends PaperFilters {
  /** Optional topic query; the pick is drawn from papers matching it. */
  topic?: string;
  /** arXiv ids (any form) never to pick, e.g. papers the reading group already read. */
  exclude?: Iterable<string>;
  /** Source of randomness in [0, 1); tests inject a seeded one. Defaults to Math.random. */
  random?: () => number;
}

/** The search engine over one corpus. */
export interface SearchEngine {
  /** Ranked full-text search with filters; an empty or stop-word-only query yields no hits. */
  search(query: string, options?: SearchOptions): SearchResult;
  /** Up to `limit` (max 25) suggestions for a partial input, including the empty input. */
  suggest(input: string, options?: SuggestOptions): Suggestion[];
  /** A random visible paper matching the filters and not excluded, or null when none is left. */
  random(options?: RandomOptions): Paper | null;
  /** Papers most like the given one, from its own terms; never the paper itself. */
  similar(idOrUrl: string, limit?: number): SearchHit[];
  /** Papers most like a free text (a title, a paragraph), by the same salient-term query as {@link similar}. */
  similarToText?(text: string, limit?: number): SearchHit[];
  /** Exact lookup by any id form (namesakes' papers included: an id is an explicit request). */
  get(idOrUrl: string): Paper | undefined;
  /** Adds or refreshes a paper in the index at once (a new arXiv paper is searchable the same evening). */
  upsert(paper: Paper): void;
  /** Visible papers, newest first. */
  recent(limit?: number): Paper[];
  /** Number of visible, indexed papers. */
  readonly size: number;
}
