/**
 * The announcements feature as the app plugs it in: the arXiv client, the scheduler as a bot service, and
 * what `/paper-admin` needs. The state database and the roster are the app's; this module only uses them.
 */
import { ArxivClient, arxivClientOptionsFromConfig } from '../arxiv/client.js';
import type { AnnouncementAdmin, BotService } from '../app/contracts.js';
import type { Config } from '../config.js';
import type { Corpus } from '../corpus/corpus.js';
import type { Roster } from '../roster/index.js';
import type { SearchEngine } from '../search/types.js';
import { startAnnouncementService, type AnnouncementService, type AnnouncementServiceDeps } from '../scheduler/index.js';
import type { Store } from '../store/index.js';
import type { ChannelDefaults } from './targets.js';

/** What {@link createAnnouncementFeature} builds. */
export interface AnnouncementFeature {
  /** Starts the scheduler once Discord is ready; stops it on shutdown. */
  service: BotService;
  /** For `/paper-admin` and the review buttons. */
  admin: AnnouncementAdmin;
  /** The running scheduler, once started (tests wait for its start-up work). */
  running(): AnnouncementService | undefined;
}

/** What the feature needs from the app. */
export interface AnnouncementFeatureDeps {
  store: Store;
  roster: Roster;
  /** The corpus the engine indexes (the same object): new papers join both. */
  corpus: Corpus;
  engine: SearchEngine;
  /** Tuning the tests shorten (delivery back-off, retry delay, clock); production uses the defaults. */
  tuning?: Pick<AnnouncementServiceDeps, 'now' | 'delivery' | 'retryAfterFailureMs' | 'catchUp'>;
}

/** The channels from the environment, used where a server has set none with `/paper-admin`. */
export function channelDefaults(config: Config): ChannelDefaults {
  return { announceChannelId: config.announce.channelId, adminChannelId: config.announce.adminChannelId, guildId: config.discord.guildId };
}

/**
 * Prepares the daily announcements: the scheduler starts when the bot is ready (with the bot's REST client)
 * and is stopped before the client is destroyed.
 */
export function createAnnouncementFeature(config: Config, deps: AnnouncementFeatureDeps): AnnouncementFeature {
  let running: AnnouncementService | undefined;
  const service: BotService = {
    name: 'announcements',
    start(ctx) {
      running = startAnnouncementService({
        config,
        store: deps.store,
        client: new ArxivClient(arxivClientOptionsFromConfig(config, ctx.logger)),
        corpus: deps.corpus,
        engine: deps.engine,
        roster: deps.roster,
        rest: ctx.rest,
        logger: ctx.logger,
        ...deps.tuning,
      });
    },
    async stop() {
      const s = running;
      running = undefined;
      await s?.stop();
    },
  };
  return {
    service,
    admin: {
      store: deps.store,
      defaults: channelDefaults(config),
      timeZone: config.announce.timeZone,
      scheduleEnabled: config.announce.enabled,
      runner: () => running,
    },
    running: () => running,
  };
}
