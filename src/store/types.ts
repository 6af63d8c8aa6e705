/** Row types the store hands out. Plain data, no Discord types: the announcer turns them into messages. */
import type { Paper } from '../corpus/schema.js';

/**
 * What an outbox row carries: a paper announcement, a review card, or an alert for the admins; a field
 * digest (header, thread and cards; ref `digest:<day>`) or an alert about one, sent by the digest feature;
 * a reading-group session reminder, sent by the reading group.
 */
export type OutboxKind = 'paper' | 'review' | 'alert' | 'digest' | 'digest-alert' | 'session-reminder';
export type OutboxStatus = 'pending' | 'sent' | 'failed';

/** One message-to-be in the outbox. */
export interface OutboxRow {
  id: number;
  kind: OutboxKind;
  guildId: string | null;
  channelId: string;
  /** arXiv id for papers and reviews; a unique key for alerts. */
  ref: string;
  /** Alert text. */
  payload: string | null;
  status: OutboxStatus;
  /** Set when the row joins a message; every retry of that message reuses it. */
  nonce: string | null;
  messageId: string | null;
  reason: string | null;
  attempts: number;
  createdAt: string;
  updatedAt: string;
}

/** Where announcements go, per server; unset fields fall back to the environment's defaults. */
export interface GuildSettings {
  guildId: string;
  announceChannelId: string | null;
  adminChannelId: string | null;
  roleId: string | null;
  updatedAt: string;
}

/** A channel to post in, with the server it belongs to when known. */
export interface ChannelTarget {
  guildId: string | null;
  channelId: string;
}

export type ReviewStatus = 'pending' | 'approved' | 'rejected' | 'seen';

/** A paper whose author name matched but whose attribution needs a human. */
export interface ReviewRow {
  paper: Paper;
  reasons: string[];
  status: ReviewStatus;
  decidedBy: string | null;
  decidedAt: string | null;
  createdAt: string;
}

/** A paper found after the seed, as stored. */
export interface StoredPaper {
  paper: Paper;
  origin: 'arxiv' | 'approved' | 'seed';
  firstSeen: string;
  latestVersion: number | null;
}

export type RunOutcome = 'running' | 'ok' | 'failed' | 'interrupted';

/** Counts a run reports; every field is optional so a failed run can report what it got to. */
export interface RunCounts {
  found?: number;
  new?: number;
  updated?: number;
  reviews?: number;
  queued?: number;
  sent?: number;
  failed?: number;
}

/** One entry of the run log. */
export interface RunRecord {
  id: number;
  reason: string;
  startedAt: string;
  finishedAt: string | null;
  outcome: RunOutcome;
  counts: RunCounts;
  error: string | null;
}

/** Everything one check found, written in one transaction by {@link Store.recordDiscoveries}. */
export interface Discoveries {
  /** New lab papers, in the order they should be announced (oldest first). */
  newPapers: Paper[];
  /** Known papers with refreshed metadata (a new version): saved, never announced again. */
  updated: Paper[];
  /** Name matches that need an admin. */
  reviews: { paper: Paper; reasons: string[] }[];
  announceTargets: ChannelTarget[];
  adminTargets: ChannelTarget[];
  /**
   * The very first check (no baseline yet; it sets it): record everything, queue nothing (no flood of old papers, no backlog of old
   * namesake reviews: those are recorded as `seen`).
   */
  silent: boolean;
}

/** What {@link Store.recordDiscoveries} did. */
export interface RecordResult {
  /** Outbox rows created for announcement channels. */
  queued: number;
  /** Reviews created (pending) and review cards queued. */
  reviewsCreated: number;
  reviewCardsQueued: number;
  /** Channels that got their first, silent run now. */
  baselined: string[];
}
