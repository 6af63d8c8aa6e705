/**
 * Process entry of `paperbot`: `npx paperbot …`, `npm run paperbot -- …`, or `bin/paperbot.js` after a global install
 * (built as `dist/paperbot.cjs` and started by `dist/cli.js`, see launch.ts). Reads `.env` like the bot does, so
 * both see the same DATA_DIR and options, then hands over to `runCli`.
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

// No top-level await: the build makes this a CommonJS script (see launch.ts).
void runCli(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
