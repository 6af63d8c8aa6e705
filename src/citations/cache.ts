/**
 * The citation cache in the state database (`citations` and `citation_fetches`, migration 2): the last figures
 * fetched for each paper and the outcome of every fetch, so figures survive restarts and a failure can say
 * which day's figures it is showing.
 */
import type Database from 'better-sqlite3';
import type { S2PaperFigures } from './s2-client.js';
import type { CitationFigures } from './types.js';

/** One fetch attempt as recorded. */
export interface FetchRecord {
  attemptedAt: string;
  outcome: 'ok' | 'failed';
  papers: number;
  error: string | null;
}

type Row = Record<string, unknown>;

function toFigures(r: Row): CitationFigures {
  return {
    citationCount: r.citation_count === null ? null : Number(r.citation_count),
    venue: r.venue === null ? null : String(r.venue),
    fetchedAt: String(r.fetched_at),
  };
}

/** Reads and writes the citation tables; the Store's connection is passed in, so it shares its transactions and WAL. */
export class CitationCache {
  constructor(private readonly db: Database.Database) {}

  /** Every cached paper's figures, by arXiv id. */
  all(): Map<string, CitationFigures> {
    const rows = this.db.prepare(`SELECT arxiv_id, citation_count, venue, fetched_at FROM citations`).all() as Row[];
    return new Map(rows.map((r) => [String(r.arxiv_id), toFigures(r)]));
  }

  /** One paper's cached figures, if any (a card needs one row, not the table). */
  get(arxivId: string): CitationFigures | undefined {
    const r = this.db.prepare(`SELECT citation_count, venue, fetched_at FROM citations WHERE arxiv_id = ?`).get(arxivId) as Row | undefined;
    return r ? toFigures(r) : undefined;
  }

  /**
   * Stores a successful fetch: the papers' figures replace their old ones, and the fetch is logged. Papers not
   * in `figures` keep what they had. One transaction, so a crash never leaves half a fetch.
   */
  saveFetch(figures: readonly S2PaperFigures[], at: string): void {
    const upsert = this.db.prepare(
      `INSERT INTO citations (arxiv_id, citation_count, venue, fetched_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (arxiv_id) DO UPDATE SET citation_count = excluded.citation_count, venue = excluded.venue, fetched_at = excluded.fetched_at`,
    );
    this.db.transaction(() => {
      for (const f of figures) upsert.run(f.arxivId, f.citationCount, f.venue, at);
      this.db.prepare(`INSERT INTO citation_fetches (attempted_at, outcome, papers) VALUES (?, 'ok', ?)`).run(at, figures.length);
    })();
  }

  /** Logs a failed fetch; the cached figures are left as they were. */
  saveFailure(error: string, at: string): void {
    this.db.prepare(`INSERT INTO citation_fetches (attempted_at, outcome, papers, error) VALUES (?, 'failed', 0, ?)`).run(at, error);
  }

  /** The latest fetch attempt, successful or not. */
  lastAttempt(): FetchRecord | undefined {
    const r = this.db.prepare(`SELECT attempted_at, outcome, papers, error FROM citation_fetches ORDER BY id DESC LIMIT 1`).get() as Row | undefined;
    return r
      ? {
          attemptedAt: String(r.attempted_at),
          outcome: r.outcome as FetchRecord['outcome'],
          papers: Number(r.papers),
          error: r.error === null ? null : String(r.error),
        }
      : undefined;
  }

  /** When the last successful fetch happened. */
  lastSuccessAt(): string | undefined {
    const r = this.db.prepare(`SELECT attempted_at FROM citation_fetches WHERE outcome = 'ok' ORDER BY id DESC LIMIT 1`).get() as Row | undefined;
    return r ? String(r.attempted_at) : undefined;
  }
}
