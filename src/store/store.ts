/**
 * The bot's durable state in SQLite (better-sqlite3): papers found after the seed, the announcement outbox,
 * guild settings, reviews, reading-group picks and the run log.
 *
 * Every write that belongs together is one transaction, so a crash at any instant loses nothing and
 * duplicates nothing: a paper and its outbox rows appear together or not at all, and a row is marked sent
 * only after Discord accepted its message. better-sqlite3 is synchronous, which suits this: one process,
 * short transactions, no interleaving between await points inside a write.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { paperSchema, type Paper } from '../corpus/schema.js';
import { describeStoreFailure } from './errors.js';
import { migrate } from './migrations.js';
import type { ChannelTarget, Discoveries, GuildSettings, OutboxRow, RecordResult, ReviewRow, RunCounts, RunOutcome, RunRecord, StoredPaper } from './types.js';

/** Options for {@link Store.open}. */
export interface StoreOptions {
  /** Clock, for tests. */
  now?: () => Date;
  /** Open read-only (the CLI's dry run beside a running bot). The file must exist. */
  readonly?: boolean;
}

type Row = Record<string, unknown>;

const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

function toOutbox(r: Row): OutboxRow {
  return {
    id: Number(r.id),
    kind: r.kind as OutboxRow['kind'],
    guildId: str(r.guild_id),
    channelId: String(r.channel_id),
    ref: String(r.ref),
    payload: str(r.payload),
    status: r.status as OutboxRow['status'],
    nonce: str(r.nonce),
    messageId: str(r.message_id),
    reason: str(r.reason),
    attempts: Number(r.attempts),
    createdAt: String(r.created_at),
    updatedAt: String(r.updated_at),
  };
}

function toRun(r: Row): RunRecord {
  return {
    id: Number(r.id),
    reason: String(r.reason),
    startedAt: String(r.started_at),
    finishedAt: str(r.finished_at),
    outcome: r.outcome as RunOutcome,
    counts: r.counts ? (JSON.parse(String(r.counts)) as RunCounts) : {},
    error: str(r.error),
  };
}

function toReview(r: Row): ReviewRow {
  return {
    paper: paperSchema.parse(JSON.parse(String(r.json))),
    reasons: JSON.parse(String(r.reasons)) as string[],
    status: r.status as ReviewRow['status'],
    decidedBy: str(r.decided_by),
    decidedAt: str(r.decided_at),
    createdAt: String(r.created_at),
  };
}

function toStoredPaper(r: Row): StoredPaper {
  return {
    paper: paperSchema.parse(JSON.parse(String(r.json))),
    origin: r.origin as StoredPaper['origin'],
    firstSeen: String(r.first_seen),
    latestVersion: r.latest_version === null ? null : Number(r.latest_version),
  };
}

function toSettings(r: Row): GuildSettings {
  return {
    guildId: String(r.guild_id),
    announceChannelId: str(r.announce_channel_id),
    adminChannelId: str(r.admin_channel_id),
    roleId: str(r.role_id),
    updatedAt: String(r.updated_at),
  };
}

/** True for failures of the file or folder (SQLite or file-system codes), as opposed to bugs in the code. */
function isEnvironmentFailure(err: unknown): boolean {
  if (err instanceof Database.SqliteError) return !/^SQLITE_(ERROR|CONSTRAINT|MISMATCH|RANGE|MISUSE)/.test(err.code);
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' && /^E[A-Z]+$/.test(code);
}

/** The state database. Create one per process with {@link Store.open}; close it on shutdown. */
export class Store {
  private readonly now: () => Date;
  /** Random per database, so nonces from a recreated database never collide with old ones. */
  readonly instanceId: string;

  private constructor(
    /** The underlying connection, for the picks store and tests; other callers use the typed methods. */
    readonly db: Database.Database,
    options: StoreOptions,
  ) {
    this.now = options.now ?? (() => new Date());
    const row = db.prepare(`SELECT value FROM meta WHERE key = 'instance'`).get() as Row | undefined;
    if (row) {
      this.instanceId = String(row.value);
    } else if (options.readonly) {
      this.instanceId = 'ro';
    } else {
      this.instanceId = randomBytes(4).toString('base64url').replace(/[-_]/g, 'x').slice(0, 5);
      db.prepare(`INSERT INTO meta (key, value) VALUES ('instance', ?)`).run(this.instanceId);
    }
  }

  /**
   * Opens (creating and migrating on first use) the database at `file`: WAL journal, so readers never wait
   * for the writer, and a busy timeout, so a CLI run beside the bot waits instead of failing.
   *
   * @throws StoreError when the file is corrupt, or it or its folder cannot be created, opened or written
   */
  static open(file: string, options: StoreOptions = {}): Store {
    let db: Database.Database | undefined;
    try {
      if (!options.readonly && file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
      db = new Database(file, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
      db.pragma('busy_timeout = 5000');
      if (!options.readonly) {
        db.pragma('journal_mode = WAL');
        db.pragma('synchronous = NORMAL');
        db.pragma('foreign_keys = ON');
        migrate(db);
      }
      return new Store(db, options);
    } catch (err) {
      db?.close();
      // SQLite says "file is not a database" or "unable to open database file" and nothing else; the admin
      // needs the file, the cause and the remedy. Errors of the code itself stay as they are.
      if (isEnvironmentFailure(err)) throw describeStoreFailure(file, err, options);
      throw err;
    }
  }

  /** Closes the connection; further calls throw. Safe to call twice. */
  close(): void {
    if (this.db.open) this.db.close();
  }

  private iso(): string {
    return this.now().toISOString();
  }

  // ---- papers -------------------------------------------------------------------------------------

  /** Every paper found after the seed (and refreshed seed papers), oldest first. */
  storedPapers(): StoredPaper[] {
    return (this.db.prepare(`SELECT * FROM papers ORDER BY first_seen, arxiv_id`).all() as Row[]).map(toStoredPaper);
  }

  /** One stored paper by bare id. */
  storedPaper(arxivId: string): StoredPaper | undefined {
    const r = this.db.prepare(`SELECT * FROM papers WHERE arxiv_id = ?`).get(arxivId) as Row | undefined;
    return r ? toStoredPaper(r) : undefined;
  }

  /**
   * A digest paper by bare id, from `field_papers` while it is retained there. A row that no longer reads as a
   * paper counts as gone (its caller says so) rather than failing the interaction or delivery that asked.
   */
  fieldPaper(arxivId: string): Paper | undefined {
    const r = this.db.prepare(`SELECT json FROM field_papers WHERE arxiv_id = ?`).get(arxivId) as Row | undefined;
    if (!r) return undefined;
    try {
      const parsed = paperSchema.safeParse(JSON.parse(String(r.json)));
      return parsed.success ? parsed.data : undefined;
    } catch {
      return undefined;
    }
  }

  /** Validates before writing: the store never holds a paper the corpus would refuse at start-up. */
  private upsertPaper(input: Paper, origin: StoredPaper['origin'], at: string): void {
    const paper = paperSchema.parse(input);
    this.db
      .prepare(
        `INSERT INTO papers (arxiv_id, json, origin, first_seen, latest_version, updated_at)
         VALUES (@id, @json, @origin, @at, @version, @at)
         ON CONFLICT (arxiv_id) DO UPDATE SET json = excluded.json,
           latest_version = MAX(COALESCE(papers.latest_version, 0), COALESCE(excluded.latest_version, 0)),
           updated_at = excluded.updated_at`,
      )
      .run({ id: paper.arxivId, json: JSON.stringify(paper), origin, at, version: paper.version ?? null });
  }

  // ---- discoveries (one transaction per check) ----------------------------------------------------

  /** True once the first, silent check has recorded what existed on arXiv: later checks announce. */
  hasBaseline(): boolean {
    return this.db.prepare(`SELECT 1 FROM meta WHERE key = 'baseline_at'`).get() !== undefined;
  }

  /** True when a channel has had its first, silent run. */
  isBaselined(channelId: string): boolean {
    return this.db.prepare(`SELECT 1 FROM channel_baselines WHERE channel_id = ?`).get(channelId) !== undefined;
  }

  /** Marks a channel as baselined: only papers found from now on are posted there. */
  baselineChannel(channelId: string): void {
    this.db.prepare(`INSERT OR IGNORE INTO channel_baselines (channel_id, baselined_at) VALUES (?, ?)`).run(channelId, this.iso());
  }

  /**
   * Writes everything one check found in ONE transaction: new papers, their outbox rows for every baselined
   * announcement channel, metadata updates, reviews and their cards, and the baseline of channels that had
   * none (they get nothing this time). A paper already queued for a channel is never queued again.
   */
  recordDiscoveries(d: Discoveries): RecordResult {
    const at = this.iso();
    const insertOutbox = this.db.prepare(
      `INSERT OR IGNORE INTO outbox (kind, guild_id, channel_id, ref, created_at, updated_at)
       VALUES (@kind, @guildId, @channelId, @ref, @at, @at)`,
    );
    const insertReview = this.db.prepare(`INSERT OR IGNORE INTO reviews (arxiv_id, json, reasons, status, created_at) VALUES (?, ?, ?, ?, ?)`);
    return this.db.transaction((): RecordResult => {
      const result: RecordResult = { queued: 0, reviewsCreated: 0, reviewCardsQueued: 0, baselined: [] };
      if (d.silent) this.db.prepare(`INSERT OR IGNORE INTO meta (key, value) VALUES ('baseline_at', ?)`).run(at);
      const live: ChannelTarget[] = [];
      for (const t of dedupeTargets(d.announceTargets)) {
        if (!this.isBaselined(t.channelId)) {
          this.baselineChannel(t.channelId);
          result.baselined.push(t.channelId);
        } else if (!d.silent) {
          live.push(t);
        }
      }
      for (const paper of d.newPapers) {
        this.upsertPaper(paper, 'arxiv', at);
        for (const t of live) result.queued += insertOutbox.run({ kind: 'paper', guildId: t.guildId, channelId: t.channelId, ref: paper.arxivId, at }).changes;
      }
      for (const paper of d.updated) this.upsertPaper(paper, this.storedPaper(paper.arxivId)?.origin ?? 'seed', at);
      for (const { paper, reasons } of d.reviews) {
        const created = insertReview.run(paper.arxivId, JSON.stringify(paper), JSON.stringify(reasons), d.silent ? 'seen' : 'pending', at).changes;
        if (!created || d.silent) continue;
        result.reviewsCreated++;
        for (const t of dedupeTargets(d.adminTargets)) {
          result.reviewCardsQueued += insertOutbox.run({ kind: 'review', guildId: t.guildId, channelId: t.channelId, ref: paper.arxivId, at }).changes;
        }
      }
      return result;
    })();
  }

  // ---- outbox -------------------------------------------------------------------------------------

  /** Rows waiting to be sent, by channel and then in the order they were queued. */
  pendingOutbox(): OutboxRow[] {
    return (this.db.prepare(`SELECT * FROM outbox WHERE status = 'pending' ORDER BY channel_id, id`).all() as Row[]).map(toOutbox);
  }

  /** Rows that failed for good, newest first. */
  failedOutbox(limit = 20): OutboxRow[] {
    return (this.db.prepare(`SELECT * FROM outbox WHERE status = 'failed' ORDER BY id DESC LIMIT ?`).all(limit) as Row[]).map(toOutbox);
  }

  /** All rows of one channel, in queue order (tests, status). */
  outboxFor(channelId: string): OutboxRow[] {
    return (this.db.prepare(`SELECT * FROM outbox WHERE channel_id = ? ORDER BY id`).all(channelId) as Row[]).map(toOutbox);
  }

  /** Counts by status. */
  outboxCounts(): Record<'pending' | 'sent' | 'failed', number> {
    const out = { pending: 0, sent: 0, failed: 0 };
    for (const r of this.db.prepare(`SELECT status, COUNT(*) AS n FROM outbox GROUP BY status`).all() as Row[]) {
      out[r.status as keyof typeof out] = Number(r.n);
    }
    return out;
  }

  /**
   * Fixes which rows make up one message by giving them its nonce, before anything is sent. After a crash
   * the same rows are resent as the same message with the same nonce, which Discord deduplicates.
   */
  assignNonce(rowIds: number[], nonce: string): void {
    const stmt = this.db.prepare(`UPDATE outbox SET nonce = ?, updated_at = ? WHERE id = ? AND nonce IS NULL AND status = 'pending'`);
    const at = this.iso();
    this.db.transaction(() => {
      for (const id of rowIds) stmt.run(nonce, at, id);
    })();
  }

  /** Counts one more delivery attempt on rows (shown in status; no decision depends on it). */
  recordAttempt(rowIds: number[], error?: string): void {
    const stmt = this.db.prepare(`UPDATE outbox SET attempts = attempts + 1, reason = COALESCE(?, reason), updated_at = ? WHERE id = ?`);
    const at = this.iso();
    this.db.transaction(() => {
      for (const id of rowIds) stmt.run(error ?? null, at, id);
    })();
  }

  /** Marks rows sent, with the id of the message Discord created. Call only after Discord accepted it. */
  markSent(rowIds: number[], messageId: string): void {
    const stmt = this.db.prepare(`UPDATE outbox SET status = 'sent', message_id = ?, reason = NULL, updated_at = ? WHERE id = ? AND status = 'pending'`);
    const at = this.iso();
    this.db.transaction(() => {
      for (const id of rowIds) stmt.run(messageId, at, id);
    })();
  }

  /**
   * Marks rows failed for good and, in the same transaction, queues the alert that tells the admins, so a
   * failure is never recorded without its report.
   */
  markFailed(rowIds: number[], reason: string, alert?: { target: ChannelTarget; key: string; text: string }): void {
    const stmt = this.db.prepare(`UPDATE outbox SET status = 'failed', reason = ?, updated_at = ? WHERE id = ? AND status = 'pending'`);
    const at = this.iso();
    this.db.transaction(() => {
      for (const id of rowIds) stmt.run(reason, at, id);
      if (alert) this.queueAlert(alert.target, alert.key, alert.text);
    })();
  }

  /**
   * Queues a plain-text alert for an admin channel, once per `key` and channel: the same problem found
   * again (a flood arXiv repeats all day) is not reported twice.
   *
   * @returns whether a new alert was queued
   */
  queueAlert(target: ChannelTarget, key: string, text: string): boolean {
    const at = this.iso();
    const inserted = this.db
      .prepare(
        `INSERT OR IGNORE INTO outbox (kind, guild_id, channel_id, ref, payload, created_at, updated_at)
         VALUES ('alert', ?, ?, ?, ?, ?, ?)`,
      )
      .run(target.guildId, target.channelId, key, text, at, at);
    return inserted.changes > 0;
  }

  /** Puts failed rows of a channel back in the queue (after an admin fixed the bot's permissions). */
  requeueFailed(channelId?: string): number {
    const sql = `UPDATE outbox SET status = 'pending', nonce = NULL, reason = NULL, updated_at = ? WHERE status = 'failed' AND kind != 'alert'`;
    return channelId ? this.db.prepare(`${sql} AND channel_id = ?`).run(this.iso(), channelId).changes : this.db.prepare(sql).run(this.iso()).changes;
  }

  // ---- guild settings -----------------------------------------------------------------------------

  /** A server's settings, when any were made. */
  guildSettings(guildId: string): GuildSettings | undefined {
    const r = this.db.prepare(`SELECT * FROM guild_settings WHERE guild_id = ?`).get(guildId) as Row | undefined;
    return r ? toSettings(r) : undefined;
  }

  /** Every server's settings. */
  allGuildSettings(): GuildSettings[] {
    return (this.db.prepare(`SELECT * FROM guild_settings ORDER BY guild_id`).all() as Row[]).map(toSettings);
  }

  private setGuildField(guildId: string, column: 'announce_channel_id' | 'admin_channel_id' | 'role_id', value: string | null): void {
    this.db
      .prepare(
        `INSERT INTO guild_settings (guild_id, ${column}, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (guild_id) DO UPDATE SET ${column} = excluded.${column}, updated_at = excluded.updated_at`,
      )
      .run(guildId, value, this.iso());
  }

  /**
   * Sets a server's announcement channel. When the first check has recorded what exists,
   * so the channel is baselined at once and the next new paper is posted there; otherwise the next run is
   * its silent first run.
   */
  setAnnounceChannel(guildId: string, channelId: string): void {
    this.db.transaction(() => {
      this.setGuildField(guildId, 'announce_channel_id', channelId);
      if (this.hasBaseline()) this.baselineChannel(channelId);
    })();
  }

  /** Sets a server's admin channel and queues the cards of reviews still waiting there. */
  setAdminChannel(guildId: string, channelId: string): number {
    return this.db.transaction(() => {
      this.setGuildField(guildId, 'admin_channel_id', channelId);
      const at = this.iso();
      return this.db
        .prepare(
          `INSERT OR IGNORE INTO outbox (kind, guild_id, channel_id, ref, created_at, updated_at)
           SELECT 'review', ?, ?, arxiv_id, ?, ? FROM reviews WHERE status = 'pending' ORDER BY created_at`,
        )
        .run(guildId, channelId, at, at).changes;
    })();
  }

  /** Sets or clears (null) the role pinged with announcements in a server. */
  setRole(guildId: string, roleId: string | null): void {
    this.setGuildField(guildId, 'role_id', roleId);
  }

  // ---- reviews ------------------------------------------------------------------------------------

  /** Reviews waiting for an admin, oldest first. */
  pendingReviews(): ReviewRow[] {
    return (this.db.prepare(`SELECT * FROM reviews WHERE status = 'pending' ORDER BY created_at, arxiv_id`).all() as Row[]).map(toReview);
  }

  /** One review by bare id, whatever its status. */
  review(arxivId: string): ReviewRow | undefined {
    const r = this.db.prepare(`SELECT * FROM reviews WHERE arxiv_id = ?`).get(arxivId) as Row | undefined;
    return r ? toReview(r) : undefined;
  }

  /** Ids that have a review row in any status: they are handled and never classified again. */
  reviewedIds(): Set<string> {
    return new Set((this.db.prepare(`SELECT arxiv_id FROM reviews`).all() as Row[]).map((r) => String(r.arxiv_id)));
  }

  /** Ids an admin rejected: the store's own exclude list, on top of the roster's. */
  rejectedIds(): Set<string> {
    return new Set((this.db.prepare(`SELECT arxiv_id FROM reviews WHERE status = 'rejected'`).all() as Row[]).map((r) => String(r.arxiv_id)));
  }

  /**
   * Records an admin's decision on a pending review, in one transaction. Approving saves the paper as the
   * lab's and queues it for every announcement channel; rejecting excludes it for good.
   *
   * @returns the decided review, or `{ already }` with the earlier decision when it was not pending
   */
  decideReview(
    arxivId: string,
    decision: 'approved' | 'rejected',
    adminId: string,
    announceTargets: ChannelTarget[],
  ): { review: ReviewRow; queued: number } | { already: ReviewRow } | undefined {
    return this.db.transaction(() => {
      const current = this.review(arxivId);
      if (!current) return undefined;
      if (current.status !== 'pending' && current.status !== 'seen') return { already: current };
      const at = this.iso();
      this.db.prepare(`UPDATE reviews SET status = ?, decided_by = ?, decided_at = ? WHERE arxiv_id = ?`).run(decision, adminId, at, arxivId);
      let queued = 0;
      if (decision === 'approved') {
        const paper = { ...current.paper, attribution: 'lab' as const, source: 'arxiv' as const };
        this.upsertPaper(paper, 'approved', at);
        const stmt = this.db.prepare(`INSERT OR IGNORE INTO outbox (kind, guild_id, channel_id, ref, created_at, updated_at) VALUES ('paper', ?, ?, ?, ?, ?)`);
        for (const t of dedupeTargets(announceTargets)) queued += stmt.run(t.guildId, t.channelId, arxivId, at, at).changes;
      }
      return { review: this.review(arxivId)!, queued };
    })();
  }

  // ---- run log ------------------------------------------------------------------------------------

  /** Opens a run-log entry and returns its id. */
  startRun(reason: string): number {
    return Number(this.db.prepare(`INSERT INTO runs (reason, started_at) VALUES (?, ?)`).run(reason, this.iso()).lastInsertRowid);
  }

  /** Closes a run-log entry. */
  finishRun(id: number, outcome: Exclude<RunOutcome, 'running'>, counts: RunCounts, error?: string): void {
    this.db
      .prepare(`UPDATE runs SET finished_at = ?, outcome = ?, counts = ?, error = ? WHERE id = ?`)
      .run(this.iso(), outcome, JSON.stringify(counts), error ?? null, id);
  }

  /** Marks runs left `running` by a process that died as `interrupted`. Call once at start-up. */
  closeInterruptedRuns(): number {
    return this.db.prepare(`UPDATE runs SET outcome = 'interrupted', finished_at = ? WHERE outcome = 'running'`).run(this.iso()).changes;
  }

  /** The latest run of any outcome. */
  lastRun(): RunRecord | undefined {
    const r = this.db.prepare(`SELECT * FROM runs ORDER BY id DESC LIMIT 1`).get() as Row | undefined;
    return r ? toRun(r) : undefined;
  }

  /** The latest run that succeeded: the catch-up logic compares it with the schedule. */
  lastSuccessfulRun(): RunRecord | undefined {
    const r = this.db.prepare(`SELECT * FROM runs WHERE outcome = 'ok' ORDER BY id DESC LIMIT 1`).get() as Row | undefined;
    return r ? toRun(r) : undefined;
  }

  /** The latest runs, newest first. */
  recentRuns(limit = 10): RunRecord[] {
    return (this.db.prepare(`SELECT * FROM runs ORDER BY id DESC LIMIT ?`).all(limit) as Row[]).map(toRun);
  }
}

/** Removes repeated channels (the environment's default may also be a server's setting). */
function dedupeTargets(targets: ChannelTarget[]): ChannelTarget[] {
  const seen = new Map<string, ChannelTarget>();
  for (const t of targets) if (!seen.has(t.channelId)) seen.set(t.channelId, t);
  return [...seen.values()];
}
