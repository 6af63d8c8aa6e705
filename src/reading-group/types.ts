/**
 * What the reading-group handlers may ask of the feature: start and settle polls, schedule and list
 * sessions. Types only, so `src/app/contracts.ts` can name it without importing the feature.
 */
import type { Paper } from '../corpus/schema.js';
import type { ReadingPick } from '../picks/types.js';
import type { GroupPoll, GroupSession, GroupStore } from './store.js';

/** The outcome of starting a poll. */
export type StartPollOutcome =
  | { kind: 'started'; poll: GroupPoll }
  /** Discord refused for lack of a permission in that channel; `permission` names it. */
  | { kind: 'missing-permission'; permission: string }
  | { kind: 'failed'; reason: string };

/** What became of a poll when the bot looked at it. */
export type SettleOutcome =
  | { kind: 'decided'; pick: ReadingPick; threadId?: string }
  | { kind: 'tie'; tied: string[]; votes: number }
  /** Discord has not counted the votes yet (the poll is still open). */
  | { kind: 'pending' }
  /** Someone (or an earlier check) settled it already. */
  | { kind: 'already'; poll: GroupPoll }
  | { kind: 'void'; reason: string }
  /** The winner could not be posted; nothing was recorded, and a later check tries again. */
  | { kind: 'blocked'; reason: string };

/** What `/paper schedule` asks for. */
export interface ScheduleInput {
  guildId: string;
  channelId: string;
  userId: string;
  paper: Paper;
  at: Date;
  minutes: number;
  /** An external place (a room, a link); or a voice/stage channel id. */
  where: { location: string } | { channelId: string };
  repeatWeeks: 0 | 1 | 2;
  presenterId?: string;
}

/** The outcome of scheduling. */
export type ScheduleOutcome =
  | { kind: 'created'; session: GroupSession }
  | { kind: 'missing-permission'; permission: string }
  | { kind: 'bad-channel'; reason: string }
  | { kind: 'failed'; reason: string };

/** An upcoming session and the start of its next occurrence. */
export interface UpcomingSession {
  session: GroupSession;
  occurrence: string;
}

/** The running reading-group feature, as handlers see it. */
export interface ReadingGroupApi {
  readonly store: GroupStore;
  /** READING_GROUP_TZ: how dates are read and shown. */
  readonly timeZone: string;
  /** How long before a session its reminder goes out. */
  readonly reminderLeadMs: number;
  /** False until the bot is connected (and after it stopped). */
  connected(): boolean;
  /** A paper a poll or session names: the lab's, or one of the server's reading list or the digest. */
  paperOf(guildId: string, arxivId: string): Paper | undefined;
  /** Posts the candidates' cards and the poll, and records it. */
  startPoll(input: { guildId: string; channelId: string; userId: string; papers: Paper[]; hours: number }): Promise<StartPollOutcome>;
  /** Ends a poll now (Discord's expire) and settles it from its results. */
  endPoll(poll: GroupPoll): Promise<SettleOutcome>;
  /** Settles a tie with the candidate at `index`, or at random. */
  settleTie(poll: GroupPoll, choice: number | 'random', by: string): Promise<SettleOutcome>;
  /** Creates the scheduled event of a session and records it. */
  schedule(input: ScheduleInput): Promise<ScheduleOutcome>;
  /** A server's sessions still to come, after noticing events cancelled or deleted in Discord. */
  upcoming(guildId: string): Promise<{ upcoming: UpcomingSession[]; cancelled: GroupSession[] }>;
}
