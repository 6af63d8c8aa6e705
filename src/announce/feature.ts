/**
 * The announcements feature as the bot plugs it in: the state database (which also holds the reading-group
 * picks), the arXiv client, the scheduler as a bot service, and what `/paper-admin` needs.
 *
 * ```ts
 * const corpus = loadCorpus(config.papersPath, { includeOtherAuthors: config.includeOtherAuthors });
 * const feature = createAnnouncementFeature(config, { corpus });
 * const bot = await startBot(config, { corpus, picks: feature.picks, services: [feature.botService], handlerServices: feature.handlerServices });
 * ```
 */
import path from 'node:path';
import { ArxivClient, arxivClientOptionsFromConfig } from '../arxiv/client.js';
import type { BotService } from '../bot/start.js';
import type { Config } from '../config.js';
import type { Corpus } from '../corpus/corpus.js';
import type { Logger } from '../logger.js';
import type { PicksStore } from '../picks/types.js';
import { loadRoster, type Roster } from '../roster/index.js';
import { startAnnouncementService, type AnnouncementService } from '../scheduler/index.js';
import { acquireDataDirLock } from '../store/data-dir-lock.js';
import { migratePicksFile, SqlitePicksStore, Store } from '../store/index.js';
import type { ChannelDefaults } from './targets.js';

/** The key under which `/paper-admin` finds {@link AnnouncementAdmin} in the handler context's services. */
export const ANNOUNCEMENTS_SERVICE = 'announcements';

/** What `/paper-admin` and the review buttons use. */
export interface AnnouncementAdmin {
  store: Store;
  defaults: ChannelDefaults;
  /** The lab's time zone (ANNOUNCE_TZ), for "next run" in status. */
  timeZone: string;
  /** Whether the daily schedule is on (ANNOUNCE_ENABLED); check-now works either way. */
  scheduleEnabled: boolean;
  /** The running scheduler, once the bot is ready (undefined before and after). */
  service(): AnnouncementService | undefined;
}

/** Everything {@link createAnnouncementFeature} hands to `startBot`. */
export interface AnnouncementFeature {
  store: Store;
  roster: Roster;
  /**
   * Reading-group picks in the state database; closing it closes the database and releases the data
   * folder's lock (the bot closes it last).
   */
  picks: PicksStore;
  botService: BotService;
  handlerServices: { [ANNOUNCEMENTS_SERVICE]: AnnouncementAdmin };
  /** Picks imported from `DATA_DIR/picks.json` at this start (0 when there was none). */
  migratedPicks: number;
}

/**
 * Takes the data folder's lock (one bot per DATA_DIR), opens the state database (creating and migrating
 * it), moves an old `picks.json` into it, loads the roster, and prepares the scheduler to start when the bot
 * is ready.
 *
 * @param deps.corpus - the same corpus the bot's search engine indexes
 * @throws DataDirLockError when another running bot uses the same DATA_DIR; RosterError for a bad
 *   `data/lab.json`; PicksStoreError for a broken `picks.json` (left untouched); an Error when the database
 *   is from a newer version of the bot
 */
export function createAnnouncementFeature(config: Config, deps: { corpus: Corpus; roster?: Roster; logger?: Logger }): AnnouncementFeature {
  const roster = deps.roster ?? loadRoster(config.labPath);
  const lock = acquireDataDirLock(config.dataDir, { logger: deps.logger });
  let store: Store;
  let migratedPicks: number;
  try {
    store = Store.open(config.dbPath);
  } catch (err) {
    lock.release();
    throw err;
  }
  try {
    migratedPicks = migratePicksFile(store, path.join(config.dataDir, 'picks.json'));
  } catch (err) {
    store.close();
    lock.release();
    throw err;
  }
  if (migratedPicks > 0) deps.logger?.info({ picks: migratedPicks }, 'moved reading-group picks from picks.json into the state database');
  let running: AnnouncementService | undefined;
  const defaults: ChannelDefaults = {
    announceChannelId: config.announce.channelId,
    adminChannelId: config.announce.adminChannelId,
    guildId: config.discord.guildId,
  };
  const botService: BotService = {
    name: 'announcements',
    start(ctx) {
      running = startAnnouncementService({
        config,
        store,
        client: new ArxivClient(arxivClientOptionsFromConfig(config, ctx.logger)),
        corpus: deps.corpus,
        engine: ctx.engine,
        roster,
        rest: ctx.client.rest,
        logger: ctx.logger,
      });
    },
    async stop() {
      const s = running;
      running = undefined;
      await s?.stop();
    },
  };
  const sqlitePicks = new SqlitePicksStore(store, true);
  const picks: PicksStore = {
    add: (pick) => sqlitePicks.add(pick),
    list: (guildId, limit) => sqlitePicks.list(guildId, limit),
    pickedIds: (guildId) => sqlitePicks.pickedIds(guildId),
    close() {
      try {
        sqlitePicks.close();
      } finally {
        lock.release();
      }
    },
  };
  return {
    store,
    roster,
    picks,
    botService,
    handlerServices: {
      [ANNOUNCEMENTS_SERVICE]: { store, defaults, timeZone: config.announce.timeZone, scheduleEnabled: config.announce.enabled, service: () => running },
    },
    migratedPicks,
  };
}
