/**
 * Starting and stopping the bot: builds the index, opens the picks store, loads and checks the command
 * modules, logs in with the Guilds intent only, and logs one line when ready.
 *
 * Other features plug in through `deps.services` (e.g. the daily announcements): each is started once the
 * client is ready, with the same engine, store and REST poster, and stopped before the client is destroyed.
 */
import path from 'node:path';
import { Client, Events, GatewayIntentBits } from 'discord.js';
import type { Config } from '../config.js';
import { loadCorpus, type Corpus } from '../corpus/corpus.js';
import { createLogger, type Logger } from '../logger.js';
import { JsonPicksStore, PICKS_FILE } from '../picks/json-store.js';
import type { PicksStore } from '../picks/types.js';
import { createSearchEngine } from '../search/engine.js';
import type { SearchEngine } from '../search/types.js';
import { commandHandlers, componentHandlers } from '../handlers/registry.js';
import type { ChannelPoster, CommandHandler, ComponentHandler, HandlerContext } from '../handlers/types.js';
import { createRestChannelPoster } from './channel-poster.js';
import { commandPaths, loadCommandModules } from './command-module.js';
import { createInteractionRouter } from './router.js';

/** What a plugged-in service receives when the bot is ready. */
export interface ServiceContext {
  client: Client<true>;
  config: Config;
  logger: Logger;
  engine: SearchEngine;
  picks: PicksStore;
  discord: ChannelPoster;
}

/** A long-running part of the bot started with it and stopped before it (e.g. the announcement scheduler). */
export interface BotService {
  name: string;
  start(ctx: ServiceContext): void | Promise<void>;
  stop(): void | Promise<void>;
}

/** Optional collaborators; anything left out is built from the configuration. */
export interface BotDeps {
  logger?: Logger;
  corpus?: Corpus;
  engine?: SearchEngine;
  picks?: PicksStore;
  services?: BotService[];
  /** Extra handlers (a feature's commands and components), merged over the registry's. */
  commandHandlers?: Record<string, CommandHandler>;
  componentHandlers?: Record<string, ComponentHandler>;
  /** Members added to every handler's context (e.g. an admin settings store). */
  handlerServices?: Record<string, unknown>;
  /** How long to wait for the gateway's READY (default 30 s). */
  readyTimeoutMs?: number;
  now?: () => Date;
}

/** A bot that is logged in and answering. */
export interface RunningBot {
  client: Client;
  engine: SearchEngine;
  picks: PicksStore;
  logger: Logger;
  /** Stops services, destroys the client, closes the picks store and flushes the log. Idempotent. */
  stop(): Promise<void>;
}

/**
 * Starts the bot and resolves once Discord (or the emulator) has sent READY.
 *
 * @throws CorpusError, PicksStoreError or CommandDefinitionError for bad local data; discord.js's error for a
 *   refused token; an Error when READY does not come in time
 */
export async function startBot(config: Config, deps: BotDeps = {}): Promise<RunningBot> {
  const logger =
    deps.logger ?? createLogger({ level: config.logLevel, pretty: config.nodeEnv === 'development', secrets: [config.discord.token] });
  if (!config.discord.token) throw new Error('DISCORD_TOKEN is not set');
  const engine = deps.engine ?? createSearchEngine(deps.corpus ?? loadCorpus(config.papersPath, { includeOtherAuthors: config.includeOtherAuthors }));
  const picks = deps.picks ?? JsonPicksStore.open(path.join(config.dataDir, PICKS_FILE));
  const commands = { ...commandHandlers, ...deps.commandHandlers };
  const components = { ...componentHandlers, ...deps.componentHandlers };

  const modules = await loadCommandModules();
  const paths = modules.flatMap((m) => commandPaths(m.definition).map((p) => p.key));
  const missing = paths.filter((p) => !commands[p]);
  if (missing.length > 0) logger.warn({ missing }, 'command paths without a handler will answer "not available"');

  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    allowedMentions: { parse: [] },
    ...(config.discord.apiUrl ? { rest: { api: config.discord.apiUrl } } : {}),
  });
  const discord = createRestChannelPoster(client.rest);
  const ctx: HandlerContext = {
    engine,
    picks,
    logger,
    now: deps.now ?? (() => new Date()),
    discord,
    ...(deps.handlerServices ? { services: deps.handlerServices } : {}),
  };
  const route = createInteractionRouter({ ctx, commands, components, allowedGuildIds: config.discord.allowedGuildIds, logger });
  client.on(Events.InteractionCreate, (interaction) => void route(interaction));
  client.on(Events.Error, (err) => logger.error({ err }, 'discord client error'));
  client.on(Events.Warn, (message) => logger.warn({ message }, 'discord client warning'));
  client.on(Events.ShardDisconnect, (event, shardId) => logger.warn({ shardId, code: event.code }, 'gateway disconnected'));
  client.on(Events.ShardReconnecting, (shardId) => logger.info({ shardId }, 'gateway reconnecting'));
  client.on(Events.ShardResume, (shardId, replayed) => logger.info({ shardId, replayed }, 'gateway resumed'));

  const started: BotService[] = [];
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    for (const s of [...started].reverse()) {
      try {
        await s.stop();
      } catch (err) {
        logger.error({ err, service: s.name }, 'service did not stop cleanly');
      }
    }
    await client.destroy();
    try {
      picks.close?.();
    } catch (err) {
      logger.error({ err }, 'picks store did not close cleanly');
    }
    logger.info('stopped');
    logger.flush();
  };

  try {
    const ready = new Promise<Client<true>>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('Discord did not send READY in time')), deps.readyTimeoutMs ?? 30_000);
      client.once(Events.ClientReady, (c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
    await client.login(config.discord.token);
    const readyClient = await ready;
    logger.info(
      { user: readyClient.user.tag, guilds: readyClient.guilds.cache.size, commands: paths.length, papers: engine.size },
      `ready as ${readyClient.user.tag}: ${readyClient.guilds.cache.size} guild(s), ${paths.length} command(s), ${engine.size} papers indexed`,
    );
    for (const s of deps.services ?? []) {
      await s.start({ client: readyClient, config, logger, engine, picks, discord });
      started.push(s);
    }
  } catch (err) {
    await stop();
    throw err;
  }
  return { client, engine, picks, logger, stop };
}
