#!/usr/bin/env node
/**
 * Builds dist/: the bot (`main.js`), command registration (`deploy-commands.js`), the `paperbot` CLI (`cli.js`)
 * and the slash-command modules (`commands/*.js`), bundled from the TypeScript sources by esbuild.
 *
 * Plain JavaScript on purpose: `npm ci` runs it as the `prepare` script, before anything could compile it.
 * The runtime dependencies of package.json stay outside the bundle (better-sqlite3 is native, and `npm ci` already
 * put the rest in node_modules), except zod: every command validates with it, Node would load its ~30 modules
 * one by one, and bundled, esbuild keeps only the parts of zod/mini the code uses (~50 KB instead of ~300 KB).
 * Code splitting keeps dynamic imports lazy: `paperbot help` must not load the search engine, and no `paperbot`
 * command loads discord.js. Commands are entry points of their own because the bot finds them by listing
 * dist/commands/. Whitespace and syntax are minified (less for Node to parse at every start); names are kept,
 * so stack traces and logged error types read as in the sources even without source maps.
 *
 * Usage: node scripts/build.mjs
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'dist');

let esbuild;
try {
  esbuild = await import('esbuild');
} catch {
  process.stderr.write('build: esbuild is not installed (an install without dev dependencies?); run `npm ci` to build dist/\n');
  process.exit(1);
}

const BUNDLED = new Set(['zod']);
const { dependencies = {} } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const external = Object.keys(dependencies)
  .filter((name) => !BUNDLED.has(name))
  .flatMap((name) => [name, `${name}/*`]);

const entryPoints = {
  main: 'src/main.ts',
  'deploy-commands': 'src/deploy-commands.ts',
  cli: 'src/cli/main.ts',
};
for (const file of readdirSync(path.join(root, 'commands'))) {
  if (/\.ts$/.test(file) && !file.endsWith('.d.ts') && !/\.test\./.test(file)) entryPoints[`commands/${file.replace(/\.ts$/, '')}`] = `commands/${file}`;
}

/**
 * A fingerprint of the code that prepares and searches the corpus, baked into the build: the CLI's engine cache
 * (src/cli/prepared-corpus.ts) is keyed by it, so a rebuilt analyzer never answers from an index the old code
 * made, and no run has to look at file dates to know.
 */
function codeFingerprint() {
  const hash = createHash('sha1');
  for (const dir of ['src/corpus', 'src/search']) {
    for (const name of readdirSync(path.join(root, dir)).sort()) {
      const file = path.join(root, dir, name);
      if (/\.ts$/.test(name) && statSync(file).isFile()) hash.update(name).update(readFileSync(file));
    }
  }
  return hash.digest('hex').slice(0, 16);
}

// Built beside dist/ and swapped in whole: a removed module cannot survive as a stale chunk or command, and a
// process started from dist/ meanwhile never sees half a build.
const staging = `${outdir}.building-${process.pid}`;
const started = performance.now();
try {
  await esbuild.build({
    absWorkingDir: root,
    entryPoints,
    outdir: staging,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external,
    define: { __CODE_FINGERPRINT__: JSON.stringify(codeFingerprint()) },
    sourcemap: true,
    minifyWhitespace: true,
    minifySyntax: true,
    logLevel: 'warning',
  });
  rmSync(outdir, { recursive: true, force: true });
  renameSync(staging, outdir);
} catch (err) {
  rmSync(staging, { recursive: true, force: true });
  // esbuild has already printed the errors with file and line.
  if (!(err instanceof Error && 'errors' in err)) process.stderr.write(`build: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
if (!process.argv.includes('--quiet')) process.stdout.write(`build: dist/ in ${Math.round(performance.now() - started)} ms\n`);
