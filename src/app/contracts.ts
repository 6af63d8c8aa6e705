/**
 * The runtime contracts between the parts of the bot: what a long-running service receives, and what a
 * handler may use. This module holds types only, so the Discord layer, the handlers and the features all
 * depend on it and never on each other; `src/app/build-app.ts` alone puts them together.
 */
import type { MessagePayload } from '../cards/message.js';
import type { CitationReader } from '../citations/types.js';
import type { Logger } from '../logger.js';
import type { PicksStore } from '../picks/types.js';
import type { SearchEngine } from '../search/types.js';
import type { ChannelDefaults } from '../announce/targets.js';
import type { DeliveryResult, RestLike } from '../announce/deliver.js';
import type { RunOptions, RunReason, RunReport } from '../scheduler/service.js';
import type { Store } from '../store/store.js';
import type { ReadingGroupApi } from '../reading-group/types.js';
import type { DigestAdmin } from '../digest/admin.js';
import type { ReadingListService } from '../reading-list/service.js';
import type { FieldIndexStatus } from '../field/field-index.js';
import type { Paper } from '../corpus/schema.js';

/** What a service receives once the bot is logged in. */
export interface ServiceContext {
  /** The bot's REST client, already authenticated. */
  rest: RestLike;
  logger: Logger;
}

/** A long-running part of the bot, started once Discord is ready and stopped before the client is destroyed. */
export interface BotService {
  name: string;
  start(ctx: ServiceContext): void | Promise<void>;
  stop(): void | Promise<void>;
}

/**
 * What Discord says of a channel an admin named: no such channel, a channel the bot cannot see, or the
 * server it belongs to (null outside a server) and the bot's own permissions in it (Discord's bitfield).
 */
export type ChannelInspection = { kind: 'unknown' } | { kind: 'hidden' } | { kind: 'found'; guildId: string | null; permissions: bigint };

/** What handlers may do in Discord beyond answering the interaction: look a channel up, post, open a thread. */
export interface ChannelPoster {
  /** Looks a channel up (which server, what the bot may do there) before the bot is told to post in it. */
  inspectChannel(channelId: string): Promise<ChannelInspection>;
  /** Posts a message in a channel; resolves with the new message's id. */
  postMessage(channelId: string, message: MessagePayload): Promise<{ id: string }>;
  /** Opens a public thread on an existing message; resolves with the thread's id. */
  startThread(channelId: string, messageId: string, name: string): Promise<{ id: string }>;
}

/** The running announcement scheduler, as `/paper-admin` drives it. */
export interface AnnouncementRunner {
  /** Runs a check and delivery now (after any run in progress); `options.onWait` hears of every wait. */
  runNow(reason: RunReason, options?: RunOptions): Promise<RunReport>;
  /** Delivers what the outbox holds now (after any run in progress). */
  deliverNow(): Promise<DeliveryResult>;
  /** The next scheduled run, or null when the schedule is off. */
  nextRun(): Date | null;
}

/** What `/paper-admin` and the review buttons use. */
export interface AnnouncementAdmin {
  store: Store;
  defaults: ChannelDefaults;
  /** The lab's time zone (ANNOUNCE_TZ), for "next run" in status. */
  timeZone: string;
  /** Whether the daily schedule is on (ANNOUNCE_ENABLED); check-now works either way. */
  scheduleEnabled: boolean;
  /** The running scheduler, once the bot is ready (undefined before and after). */
  runner(): AnnouncementRunner | undefined;
}

/** Everything a handler may use. Members a feature brings are optional: a handler checks and explains. */
export interface HandlerContext {
  engine: SearchEngine;
  picks: PicksStore;
  logger: Logger;
  now(): Date;
  discord: ChannelPoster;
  /** The announcements feature, for `/paper-admin`; absent in a bot built without it. */
  announcements?: AnnouncementAdmin;
  /** Cached citation counts (Semantic Scholar), for `/paper show` and `/paper stats`; absent: none shown. */
  citations?: CitationReader;
  /** The reading group's polls and sessions; absent in a bot built without it. */
  readingGroup?: ReadingGroupApi;
  /** The daily field digest, for `/paper-admin digest` and `status`; absent in a bot built without it. */
  digest?: DigestAdmin;
  /** The servers' reading lists (Save / Not relevant buttons, `/paper reading-list`, `scope:reading-list`); absent: not offered. */
  readingList?: ReadingListService;
  /** The persisted index of digest papers, for `scope:all`; absent: scope:all searches the lab and the reading list. */
  fieldIndex?: FieldIndexAccess;
}

/** What handlers and the digest use of the field index. */
export interface FieldIndexAccess {
  /** The index once ready; undefined while it is (re)built. */
  engine(): SearchEngine | undefined;
  status(): FieldIndexStatus;
  /** Adds or refreshes digest papers already written to `field_papers` (the digest's `onFieldPapers` hook). */
  addPapers(papers: readonly Paper[]): void;
}
