/**
 * The reading group's rows in the state database (migration 6): the polls the bot started, the sessions it
 * scheduled, each server's organiser role, and the two writes that must be atomic: a poll's outcome with its
 * pick, and a session reminder's outbox row. Picks themselves stay in the `picks` table.
 */
import type { ReadingPick } from '../picks/types.js';
import type { Store } from '../store/store.js';

/** One poll answer: Discord's answer id, the candidate paper and the text shown. */
export interface PollCandidate {
  answerId: number;
  arxivId: string;
  text: string;
}

export type PollStatus = 'open' | 'tie' | 'decided' | 'void';

/** A poll as stored. */
export interface GroupPoll {
  messageId: string;
  guildId: string;
  channelId: string;
  cardsId: string | null;
  startedBy: string;
  startedAt: string;
  expiresAt: string;
  candidates: PollCandidate[];
  status: PollStatus;
  tied: string[];
  winner: string | null;
  votes: number | null;
  decidedBy: string | null;
}

/** A scheduled session as stored. */
export interface GroupSession {
  eventId: string;
  guildId: string;
  channelId: string;
  arxivId: string;
  title: string;
  presenterId: string | null;
  createdBy: string;
  startsAt: string;
  endsAt: string;
  location: string;
  repeatWeeks: 0 | 1 | 2;
  status: 'scheduled' | 'cancelled' | 'completed';
}

type Row = Record<string, unknown>;
const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

function toPoll(r: Row): GroupPoll {
  return {
    messageId: String(r.message_id),
    guildId: String(r.guild_id),
    channelId: String(r.channel_id),
    cardsId: str(r.cards_id),
    startedBy: String(r.started_by),
    startedAt: String(r.started_at),
    expiresAt: String(r.expires_at),
    candidates: JSON.parse(String(r.candidates)) as PollCandidate[],
    status: r.status as PollStatus,
    tied: r.tied ? (JSON.parse(String(r.tied)) as string[]) : [],
    winner: str(r.winner),
    votes: r.votes === null || r.votes === undefined ? null : Number(r.votes),
    decidedBy: str(r.decided_by),
  };
}

function toSession(r: Row): GroupSession {
  return {
    eventId: String(r.event_id),
    guildId: String(r.guild_id),
    channelId: String(r.channel_id),
    arxivId: String(r.arxiv_id),
    title: String(r.title),
    presenterId: str(r.presenter_id),
    createdBy: String(r.created_by),
    startsAt: String(r.starts_at),
    endsAt: String(r.ends_at),
    location: String(r.location),
    repeatWeeks: Number(r.repeat_weeks) as 0 | 1 | 2,
    status: r.status as GroupSession['status'],
  };
}

/** The outbox kind of a session reminder. */
export const REMINDER_KIND = 'session-reminder' as const;

/** Typed access to the reading group's tables. */
export class GroupStore {
  constructor(private readonly store: Store) {}

  private get db() {
    return this.store.db;
  }

  // ---- polls ---------------------------------------------------------------------------------------

  /** Records a poll the bot has just posted. */
  addPoll(p: Omit<GroupPoll, 'status' | 'tied' | 'winner' | 'votes' | 'decidedBy'>): void {
    this.db
      .prepare(
        `INSERT INTO group_polls (message_id, guild_id, channel_id, cards_id, started_by, started_at, expires_at, candidates)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(p.messageId, p.guildId, p.channelId, p.cardsId, p.startedBy, p.startedAt, p.expiresAt, JSON.stringify(p.candidates));
  }

  /** One poll by its message id. */
  poll(messageId: string): GroupPoll | undefined {
    const r = this.db.prepare(`SELECT * FROM group_polls WHERE message_id = ?`).get(messageId) as Row | undefined;
    return r ? toPoll(r) : undefined;
  }

  /** Polls still waiting for an outcome (open), oldest first. */
  openPolls(guildId?: string): GroupPoll[] {
    const rows = guildId
      ? this.db.prepare(`SELECT * FROM group_polls WHERE status = 'open' AND guild_id = ? ORDER BY started_at`).all(guildId)
      : this.db.prepare(`SELECT * FROM group_polls WHERE status = 'open' ORDER BY started_at`).all();
    return (rows as Row[]).map(toPoll);
  }

  /** The server's newest poll that is open or waiting for its tie to be settled. */
  latestUnsettled(guildId: string): GroupPoll | undefined {
    const r = this.db.prepare(`SELECT * FROM group_polls WHERE guild_id = ? AND status IN ('open', 'tie') ORDER BY started_at DESC LIMIT 1`).get(guildId) as
      Row | undefined;
    return r ? toPoll(r) : undefined;
  }

  /** Marks an open poll tied between `arxivIds` with `votes` each; false when it was no longer open. */
  markTie(messageId: string, arxivIds: string[], votes: number, at: string): boolean {
    return (
      this.db
        .prepare(`UPDATE group_polls SET status = 'tie', tied = ?, votes = ?, decided_at = ? WHERE message_id = ? AND status = 'open'`)
        .run(JSON.stringify(arxivIds), votes, at, messageId).changes > 0
    );
  }

  /** Moves an open poll's end to `at` (it was ended early), so the periodic check reads its results. */
  setExpiry(messageId: string, at: string): void {
    this.db.prepare(`UPDATE group_polls SET expires_at = ? WHERE message_id = ? AND status = 'open'`).run(at, messageId);
  }

  /** Marks an open poll void (nothing to pick: the poll message is gone, or no candidate is left). */
  markVoid(messageId: string, at: string): boolean {
    return (
      this.db.prepare(`UPDATE group_polls SET status = 'void', decided_at = ? WHERE message_id = ? AND status IN ('open', 'tie')`).run(at, messageId).changes >
      0
    );
  }

  /**
   * Records a poll's winner and its pick in ONE transaction, and only while the poll is open or tied: a
   * second caller (the timer and `/paper poll-end` at once, or a start-up check after a crash) records nothing.
   *
   * @returns whether this call recorded the outcome
   */
  decide(messageId: string, outcome: { winner: string; votes: number; decidedBy: string; at: string }, pick: ReadingPick): boolean {
    return this.db.transaction(() => {
      const changed = this.db
        .prepare(
          `UPDATE group_polls SET status = 'decided', winner = ?, votes = ?, decided_by = ?, decided_at = ? WHERE message_id = ? AND status IN ('open', 'tie')`,
        )
        .run(outcome.winner, outcome.votes, outcome.decidedBy, outcome.at, messageId).changes;
      if (changed === 0) return false;
      this.db
        .prepare(`INSERT INTO picks (guild_id, arxiv_id, picked_at, json) VALUES (?, ?, ?, ?)`)
        .run(pick.guildId, pick.arxivId, pick.pickedAt, JSON.stringify(pick));
      return true;
    })();
  }

  // ---- picks (undo and presenter) --------------------------------------------------------------------

  /**
   * Removes a server's pick of a paper, so it can be drawn again.
   *
   * @returns the removed pick, or undefined when there was none
   */
  removePick(guildId: string, arxivId: string): ReadingPick | undefined {
    return this.db.transaction(() => {
      const r = this.db.prepare(`SELECT id, json FROM picks WHERE guild_id = ? AND arxiv_id = ? ORDER BY id DESC LIMIT 1`).get(guildId, arxivId) as
        Row | undefined;
      if (!r) return undefined;
      this.db.prepare(`DELETE FROM picks WHERE guild_id = ? AND arxiv_id = ?`).run(guildId, arxivId);
      return JSON.parse(String(r.json)) as ReadingPick;
    })();
  }

  /**
   * Notes a session on a pick (its presenter), or records the paper as a pick made by scheduling when the
   * group had not picked it before.
   */
  notePickForSession(pick: ReadingPick): void {
    this.db.transaction(() => {
      const r = this.db.prepare(`SELECT id, json FROM picks WHERE guild_id = ? AND arxiv_id = ? ORDER BY id DESC LIMIT 1`).get(pick.guildId, pick.arxivId) as
        Row | undefined;
      if (!r) {
        this.db
          .prepare(`INSERT INTO picks (guild_id, arxiv_id, picked_at, json) VALUES (?, ?, ?, ?)`)
          .run(pick.guildId, pick.arxivId, pick.pickedAt, JSON.stringify(pick));
        return;
      }
      if (!pick.presenterId) return;
      const earlier = JSON.parse(String(r.json)) as ReadingPick;
      this.db.prepare(`UPDATE picks SET json = ? WHERE id = ?`).run(JSON.stringify({ ...earlier, presenterId: pick.presenterId }), Number(r.id));
    })();
  }

  // ---- sessions ------------------------------------------------------------------------------------

  /** Records a session the bot has just created as a scheduled event. */
  addSession(s: Omit<GroupSession, 'status'>, at: string): void {
    this.db
      .prepare(
        `INSERT INTO group_sessions (event_id, guild_id, channel_id, arxiv_id, title, presenter_id, created_by, starts_at, ends_at, location, repeat_weeks, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(s.eventId, s.guildId, s.channelId, s.arxivId, s.title, s.presenterId, s.createdBy, s.startsAt, s.endsAt, s.location, s.repeatWeeks, at);
  }

  /** Sessions still scheduled (all servers, or one). */
  scheduledSessions(guildId?: string): GroupSession[] {
    const rows = guildId
      ? this.db.prepare(`SELECT * FROM group_sessions WHERE status = 'scheduled' AND guild_id = ? ORDER BY starts_at`).all(guildId)
      : this.db.prepare(`SELECT * FROM group_sessions WHERE status = 'scheduled' ORDER BY starts_at`).all();
    return (rows as Row[]).map(toSession);
  }

  /** Marks a session cancelled (its event was cancelled or deleted in Discord) or completed. */
  setSessionStatus(eventId: string, status: 'cancelled' | 'completed'): boolean {
    return this.db.prepare(`UPDATE group_sessions SET status = ? WHERE event_id = ? AND status = 'scheduled'`).run(status, eventId).changes > 0;
  }

  /**
   * Queues the reminder of one occurrence of a session, once: the outbox's UNIQUE (channel, kind, ref) makes
   * a second call (after a restart, or the next tick) a no-op.
   *
   * @returns whether a new reminder was queued
   */
  queueReminder(session: GroupSession, occurrence: string, at: string): boolean {
    return (
      this.db
        .prepare(
          `INSERT OR IGNORE INTO outbox (kind, guild_id, channel_id, ref, payload, created_at, updated_at) VALUES ('${REMINDER_KIND}', ?, ?, ?, ?, ?, ?)`,
        )
        .run(session.guildId, session.channelId, `${session.eventId}@${occurrence}`, session.eventId, at, at).changes > 0
    );
  }

  /** Whether the reminder of this occurrence was queued already (sent, pending or failed). */
  reminderQueued(session: Pick<GroupSession, 'channelId' | 'eventId'>, occurrence: string): boolean {
    return (
      this.db
        .prepare(`SELECT 1 FROM outbox WHERE channel_id = ? AND kind = '${REMINDER_KIND}' AND ref = ?`)
        .get(session.channelId, `${session.eventId}@${occurrence}`) !== undefined
    );
  }

  /** The session a reminder row belongs to (its payload is the event id). */
  session(eventId: string): GroupSession | undefined {
    const r = this.db.prepare(`SELECT * FROM group_sessions WHERE event_id = ?`).get(eventId) as Row | undefined;
    return r ? toSession(r) : undefined;
  }

  // ---- settings ------------------------------------------------------------------------------------

  /** The role that organises the reading group in a server (may end polls and undo picks), if set. */
  organiserRole(guildId: string): string | null {
    const r = this.db.prepare(`SELECT organiser_role_id FROM group_settings WHERE guild_id = ?`).get(guildId) as Row | undefined;
    return r ? str(r.organiser_role_id) : null;
  }

  /** Sets or clears (null) the organiser role. */
  setOrganiserRole(guildId: string, roleId: string | null, at: string): void {
    this.db
      .prepare(
        `INSERT INTO group_settings (guild_id, organiser_role_id, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (guild_id) DO UPDATE SET organiser_role_id = excluded.organiser_role_id, updated_at = excluded.updated_at`,
      )
      .run(guildId, roleId, at);
  }
}
