/**
 * Vitest global setup: builds dist/ from the current sources once before the suite, so the tests that spawn
 * `node dist/…` (the CLI, `npm start`, `deploy-commands`) can never pass against a stale build.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Runs `scripts/build.mjs`; a build error fails the run before any test starts. */
export default function setup(): void {
  execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs'), '--quiet'], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
}
