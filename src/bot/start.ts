/**
 * Logging in and out: loads and checks the command modules, connects with the Guilds and GuildMessagePolls intents, routes
 * interactions to the handlers it is given, starts the services once Discord is ready, and logs one line.
 * It builds nothing else: `src/app/build-app.ts` hands it the engine, the stores and the features.
 */
import { Client, Events, GatewayIntentBits } from 'discord.js';
import type { BotService, HandlerContext } from '../app/contracts.js';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import type { CommandHandler, ComponentHandler } from '../handlers/types.js';
import { createRestChannelPoster } from './channel-poster.js';
import { commandPaths, loadCommandModules } from './command-module.js';
import { createInteractionRouter } from './router.js';

/** What the bot runs with; everything is built by the app. */
export interface BotParts {
  logger: Logger;
  /** The handler context without the Discord poster, which needs the logged-in client. */
  context: Omit<HandlerContext, 'discord'>;
  commands: Record<string, CommandHandler>;
  components: Record<string, ComponentHandler>;
  /** Started in order once READY arrives, stopped in reverse before the client is destroyed. */
  services: BotService[];
  /** How long to wait for the gateway's READY (default 30 s). */
  readyTimeoutMs?: number;
}

/** A bot that is logged in and answering. */
export interface RunningBot {
  client: Client;
  /** Stops the services and destroys the client. Idempotent; the app closes its stores afterwards. */
  stop(): Promise<void>;
}

/**
 * Logs in and resolves once Discord (or the emulator) has sent READY and every service has started.
 *
 * @throws CommandDefinitionError for a bad command module; discord.js's error for a refused token; an Error
 *   when READY does not come in time
 */
export async function startBot(config: Config, parts: BotParts): Promise<RunningBot> {
  const { logger, commands, components } = parts;
  if (!config.discord.token) throw new Error('DISCORD_TOKEN is not set');

  const modules = await loadCommandModules();
  const paths = modules.flatMap((m) => commandPaths(m.definition).map((p) => p.key));
  const missing = paths.filter((p) => !commands[p]);
  if (missing.length > 0) logger.warn({ missing }, 'command paths without a handler will answer "not available"');

  const client = new Client({
    // GuildMessagePolls (not privileged) brings the votes on the bot's polls; results are read over REST either way.
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessagePolls],
    allowedMentions: { parse: [] },
    ...(config.discord.apiUrl ? { rest: { api: config.discord.apiUrl } } : {}),
  });
  const discord = createRestChannelPoster(client.rest);
  const ctx: HandlerContext = { ...parts.context, discord };
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
  };

  try {
    const ready = new Promise<Client<true>>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('Discord did not send READY in time')), parts.readyTimeoutMs ?? 30_000);
      client.once(Events.ClientReady, (c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
    await client.login(config.discord.token);
    const readyClient = await ready;
    logger.info(
      { user: readyClient.user.tag, guilds: readyClient.guilds.cache.size, commands: paths.length, papers: ctx.engine.size },
      `ready as ${readyClient.user.tag}: ${readyClient.guilds.cache.size} guild(s), ${paths.length} command(s), ${ctx.engine.size} papers indexed`,
    );
    for (const s of parts.services) {
      await s.start({ rest: readyClient.rest, logger });
      started.push(s);
    }
  } catch (err) {
    await stop();
    throw err;
  }
  return { client, stop };
}
