/**
 * Process entry of `paperbot` (`dist/cli.js` once built: `npx paperbot …`, `npm run paperbot -- …`, or `bin/paperbot.js` after a global install).
 * Reads `.env` like the bot does, so both see the same DATA_DIR and options, then hands over to `runCli`.
 */
import { loadDotEnv } from '../config.js';
import { runCli } from './run.js';

// `paperbot search x --json | head -1` closes the pipe early; that is the reader's choice, not a failure.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

try {
  loadDotEnv();
} catch (err) {
  process.stderr.write(`paperbot: cannot read .env: ${(err as Error).message.split('\n')[0]}\n`);
  process.exit(2);
}

process.exitCode = await runCli(process.argv.slice(2));
