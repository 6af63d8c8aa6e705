#!/usr/bin/env node
/**
 * Builds dist/: the bot (`main.js`), command registration (`deploy-commands.js`), the slash-command modules
 * (`commands/*.js`) and the `paperbot` CLI (`cli.js`, which runs `paperbot.cjs` from V8's code cache
 * `paperbot.cjs.v8`, see buildCliScript and src/cli/launch.ts), bundled from the TypeScript sources by esbuild.
 *
 * Plain JavaScript on purpose: `npm ci` runs it as the `prepare` script, before anything could compile it.
 * The runtime dependencies of package.json stay outside the bundle (better-sqlite3 is native, and `npm ci` already
 * put the rest in node_modules), except zod: every command validates with it, Node would load its ~30 modules
 * one by one, and bundled, esbuild keeps only the parts of zod/mini the code uses (~50 KB instead of ~300 KB).
 * Code splitting keeps the bot's dynamic imports lazy. Commands are entry points of their own because the bot finds them by listing
 * dist/commands/. Whitespace and syntax are minified (less for Node to parse at every start); names are kept,
 * so stack traces and logged error types read as in the sources even without source maps.
 *
 * Usage: node scripts/build.mjs
 */
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
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
  cli: 'src/cli/launch.ts',
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

/**
 * The command-line tool as one CommonJS script, `paperbot.cjs`, which `cli.js` (src/cli/launch.ts) runs through
 * V8's code cache. CommonJS because only a script can take cached code on Node 20, not an ES module. Its lazy
 * imports stay lazy: esbuild wraps each dynamically imported module, `require`s included, in an initialiser
 * that runs on first use. The stats chart is a script of its own, `chart.cjs` (see buildChartScript), which
 * the tool asks the launcher to run: only `paperbot stats --out` pays for loading it.
 */
async function buildCliScript(fingerprint) {
  // `import()` inside a script run from V8's code cache fails on Node 20 ("dynamic import callback was not
  // specified"), so the script asks the launcher to run the chart's (`__loadScript`, see src/cli/launch.ts).
  const chartScript = {
    name: 'chart-script',
    setup(build) {
      build.onResolve({ filter: /[\\/]stats[\\/]render\.js$/ }, () => ({ path: 'chart', namespace: 'chart-script' }));
      build.onLoad({ filter: /.*/, namespace: 'chart-script' }, () => ({
        contents: 'export const renderStatsPng = async (...args) => __loadScript("chart.cjs").renderStatsPng(...args);\n',
        loader: 'js',
      }));
    },
  };
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: ['src/cli/main.ts'],
    outfile: path.join(staging, 'paperbot.cjs'),
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    external,
    plugins: [chartScript],
    // The bundle sits in dist/ beside the ES build, so paths taken from its own URL resolve alike.
    banner: { js: 'const __import_meta_url = require("node:url").pathToFileURL(__filename).href;' },
    define: { __CODE_FINGERPRINT__: fingerprint, 'import.meta.url': '__import_meta_url' },
    minifyWhitespace: true,
    minifySyntax: true,
    logLevel: 'warning',
    metafile: true,
  });
  return result;
}

/**
 * The stats chart (src/stats/render.ts) as a CommonJS script, `chart.cjs`, with vega and vega-lite bundled in.
 * Loaded as ES modules they cost `paperbot stats --out` about 100 ms before drawing anything (vega alone is
 * some 100 modules, compiled anew on every call); bundled and run from the code cache, a fraction of that.
 * resvg (native) and the fonts stay in node_modules.
 */
async function buildChartScript() {
  // vega-canvas's Node build looks for the optional `canvas` package with a top-level await, which a CommonJS
  // script cannot hold. The chart never draws on a canvas (Vega renders to SVG, text is measured from the
  // fonts, see src/stats/render.ts), so its browser build stands in: it finds no canvas either, as the Node
  // build does wherever `canvas` is not installed.
  const noCanvas = {
    name: 'vega-canvas-without-canvas',
    setup(build) {
      build.onResolve({ filter: /^vega-canvas$/ }, () => ({ path: path.join(root, 'node_modules', 'vega-canvas', 'build', 'vega-canvas.browser.js') }));
    },
  };
  const bundledHere = new Set(['vega', 'vega-lite']);
  await esbuild.build({
    absWorkingDir: root,
    entryPoints: ['src/stats/render.ts'],
    outfile: path.join(staging, 'chart.cjs'),
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    external: external.filter((name) => !bundledHere.has(name.replace(/\/\*$/, ''))),
    plugins: [noCanvas],
    banner: { js: 'const __import_meta_url = require("node:url").pathToFileURL(__filename).href;' },
    define: { 'import.meta.url': '__import_meta_url' },
    minifyWhitespace: true,
    minifySyntax: true,
    logLevel: 'warning',
  });
}

/** A require() of an ES-only package would only fail when that command runs; fail the build instead. */
function checkNoEsOnlyRequires() {
  for (const script of ['paperbot.cjs', 'chart.cjs']) {
    const text = readFileSync(path.join(staging, script), 'utf8');
    for (const esOnly of ['vega', 'vega-lite']) {
      if (text.includes(`require("${esOnly}")`)) throw new Error(`${script} requires the ES-only package ${esOnly}`);
    }
  }
}

/**
 * Draws one chart and runs one search through the new build with a throw-away data folder, so the first real
 * call already starts from compiled code (see src/cli/launch.ts). The search goes last: each run rewrites the
 * caches of the scripts it ran, and paperbot.cjs's should hold what a search compiles. Best effort: a failure
 * leaves the build correct, only slower.
 */
function warmCodeCache() {
  const tmp = mkdtempSync(path.join(tmpdir(), 'paperbot-warm-'));
  try {
    for (const f of ['papers.json', 'lab.json']) copyFileSync(path.join(root, 'data', f), path.join(tmp, f));
    // Each on its own: a chart that cannot be drawn here (no resvg binary for this platform) still leaves the search warm.
    for (const [script, args] of [
      ['chart.cjs', ['stats', '--out', path.join(tmp, 'warm-up.png')]],
      ['paperbot.cjs', ['search', 'bandits']],
    ]) {
      try {
        execFileSync(process.execPath, [path.join(outdir, 'cli.js'), ...args], {
          env: { ...process.env, DATA_DIR: tmp, DB_PATH: path.join(tmp, 'none.db'), PAPERBOT_WRITE_CODE_CACHE: '1', LOG_LEVEL: '' },
          stdio: 'ignore',
          timeout: 60_000,
        });
      } catch (err) {
        process.stderr.write(`build: no code cache for ${script} (${err instanceof Error ? err.message.split('\n')[0] : String(err)})\n`);
      }
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

// Built beside dist/ and swapped in whole: a removed module cannot survive as a stale chunk or command, and a
// process started from dist/ meanwhile never sees half a build.
const staging = `${outdir}.building-${process.pid}`;
const started = performance.now();
const fingerprint = JSON.stringify(codeFingerprint());
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
    define: { __CODE_FINGERPRINT__: fingerprint },
    sourcemap: true,
    minifyWhitespace: true,
    minifySyntax: true,
    logLevel: 'warning',
  });
  await buildCliScript(fingerprint);
  await buildChartScript();
  checkNoEsOnlyRequires();
  rmSync(outdir, { recursive: true, force: true });
  renameSync(staging, outdir);
} catch (err) {
  rmSync(staging, { recursive: true, force: true });
  // esbuild has already printed the errors with file and line.
  if (!(err instanceof Error && 'errors' in err)) process.stderr.write(`build: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
warmCodeCache();
if (!process.argv.includes('--quiet')) process.stdout.write(`build: dist/ in ${Math.round(performance.now() - started)} ms\n`);
