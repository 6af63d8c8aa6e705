/**
 * `npm start`: reads `.env`, validates the configuration, starts the bot, and stops it cleanly on SIGINT or
 * SIGTERM. A configuration or data problem prints one clear message and exits 1, without a stack trace.
 */
import { ConfigError, loadConfig, loadDotEnv, type Config } from './config.js';
import { CorpusError } from './corpus/corpus.js';
import { PicksStoreError } from './picks/json-store.js';
import { CommandDefinitionError } from './bot/command-module.js';
import { startBot, type RunningBot } from './bot/start.js';
import { createAnnouncementFeature } from './announce/index.js';
import { loadCorpus } from './corpus/corpus.js';
import { createLogger, scrubSecrets } from './logger.js';
import { RosterError } from './roster/index.js';
import { StoreError } from './store/errors.js';

/** Errors that are the admin's to fix; their message says how, a stack trace would only distract. */
const USER_ERRORS = [ConfigError, CorpusError, PicksStoreError, CommandDefinitionError, RosterError, StoreError];

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  loadDotEnv();
  let config: Config;
  try {
    config = loadConfig(process.env, 'bot');
  } catch (err) {
    if (err instanceof ConfigError) fail(err.message);
    throw err;
  }

  let bot: RunningBot;
  try {
    const logger = createLogger({ level: config.logLevel, pretty: config.nodeEnv === 'development', secrets: [config.discord.token] });
    const corpus = loadCorpus(config.papersPath, { includeOtherAuthors: config.includeOtherAuthors });
    // The announcements feature brings the state database (which also keeps the reading-group picks), the
    // scheduler as a service started once the bot is ready, and what /paper-admin needs.
    const feature = createAnnouncementFeature(config, { corpus, logger });
    bot = await startBot(config, {
      logger,
      corpus,
      picks: feature.picks,
      services: [feature.botService],
      handlerServices: feature.handlerServices,
    });
  } catch (err) {
    if (USER_ERRORS.some((E) => err instanceof E)) fail((err as Error).message);
    const code = (err as { code?: string }).code;
    if (code === 'TokenInvalid' || /401|invalid token/i.test((err as Error).message)) {
      fail('Discord refused the bot token (DISCORD_TOKEN). Reset it in the Developer Portal (Bot tab) and update .env.');
    }
    // A start-up error can quote a request URL or the token itself; scrub before printing.
    fail(scrubSecrets(`The bot could not start: ${(err as Error).message}`, config.discord.token ? [config.discord.token] : []));
  }

  process.on('unhandledRejection', (reason) => bot.logger.error({ err: reason }, 'unhandled rejection'));
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    bot.logger.info({ signal }, 'shutting down');
    bot.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        bot.logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

await main();
