/**
 * The digest's part of `state.db`: the day's field papers (`field_papers`), the digest outbox rows (kind
 * `digest`, ref `digest:<day>`, one per channel and day by the outbox's UNIQUE key), their delivery
 * progress, the digest run log and the per-server digest settings. Members' feedback (`paper_feedback`) is
 * read here for the ranking; the reading-list feature writes it.
 */
import { paperSchema, type Paper } from '../corpus/schema.js';
import type { ChannelTarget, OutboxRow, Store } from '../store/index.js';
import type { FieldPaper } from './source.js';

/** What one digest message says; stored as the outbox row's payload, so a resend posts the same digest. */
export interface DigestPayload {
  day: string;
  categories: string[];
  /** New papers and cross-lists of the day (the candidates). */
  candidates: number;
  /** Lab papers in the listing: announced by the lab announcement, left out of the digest. */
  labPapers: string[];
  picks: { arxivId: string; reason: string; marker?: 'lab-author' | 'lab-coauthor' }[];
}

/** How a digest run ended. */
export type DigestOutcome = 'running' | 'queued' | 'empty' | 'no-announcement' | 'already-done' | 'failed' | 'interrupted';

/** Counts a digest run reports. */
export interface DigestCounts {
  listed?: number;
  candidates?: number;
  picked?: number;
  skipped?: number;
  queued?: number;
  sent?: number;
  failed?: number;
}

/** One entry of the digest run log. */
export interface DigestRun {
  id: number;
  reason: string;
  startedAt: string;
  finishedAt: string | null;
  outcome: DigestOutcome;
  listedOn: string | null;
  via: string | null;
  counts: DigestCounts;
  error: string | null;
}

/** A server's digest settings from `/paper-admin digest`; null fields fall back to the configuration. */
export interface DigestSettings {
  guildId: string;
  channelId: string | null;
  categories: string[] | null;
  size: number | null;
  enabled: boolean | null;
}

/** What reaching Discord has got to for one digest row. */
export interface DigestProgress {
  headerMessageId: string | null;
  threadId: string | null;
  cardsSent: number;
}

type Row = Record<string, unknown>;
const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

/** The outbox ref of a channel's digest for a day. */
export const digestRef = (day: string) => `digest:${day}`;

/** Typed access to the digest tables of a {@link Store}. */
export class DigestStore {
  constructor(
    readonly store: Store,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private get db() {
    return this.store.db;
  }

  private iso(): string {
    return this.now().toISOString();
  }

  /** Opens a digest run-log entry. */
  startRun(reason: string): number {
    return Number(this.db.prepare(`INSERT INTO digest_runs (reason, started_at) VALUES (?, ?)`).run(reason, this.iso()).lastInsertRowid);
  }

  /** Closes a digest run-log entry. */
  finishRun(
    id: number,
    outcome: Exclude<DigestOutcome, 'running'>,
    details: { listedOn?: string | null; via?: string; counts?: DigestCounts; error?: string },
  ): void {
    this.db
      .prepare(`UPDATE digest_runs SET finished_at = ?, outcome = ?, listed_on = ?, via = ?, counts = ?, error = ? WHERE id = ?`)
      .run(this.iso(), outcome, details.listedOn ?? null, details.via ?? null, JSON.stringify(details.counts ?? {}), details.error ?? null, id);
  }

  /** Marks runs left `running` by a process that died as `interrupted`. */
  closeInterruptedRuns(): number {
    return this.db.prepare(`UPDATE digest_runs SET outcome = 'interrupted', finished_at = ? WHERE outcome = 'running'`).run(this.iso()).changes;
  }

  /** The latest digest runs, newest first. */
  recentRuns(limit = 5): DigestRun[] {
    return (this.db.prepare(`SELECT * FROM digest_runs ORDER BY id DESC LIMIT ?`).all(limit) as Row[]).map((r) => ({
      id: Number(r.id),
      reason: String(r.reason),
      startedAt: String(r.started_at),
      finishedAt: str(r.finished_at),
      outcome: r.outcome as DigestOutcome,
      listedOn: str(r.listed_on),
      via: str(r.via),
      counts: r.counts ? (JSON.parse(String(r.counts)) as DigestCounts) : {},
      error: str(r.error),
    }));
  }

  /** The latest run that read arXiv successfully (whatever it found), for the start-up catch-up. */
  lastSuccessfulRun(): DigestRun | undefined {
    return this.recentRuns(20).find((r) => ['queued', 'empty', 'no-announcement', 'already-done'].includes(r.outcome));
  }

  /** Whether a channel already has (or had) its digest of a day queued, in any status. */
  hasDigest(channelId: string, day: string): boolean {
    return this.db.prepare(`SELECT 1 FROM outbox WHERE channel_id = ? AND kind = 'digest' AND ref = ?`).get(channelId, digestRef(day)) !== undefined;
  }

  /**
   * Stores a day's field papers and queues each channel's digest, in ONE transaction: a crash leaves either
   * both or neither. A channel's digest of a day is queued once, ever (the outbox's UNIQUE key).
   *
   * @returns the digest rows created
   */
  recordDay(day: string, papers: readonly FieldPaper[], digests: readonly { target: ChannelTarget; payload: DigestPayload }[]): number {
    const at = this.iso();
    const insertPaper = this.db.prepare(
      `INSERT INTO field_papers (arxiv_id, json, listed_on, announce_type, first_seen) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (arxiv_id) DO UPDATE SET json = excluded.json`,
    );
    const insertDigest = this.db.prepare(
      `INSERT OR IGNORE INTO outbox (kind, guild_id, channel_id, ref, payload, created_at, updated_at) VALUES ('digest', ?, ?, ?, ?, ?, ?)`,
    );
    return this.db.transaction(() => {
      for (const { paper, announceType } of papers) insertPaper.run(paper.arxivId, JSON.stringify(paperSchema.parse(paper)), day, announceType, at);
      let queued = 0;
      for (const { target, payload } of digests) {
        queued += insertDigest.run(target.guildId, target.channelId, digestRef(day), JSON.stringify(payload), at, at).changes;
      }
      return queued;
    })();
  }

  /** One field paper by bare id (see {@link Store.fieldPaper}). */
  fieldPaper(arxivId: string): Paper | undefined {
    return this.store.fieldPaper(arxivId);
  }

  /** Field papers of one announcement day. */
  fieldPapersOn(day: string): Paper[] {
    return (this.db.prepare(`SELECT json FROM field_papers WHERE listed_on = ? ORDER BY arxiv_id`).all(day) as Row[]).map((r) =>
      paperSchema.parse(JSON.parse(String(r.json))),
    );
  }

  /**
   * Members' verdicts for the ranking: papers saved and papers marked not relevant, in a server (or in all
   * of them for null). A paper both saved and dismissed (by different members) counts as saved.
   */
  feedback(guildId: string | null): { saves: Paper[]; notRelevant: Paper[] } {
    const rows = (
      guildId === null
        ? this.db.prepare(`SELECT arxiv_id, verdict, json FROM paper_feedback ORDER BY arxiv_id, at`).all()
        : this.db.prepare(`SELECT arxiv_id, verdict, json FROM paper_feedback WHERE guild_id = ? ORDER BY arxiv_id, at`).all(guildId)
    ) as Row[];
    const saves = new Map<string, Paper>();
    const not = new Map<string, Paper>();
    for (const r of rows) {
      const parsed = paperSchema.safeParse(JSON.parse(String(r.json)));
      if (!parsed.success) continue;
      (r.verdict === 'save' ? saves : not).set(String(r.arxiv_id), parsed.data);
    }
    for (const id of saves.keys()) not.delete(id);
    return { saves: [...saves.values()], notRelevant: [...not.values()] };
  }

  /** Digest and digest-alert rows waiting to be sent, oldest first. */
  pendingRows(): OutboxRow[] {
    return this.store.pendingOutbox().filter((r) => r.kind === 'digest' || r.kind === 'digest-alert');
  }

  /** The latest digests of any status, newest first (for `/paper-admin status`). */
  recentDigests(limit = 5): { channelId: string; day: string; status: OutboxRow['status']; reason: string | null; updatedAt: string }[] {
    return (
      this.db.prepare(`SELECT channel_id, ref, status, reason, updated_at FROM outbox WHERE kind = 'digest' ORDER BY id DESC LIMIT ?`).all(limit) as Row[]
    ).map((r) => ({
      channelId: String(r.channel_id),
      day: String(r.ref).replace(/^digest:/, ''),
      status: r.status as OutboxRow['status'],
      reason: str(r.reason),
      updatedAt: String(r.updated_at),
    }));
  }

  /**
   * Queues an alert about the digest for an admin channel, once per key and channel.
   *
   * @returns whether a new alert was queued
   */
  queueAlert(target: ChannelTarget, key: string, text: string): boolean {
    const at = this.iso();
    return (
      this.db
        .prepare(`INSERT OR IGNORE INTO outbox (kind, guild_id, channel_id, ref, payload, created_at, updated_at) VALUES ('digest-alert', ?, ?, ?, ?, ?, ?)`)
        .run(target.guildId, target.channelId, key, text, at, at).changes > 0
    );
  }

  /** What has reached Discord of a digest row. */
  progress(outboxId: number): DigestProgress {
    const r = this.db.prepare(`SELECT * FROM digest_deliveries WHERE outbox_id = ?`).get(outboxId) as Row | undefined;
    return { headerMessageId: str(r?.header_message_id), threadId: str(r?.thread_id), cardsSent: r ? Number(r.cards_sent) : 0 };
  }

  /** Records delivery progress of a digest row (call only after Discord accepted that step). */
  saveProgress(outboxId: number, p: DigestProgress): void {
    this.db
      .prepare(
        `INSERT INTO digest_deliveries (outbox_id, header_message_id, thread_id, cards_sent) VALUES (?, ?, ?, ?)
         ON CONFLICT (outbox_id) DO UPDATE SET header_message_id = excluded.header_message_id, thread_id = excluded.thread_id, cards_sent = excluded.cards_sent`,
      )
      .run(outboxId, p.headerMessageId, p.threadId, p.cardsSent);
  }

  /** A server's digest settings, when any were made. */
  settings(guildId: string): DigestSettings | undefined {
    const r = this.db.prepare(`SELECT * FROM digest_settings WHERE guild_id = ?`).get(guildId) as Row | undefined;
    return r ? toSettings(r) : undefined;
  }

  /** Every server's digest settings. */
  allSettings(): DigestSettings[] {
    return (this.db.prepare(`SELECT * FROM digest_settings ORDER BY guild_id`).all() as Row[]).map(toSettings);
  }

  /** Changes some of a server's digest settings; fields left undefined keep their value. */
  updateSettings(guildId: string, change: Partial<Omit<DigestSettings, 'guildId'>>): DigestSettings {
    const current = this.settings(guildId) ?? { guildId, channelId: null, categories: null, size: null, enabled: null };
    const next = { ...current, ...Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined)) } as DigestSettings;
    this.db
      .prepare(
        `INSERT INTO digest_settings (guild_id, channel_id, categories, size, enabled, updated_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (guild_id) DO UPDATE SET channel_id = excluded.channel_id, categories = excluded.categories, size = excluded.size,
           enabled = excluded.enabled, updated_at = excluded.updated_at`,
      )
      .run(guildId, next.channelId, next.categories?.join(',') ?? null, next.size, next.enabled === null ? null : next.enabled ? 1 : 0, this.iso());
    return next;
  }
}

function toSettings(r: Row): DigestSettings {
  return {
    guildId: String(r.guild_id),
    channelId: str(r.channel_id),
    categories: r.categories ? String(r.categories).split(',') : null,
    size: r.size === null || r.size === undefined ? null : Number(r.size),
    enabled: r.enabled === null || r.enabled === undefined ? null : Number(r.enabled) === 1,
  };
}
