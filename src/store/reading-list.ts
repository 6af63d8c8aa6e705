/**
 * A server's shared reading list and the members' verdicts on digest papers (`reading_list` and
 * `paper_feedback` of the state database). Saving copies the paper's full metadata, so a saved paper outlives
 * the digest's retention window and stays searchable under `scope:reading-list`.
 *
 * Every write is one statement or one transaction and is idempotent: pressing *Save* twice, from two
 * members, or again after a restart, leaves one row on the list and one verdict per member.
 */
import { paperSchema, type Paper } from '../corpus/schema.js';
import type { Store } from './store.js';

/** One paper on a reading list. */
export interface ReadingListEntry {
  paper: Paper;
  /** User id of the member who saved it first. */
  savedBy: string;
  /** ISO 8601. */
  savedAt: string;
}

/** A member's verdict on a paper: saved to the list, or not relevant. */
export type Verdict = 'save' | 'not-relevant';

/** One recorded verdict, with the paper as it was when the member pressed the button. */
export interface FeedbackRow {
  guildId: string;
  paper: Paper;
  userId: string;
  verdict: Verdict;
  at: string;
}

/** The outcome of {@link ReadingListStore.save}. */
export interface SaveResult {
  /** False when the paper was on the list already (the entry is unchanged). */
  added: boolean;
  entry: ReadingListEntry;
  /** The member's verdict before this press, if any. */
  previous: Verdict | null;
}

type Row = Record<string, unknown>;

function toEntry(r: Row): ReadingListEntry {
  return { paper: paperSchema.parse(JSON.parse(String(r.json))), savedBy: String(r.saved_by), savedAt: String(r.saved_at) };
}

/** The reading lists and feedback of every server, over the state database. */
export class ReadingListStore {
  constructor(private readonly store: Store) {}

  private get db() {
    return this.store.db;
  }

  private verdictOf(guildId: string, arxivId: string, userId: string): Verdict | null {
    const r = this.db.prepare(`SELECT verdict FROM paper_feedback WHERE guild_id = ? AND arxiv_id = ? AND user_id = ?`).get(guildId, arxivId, userId) as
      Row | undefined;
    return r ? (r.verdict as Verdict) : null;
  }

  private recordVerdict(guildId: string, paper: Paper, userId: string, verdict: Verdict, at: string): void {
    this.db
      .prepare(
        `INSERT INTO paper_feedback (guild_id, arxiv_id, user_id, verdict, json, at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (guild_id, arxiv_id, user_id) DO UPDATE SET verdict = excluded.verdict, json = excluded.json, at = excluded.at`,
      )
      .run(guildId, paper.arxivId, userId, verdict, JSON.stringify(paper), at);
  }

  /**
   * Saves a paper to a server's list (once: a second save keeps the first saver and date) and records the
   * member's verdict, in one transaction. The paper is validated first, so the list never holds one the
   * corpus would refuse.
   */
  save(guildId: string, input: Paper, userId: string, at: string): SaveResult {
    const paper = paperSchema.parse(input);
    return this.db.transaction((): SaveResult => {
      const previous = this.verdictOf(guildId, paper.arxivId, userId);
      const added =
        this.db
          .prepare(`INSERT OR IGNORE INTO reading_list (guild_id, arxiv_id, json, saved_by, saved_at) VALUES (?, ?, ?, ?, ?)`)
          .run(guildId, paper.arxivId, JSON.stringify(paper), userId, at).changes > 0;
      this.recordVerdict(guildId, paper, userId, 'save', at);
      return { added, entry: this.get(guildId, paper.arxivId)!, previous };
    })();
  }

  /** Records that a member finds a paper not relevant; returns their verdict before. The list is not changed. */
  markNotRelevant(guildId: string, input: Paper, userId: string, at: string): Verdict | null {
    const paper = paperSchema.parse(input);
    return this.db.transaction((): Verdict | null => {
      const previous = this.verdictOf(guildId, paper.arxivId, userId);
      this.recordVerdict(guildId, paper, userId, 'not-relevant', at);
      return previous;
    })();
  }

  /** Takes a paper off a server's list; false when it was not there. Members' verdicts stay (they feed the ranking). */
  remove(guildId: string, arxivId: string): boolean {
    return this.db.prepare(`DELETE FROM reading_list WHERE guild_id = ? AND arxiv_id = ?`).run(guildId, arxivId).changes > 0;
  }

  /** One entry of a server's list. */
  get(guildId: string, arxivId: string): ReadingListEntry | undefined {
    const r = this.db.prepare(`SELECT * FROM reading_list WHERE guild_id = ? AND arxiv_id = ?`).get(guildId, arxivId) as Row | undefined;
    return r ? toEntry(r) : undefined;
  }

  /** A page of a server's list, newest saves first (ties by id, so pages never overlap). */
  list(guildId: string, limit = -1, offset = 0): ReadingListEntry[] {
    const rows = this.db
      .prepare(`SELECT * FROM reading_list WHERE guild_id = ? ORDER BY saved_at DESC, arxiv_id DESC LIMIT ? OFFSET ?`)
      .all(guildId, limit, Math.max(0, offset)) as Row[];
    return rows.map(toEntry);
  }

  /** How many papers a server's list holds. */
  count(guildId: string): number {
    return Number((this.db.prepare(`SELECT COUNT(*) AS n FROM reading_list WHERE guild_id = ?`).get(guildId) as Row).n);
  }

  /** Every verdict of a server (the digest ranking reads them), oldest first. */
  feedback(guildId: string): FeedbackRow[] {
    const rows = this.db.prepare(`SELECT * FROM paper_feedback WHERE guild_id = ? ORDER BY at, arxiv_id, user_id`).all(guildId) as Row[];
    return rows.map((r) => ({
      guildId: String(r.guild_id),
      paper: paperSchema.parse(JSON.parse(String(r.json))),
      userId: String(r.user_id),
      verdict: r.verdict as Verdict,
      at: String(r.at),
    }));
  }

  /** A digest paper by id, from `field_papers`, while it is retained there (see {@link Store.fieldPaper}). */
  fieldPaper(arxivId: string): Paper | undefined {
    return this.store.fieldPaper(arxivId);
  }
}
