/**
 * `paperbot` as a real process, run from dist/ (built from the current sources by the global setup): the exit
 * code the shell sees, stdout holding nothing but JSON, and the launcher working from another folder.
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/corpus.js';
import { computeStats } from '../../src/stats/compute.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'paperbot-proc-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The parent's environment minus what would change the CLI's behaviour. */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of ['DATA_DIR', 'LOG_LEVEL', 'INCLUDE_OTHER_AUTHORS', 'NO_COLOR', 'FORCE_COLOR', 'DB_PATH']) delete env[key];
  return { ...env, ...extra };
}

function run(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(process.execPath, args, { cwd: options.cwd ?? ROOT, env: cleanEnv(options.env) }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

const MAIN = [path.join(ROOT, 'dist', 'cli.js')];

describe('paperbot process', () => {
  it('search --json exits 0 with only JSON on stdout, the weak-to-strong papers first', async () => {
    const { code, stdout, stderr } = await run([...MAIN, 'search', 'weak to strong', '--json']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const results = JSON.parse(stdout);
    expect(
      results
        .slice(0, 2)
        .map((r: { arxivId: string }) => r.arxivId)
        .sort(),
    ).toEqual(['2502.05075', '2509.24005']);
  });

  it("the global launcher works from any folder, with the package's own data", async () => {
    const { code, stdout, stderr } = await run([path.join(ROOT, 'bin', 'paperbot.js'), 'show', 'arXiv:2407.06120v1', '--json'], { cwd: tmp });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ arxivId: '2407.06120', citationKey: 'dong2024sketchy' });
  });

  it('bad input through the launcher: exit 2, one line on stderr, no stack trace', async () => {
    writeFileSync(path.join(tmp, 'papers.json'), JSON.stringify({ papers: [{ arxivId: 'nope', title: 'x', published: '2024-01-01' }] }));
    const { code, stdout, stderr } = await run([path.join(ROOT, 'bin', 'paperbot.js'), 'cite', '2407.06120'], { cwd: tmp, env: { DATA_DIR: tmp } });
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/^paperbot cite: .*papers\.json: paper #0 \(nope\), field "arxivId"/);
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});

/** Packages a `paperbot` command loads, as the process itself reports them (tests/support/record-packages.mjs). */
async function packagesLoadedBy(args: string[]): Promise<string[]> {
  const file = path.join(tmp, `packages-${args.join('-').replace(/\W+/g, '_')}.json`);
  const { code, stderr } = await run(['--import', pathToFileURL(path.join(ROOT, 'tests', 'support', 'record-packages.mjs')).href, ...MAIN, ...args], {
    env: { RECORD_PACKAGES_FILE: file },
  });
  expect(stderr).toBe('');
  expect(code).toBe(0);
  return JSON.parse(readFileSync(file, 'utf8')) as string[];
}

describe('paperbot start-up', () => {
  it('loads only the packages a command needs: help none, search only MiniSearch, nothing of Discord, SQLite, arXiv or logging', async () => {
    expect(await packagesLoadedBy(['help'])).toEqual([]);
    expect(await packagesLoadedBy(['search', 'bandits'])).toEqual(['minisearch']);
    // The chart's vega and vega-lite are bundled into dist/chart.cjs: only the native rasteriser is a package.
    const packages = await packagesLoadedBy(['stats', '--out', path.join(tmp, 'packages.png')]);
    expect(packages).toContain('@resvg/resvg-js');
    expect(packages.filter((p) => !p.startsWith('@resvg/'))).toEqual([]);
  });

  it('the bot checks its configuration before it loads discord.js', () => {
    // A missing .env is told at once: dist/main.js's static imports (followed through the chunks) hold the
    // logger, not discord.js.
    const bot = eagerPackages('main.js');
    expect(bot).toContain('pino');
    expect(bot).not.toContain('discord.js');
  });
});

/** Packages `node dist/<entry>` loads before running anything: the static imports, followed through the chunks. */
function eagerPackages(entry: string): Set<string> {
  const packages = new Set<string>();
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    // Static imports only: `import ... from "x"`, `export ... from "x"` and bare `import "x"`, each starting a
    // statement (dist/ is minified: several to a line); dynamic import() stays lazy.
    for (const m of readFileSync(file, 'utf8').matchAll(/(?:^|[;\n])\s*(?:import|export)\s*(?:[^;"'`()]*?from\s*)?"([^"]+)"/g)) {
      const spec = m[1]!;
      if (spec.startsWith('.')) visit(path.resolve(path.dirname(file), spec));
      else if (!spec.startsWith('node:')) packages.add(spec);
    }
  };
  visit(path.join(ROOT, 'dist', entry));
  return packages;
}

/** A copy of dist/ that a test may damage; packages still resolve from the project's node_modules. */
function copyOfDist(): string {
  const dir = mkdtempSync(path.join(tmp, 'dist-'));
  cpSync(path.join(ROOT, 'dist'), path.join(dir, 'dist'), { recursive: true });
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  return path.join(dir, 'dist');
}

describe('the code cache of paperbot', () => {
  const data = { DATA_DIR: path.join(ROOT, 'data') };

  it('answers the same from a damaged or missing cache, and writes a good one again', async () => {
    const dist = copyOfDist();
    const cache = path.join(dist, 'paperbot.cjs.v8');
    const expected = await run([path.join(dist, 'cli.js'), 'search', 'weak to strong', '--json'], { env: data });
    expect(expected.code).toBe(0);
    const good = readFileSync(cache);

    // Bytes of another build: the header's hash no longer matches the script.
    writeFileSync(cache, Buffer.concat([Buffer.alloc(20), good.subarray(20)]));
    const damaged = await run([path.join(dist, 'cli.js'), 'search', 'weak to strong', '--json'], { env: data });
    expect(damaged).toEqual(expected);
    expect(readFileSync(cache).subarray(0, 20)).toEqual(good.subarray(0, 20));

    // The right header over data V8 cannot use.
    writeFileSync(cache, Buffer.concat([good.subarray(0, 20), Buffer.from('not V8 code')]));
    expect(await run([path.join(dist, 'cli.js'), 'search', 'weak to strong', '--json'], { env: data })).toEqual(expected);
    expect(readFileSync(cache).length).toBeGreaterThan(1000);

    rmSync(cache);
    expect(await run([path.join(dist, 'cli.js'), 'search', 'weak to strong', '--json'], { env: data })).toEqual(expected);
    expect(existsSync(cache)).toBe(true);
  });

  it('draws the stats chart from its own bundled script, the very picture the bot draws, with a damaged chart cache too', async () => {
    const dist = copyOfDist();
    const out = path.join(tmp, 'stats.png');
    const env = { ...data, DB_PATH: path.join(tmp, 'no-state.db') };
    const { code, stdout, stderr } = await run([path.join(dist, 'cli.js'), 'stats', '--out', out], { env });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain(`Chart written to ${out}`);
    const png = readFileSync(out);
    // A PNG: its signature, then an IHDR chunk.
    expect(png.subarray(0, 16).toString('latin1')).toBe('\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR');
    // The bot renders from the ES packages themselves; the bundled vega (without vega-canvas's Node build) must draw alike.
    const { renderStatsPng } = await import('../../src/stats/render.js');
    const stats = computeStats(loadCorpus(path.join(ROOT, 'data', 'papers.json')).visible(), {});
    expect(png.equals(await renderStatsPng(stats!))).toBe(true);

    const cache = path.join(dist, 'chart.cjs.v8');
    writeFileSync(cache, Buffer.concat([readFileSync(cache).subarray(0, 20), Buffer.from('not V8 code')]));
    const again = path.join(tmp, 'stats-again.png');
    expect((await run([path.join(dist, 'cli.js'), 'stats', '--out', again], { env })).code).toBe(0);
    expect(readFileSync(again).equals(png)).toBe(true);
    expect(readFileSync(cache).length).toBeGreaterThan(1000);
  });
});
