#!/usr/bin/env node
// Launcher of `paperbot` (`npx paperbot`, or `paperbot` after `npm install -g .`): runs the built CLI from any folder.
// With DATA_DIR unset, the package's own data/ is used, so `paperbot search …` works wherever it is typed.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'dist', 'cli.js');
if (!existsSync(cli)) {
  process.stderr.write(`paperbot: ${cli} is missing; run \`npm ci\` (or \`npm run build\`) in ${root}\n`);
  process.exit(1);
}
if (!process.env.DATA_DIR) process.env.DATA_DIR = path.join(root, 'data');
await import(pathToFileURL(cli).href);
