/**
 * The one place that wires the bot: config → logger → corpus → engine → state database → roster → features
 * → handlers → Discord client. `npm start` and the end-to-end tests both run this, so the tests exercise
 * the wiring that production runs; tests only swap what they must observe (the logger) or break (an engine).
 */
import path from 'node:path';
import { createCitationService, type CitationService } from '../citations/service.js';
import { createDigestFeature, type DigestFeature, type DigestFeatureDeps } from '../digest/feature.js';
import { createAnnouncementFeature, type AnnouncementFeature, type AnnouncementFeatureDeps } from '../announce/feature.js';
import { startBot, type RunningBot } from '../bot/start.js';
import type { Config } from '../config.js';
import { loadCorpus, type Corpus } from '../corpus/corpus.js';
import { commandHandlers, componentHandlers } from '../handlers/registry.js';
import { configSecrets, createLogger, type Logger } from '../logger.js';
import type { PicksStore } from '../picks/types.js';
import { loadRoster, type Roster } from '../roster/index.js';
import { createSearchEngine } from '../search/engine.js';
import type { SearchEngine } from '../search/types.js';
import { acquireDataDirLock } from '../store/data-dir-lock.js';
import { LEGACY_PICKS_FILE } from '../store/legacy-picks-file.js';
import { migratePicksFile, SqlitePicksStore } from '../store/picks.js';
import { createReadingGroupFeature, type ReadingGroupFeature } from '../reading-group/feature.js';
import { Store } from '../store/store.js';
import type { HandlerContext } from './contracts.js';
import { codeStamp } from '../cli/prepared-corpus.js';
import { FieldIndex } from '../field/field-index.js';
import { ReadingListService } from '../reading-list/service.js';

/** What a caller may supply instead of having it built from the configuration. */
export interface AppOptions {
  /** A logger of the caller's (tests capture the log in memory). */
  logger?: Logger;
  /** An already loaded corpus (tests load the seed once per file). Must be the one `engine` indexes. */
  corpus?: Corpus;
  /** An engine over `corpus` (a test wraps the real one to make it fail). */
  engine?: SearchEngine;
  /** How long to wait for Discord's READY (default 30 s). */
  readyTimeoutMs?: number;
  /** Announcement timings the tests shorten. */
  announcements?: AnnouncementFeatureDeps['tuning'];
  /** The clock handlers see. */
  now?: () => Date;
  /** Reading-group timings the tests shorten, and its source of randomness. */
  readingGroup?: { tickMs?: number; random?: () => number };
  /** Digest timings and clock the tests shorten. */
  digest?: DigestFeatureDeps['tuning'];
  /** Told the day's field papers once the digest stored them (the field index subscribes). */
  onFieldPapers?: DigestFeatureDeps['onFieldPapers'];
}

/** The built, not yet connected, app. */
export interface App {
  config: Config;
  logger: Logger;
  corpus: Corpus;
  engine: SearchEngine;
  store: Store;
  roster: Roster;
  picks: PicksStore;
  announcements: AnnouncementFeature;
  /** The daily field digest. */
  digest: DigestFeature;
  /** Cached citation counts, refreshed daily in the background once the bot is connected. */
  citations: CitationService;
  /** Polls, sessions and reminders of the reading group. */
  readingGroup: ReadingGroupFeature;
  /** Picks imported from an old `DATA_DIR/picks.json` while building (0 when there was none). */
  migratedPicks: number;
  /** The servers' reading lists (store and per-server search). */
  readingList: ReadingListService;
  /** The persisted index of digest papers (scope:all); the digest's `onFieldPapers` hook is its `addPapers`. */
  fieldIndex: FieldIndex;
  /** Settles when the field index is ready after `start()` (at once when its snapshot was loaded). */
  fieldIndexReady(): Promise<void>;
  /** Connects to Discord and starts the services; resolves once the bot answers. */
  start(): Promise<RunningApp>;
  /** Closes the state database (after {@link RunningApp.stop}, or when `start` was never called). Idempotent. */
  close(): void;
}

/** A connected app. */
export interface RunningApp {
  bot: RunningBot;
  /** Stops the services, disconnects, closes the database and flushes the log. Idempotent. */
  stop(): Promise<void>;
}

/**
 * Builds the app from a validated configuration. Nothing connects yet; a local problem (papers, roster,
 * database) is thrown here, before Discord is contacted.
 *
 * @throws CorpusError, RosterError, PicksFileError or StoreError for bad local data; DataDirLockError when
 *   another running bot uses the same DATA_DIR
 */
export function buildApp(config: Config, options: AppOptions = {}): App {
  const logger = options.logger ?? createLogger({ level: config.logLevel, pretty: config.nodeEnv === 'development', secrets: configSecrets(config) });
  const corpus = options.corpus ?? loadCorpus(config.papersPath, { includeOtherAuthors: config.includeOtherAuthors });
  const roster = loadRoster(config.labPath);
  const engine = options.engine ?? createSearchEngine(corpus);
  // One bot per data folder: a second one would mark the first one's live run interrupted.
  const lock = acquireDataDirLock(config.dataDir, { logger });
  let store: Store;
  let migratedPicks: number;
  try {
    store = Store.open(config.dbPath);
  } catch (err) {
    lock.release();
    throw err;
  }
  try {
    migratedPicks = migratePicksFile(store, path.join(config.dataDir, LEGACY_PICKS_FILE));
  } catch (err) {
    store.close();
    lock.release();
    throw err;
  }
  if (migratedPicks > 0) logger.info({ picks: migratedPicks }, 'moved reading-group picks from picks.json into the state database');
  const picks = new SqlitePicksStore(store);
  const announcements = createAnnouncementFeature(config, {
    store,
    roster,
    corpus,
    engine,
    ...(options.announcements ? { tuning: options.announcements } : {}),
  });
  const readingList = new ReadingListService(store);
  const fieldIndex = new FieldIndex({ store, dataDir: config.dataDir, retentionDays: config.fieldIndex.retentionDays, logger, codeStamp: codeStamp() });
  let fieldReady: Promise<void> = Promise.resolve();
  const digest = createDigestFeature(config, {
    store,
    roster,
    corpus,
    afterAnnouncements: () => announcements.running()?.deliverNow(),
    // The day's papers are searchable under scope:all as soon as the digest stored them.
    onFieldPapers: (papers) => {
      fieldIndex.addPapers(papers);
      options.onFieldPapers?.(papers);
    },
    ...(options.digest ? { tuning: options.digest } : {}),
  });
  // Citation counts for every paper the bot shows: the corpus's visible papers, found ones included.
  const citations = createCitationService(config, store, logger, { paperIds: () => engine.recent(engine.size).map((p) => p.arxivId) });

  const readingGroup = createReadingGroupFeature(config, {
    store,
    engine,
    // A poll drawn with scope:reading-list or scope:all holds papers outside the lab's index.
    findPaper: (guildId, arxivId) =>
      readingList.store.get(guildId, arxivId)?.paper ?? readingList.store.fieldPaper(arxivId) ?? fieldIndex.engine()?.get(arxivId),
    ...(options.now ? { now: options.now } : {}),
    ...(options.readingGroup ? { tuning: options.readingGroup } : {}),
  });

  const context: Omit<HandlerContext, 'discord'> = {
    engine,
    picks,
    logger,
    now: options.now ?? (() => new Date()),
    announcements: announcements.admin,
    citations,
    readingGroup: readingGroup.api,
    digest: digest.admin,
    readingList,
    fieldIndex,
  };
  const close = () => {
    try {
      store.close();
    } finally {
      lock.release();
    }
  };

  return {
    config,
    logger,
    corpus,
    engine,
    store,
    roster,
    picks,
    announcements,
    digest,
    citations,
    readingGroup,
    migratedPicks,
    readingList,
    fieldIndex,
    fieldIndexReady: () => fieldReady,
    close,
    async start() {
      // A trusted snapshot loads here, before Discord is contacted; otherwise the index is rebuilt in the
      // background, in chunks, while the bot already answers (scope:all says the digest part is not ready).
      try {
        fieldReady = fieldIndex.open();
      } catch (err) {
        // The digest papers are an extra: the lab's search must not wait on them, nor fail with them.
        logger.error({ err }, 'field index could not be opened; scope:all searches the lab and the reading list only');
      }
      const bot = await startBot(config, {
        logger,
        context,
        commands: commandHandlers,
        components: componentHandlers,
        services: [announcements.service, digest.service, citations, readingGroup.service],
        ...(options.readyTimeoutMs !== undefined ? { readyTimeoutMs: options.readyTimeoutMs } : {}),
      }).catch(async (err: unknown) => {
        await fieldIndex.close();
        close();
        throw err;
      });
      let stopped = false;
      return {
        bot,
        async stop() {
          if (stopped) return;
          stopped = true;
          await bot.stop();
          await fieldIndex.close();
          // Last: interactions still in flight while the client shut down could record a pick.
          close();
          logger.info('stopped');
          logger.flush();
        },
      };
    },
  };
}
