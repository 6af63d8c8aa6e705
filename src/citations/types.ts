/** What the rest of the bot sees of citation counts: a snapshot read from the cache, never a network call. */

/** One paper's figures as last fetched. */
export interface CitationFigures {
  /** Null when Semantic Scholar does not know the paper: shown as unknown, never as zero. */
  citationCount: number | null;
  /** The venue Semantic Scholar lists, for papers whose arXiv record names none. */
  venue: string | null;
  /** When these figures were fetched (ISO 8601). */
  fetchedAt: string;
}

/** The cached figures and what became of the last attempt to refresh them. */
export interface CitationSnapshot {
  /** By arXiv id without version. */
  papers: ReadonlyMap<string, CitationFigures>;
  /** When the newest cached figures were fetched; null when nothing was ever fetched. */
  asOf: string | null;
  /**
   * Set when the last attempt failed: a sentence for the user, e.g. "citation counts unavailable: Semantic
   * Scholar refused (403); showing counts from 2026-11-30".
   */
  problem: string | null;
}

/** What handlers may use: reading the cache (which may start a refresh in the background when it is a day old). */
export interface CitationReader {
  snapshot(): CitationSnapshot;
  /** One paper's cached figures (for a card), without reading the rest of the cache. */
  figures(arxivId: string): CitationFigures | undefined;
}
