/**
 * `npm start`: reads `.env`, validates the configuration, builds the app and connects it, and stops it
 * cleanly on SIGINT or SIGTERM. A configuration or data problem prints one clear message and exits 1,
 * without a stack trace. The configuration is checked before discord.js is even loaded, so a missing
 * `.env` is reported at once.
 */
import { ConfigError, loadConfig, loadDotEnv, type Config } from './config.js';
import { scrubSecrets } from './logger.js';

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

/** Errors that are the admin's to fix; their message says how, a stack trace would only distract. */
async function isUserError(err: unknown): Promise<boolean> {
  const [{ CorpusError }, { PicksFileError }, { CommandDefinitionError }, { RosterError }, { StoreError }, { DataDirLockError }] = await Promise.all([
    import('./corpus/corpus.js'),
    import('./store/legacy-picks-file.js'),
    import('./bot/command-module.js'),
    import('./roster/index.js'),
    import('./store/errors.js'),
    import('./store/data-dir-lock.js'),
  ]);
  return [ConfigError, CorpusError, PicksFileError, CommandDefinitionError, RosterError, StoreError, DataDirLockError].some((E) => err instanceof E);
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

  const { buildApp } = await import('./app/build-app.js');
  let app: Awaited<ReturnType<ReturnType<typeof buildApp>['start']>>;
  let logger: ReturnType<typeof buildApp>['logger'];
  try {
    const built = buildApp(config);
    logger = built.logger;
    app = await built.start();
  } catch (err) {
    if (await isUserError(err)) fail((err as Error).message);
    const code = (err as { code?: string }).code;
    if (code === 'TokenInvalid' || /401|invalid token/i.test((err as Error).message)) {
      fail('Discord refused the bot token (DISCORD_TOKEN). Reset it in the Developer Portal (Bot tab) and update .env.');
    }
    // A start-up error can quote a request URL or the token itself; scrub before printing.
    fail(scrubSecrets(`The bot could not start: ${(err as Error).message}`, config.discord.token ? [config.discord.token] : []));
  }

  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled rejection'));
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    app.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

await main();
