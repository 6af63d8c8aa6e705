/**
 * Start-up cost of the built entry points, as a user meets it:
 * - `paperbot <command>` (bin/paperbot.js → dist/cli.js) from spawn to exit, beside `node -e 0` in the same
 *   run, interleaved so every command sees the same machine load; the sources through tsx, and a search that
 *   cannot use the engine cache of DATA_DIR/.cache, as references.
 *   Target: median ≤ 250 ms.
 * - `npm start` (`node dist/main.js`) from spawn to its first answered interaction through the Discord
 *   emulator, beside `npm run dev` (tsx).
 *
 * dist/ is rebuilt first so the figures are those of the current sources.
 * Run alone with `npx tsx bench/cli-bench.ts`; `npm run bench` includes it through bench/run.ts.
 */
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadConfig } from '../src/config.js';
import { deployCommands } from '../src/deploy-commands.js';
import { startDiscordEmulator } from '../tests/support/discord-emulator/index.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TARGET_MS = 250;

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** The environment minus what would change what the CLI does (a developer's DATA_DIR or LOG_LEVEL). */
function cleanEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of ['DATA_DIR', 'DB_PATH', 'LOG_LEVEL', 'INCLUDE_OTHER_AUTHORS', 'NODE_OPTIONS']) delete env[key];
  return env;
}

/** Milliseconds from spawning `node args` to its exit; output is drained, not kept. */
function timeRun(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stdout.resume();
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - started;
      if (code === 0) resolve(ms);
      else reject(new Error(`node ${args.join(' ')} exited ${code}: ${stderr.trim()}`));
    });
  });
}

interface Case {
  label: string;
  args: string[];
  /** Measured in the first rounds only (slow references). */
  rounds?: number;
  /** Counted against the target. */
  target?: boolean;
  /** Extra environment. */
  env?: NodeJS.ProcessEnv;
}

const BIN = path.join(ROOT, 'bin', 'paperbot.js');
const TSX_CLI = ['--import', 'tsx', path.join(ROOT, 'src', 'cli', 'main.ts')];

async function benchCli(rounds: number): Promise<void> {
  const env = cleanEnv();
  // The same papers where no engine cache can be written (a file holds the name of the folders, in DATA_DIR and as
  // the user cache): every run validates and indexes.
  const uncached = mkdtempSync(path.join(tmpdir(), 'paperbot-nocache-bench-'));
  for (const f of ['papers.json', 'lab.json']) copyFileSync(path.join(ROOT, 'data', f), path.join(uncached, f));
  writeFileSync(path.join(uncached, '.cache'), '');
  const cases: Case[] = [
    { label: 'node -e 0', args: ['-e', '0'] },
    { label: 'paperbot help', args: [BIN, 'help'], target: true },
    { label: 'paperbot search bandits', args: [BIN, 'search', 'bandits'], target: true },
    { label: 'paperbot search "weak to strong" --json', args: [BIN, 'search', 'weak to strong', '--json'], target: true },
    { label: 'paperbot show 2407.06120', args: [BIN, 'show', '2407.06120'], target: true },
    { label: 'paperbot cite 2407.06120', args: [BIN, 'cite', '2407.06120'], target: true },
    { label: 'paperbot suggest "weak t"', args: [BIN, 'suggest', 'weak t'], target: true },
    { label: 'paperbot random', args: [BIN, 'random'], target: true },
    { label: 'paperbot similar 2407.06120', args: [BIN, 'similar', '2407.06120'], target: true },
    { label: 'paperbot stats', args: [BIN, 'stats'], target: true },
    { label: 'paperbot stats --out stats.png', args: [BIN, 'stats', '--out', path.join(uncached, 'stats.png')], target: true },
    {
      label: 'reference: search bandits, no engine cache',
      args: [BIN, 'search', 'bandits'],
      env: { DATA_DIR: uncached, XDG_CACHE_HOME: path.join(uncached, '.cache') },
    },
    { label: 'reference: tsx src/cli/main.ts search bandits', args: [...TSX_CLI, 'search', 'bandits'], rounds: Math.min(5, rounds) },
  ];
  const samples = new Map<Case, number[]>(cases.map((c) => [c, []]));
  // One warm-up each: the first spawn pays for the disk cache (and writes the engine cache of data/).
  const envOf = (c: Case) => ({ ...env, ...c.env });
  try {
    for (const c of cases) await timeRun(c.args, envOf(c));
    for (let i = 0; i < rounds; i++) {
      for (const c of cases) if (i < (c.rounds ?? rounds)) samples.get(c)!.push(await timeRun(c.args, envOf(c)));
    }
  } finally {
    rmSync(uncached, { recursive: true, force: true });
  }
  const base = median(samples.get(cases[0]!)!);
  console.log(`\nCommand-line start-up, spawn to exit, ${rounds} interleaved rounds (ms)`);
  console.log(`${'command'.padEnd(48)}   n  median     min  × node -e 0`);
  let worst = 0;
  for (const c of cases) {
    const v = samples.get(c)!;
    const m = median(v);
    if (c.target) worst = Math.max(worst, m);
    console.log(
      `${c.label.padEnd(48)} ${String(v.length).padStart(3)} ${m.toFixed(0).padStart(7)} ${Math.min(...v)
        .toFixed(0)
        .padStart(7)} ${(m / base).toFixed(2).padStart(12)}`,
    );
  }
  console.log(`target: every paperbot median ≤ ${TARGET_MS} ms (worst ${worst.toFixed(0)} ms: ${worst <= TARGET_MS ? 'met' : 'MISSED'})`);
}

/** Spawn → ready → first `/paper help` answered, for one way of starting the bot. */
async function timeBotStart(args: string[], env: Record<string, string>, ask: () => Promise<unknown>): Promise<{ ready: number; answered: number }> {
  const started = performance.now();
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
  try {
    const ready = await new Promise<number>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('ready as')) resolve(performance.now() - started);
      });
      child.on('close', (code) => reject(new Error(`bot exited ${code} before ready: ${stderr.trim()}`)));
    });
    await ask();
    return { ready, answered: performance.now() - started };
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

async function benchBotStart(rounds: number): Promise<void> {
  const emu = await startDiscordEmulator();
  const dir = mkdtempSync(path.join(tmpdir(), 'paperbot-start-bench-'));
  try {
    for (const f of ['papers.json', 'lab.json']) copyFileSync(path.join(ROOT, 'data', f), path.join(dir, f));
    const env = { ...emu.botEnv(), DATA_DIR: dir, ANNOUNCE_ENABLED: 'false', ARXIV_API_URL: 'http://127.0.0.1:9/api/query', LOG_LEVEL: 'info' };
    await deployCommands(loadConfig(env, 'deploy'));
    const ask = () => emu.runCommand('paper', 'help');
    const ways = [
      { label: 'npm start (node dist/main.js)', args: ['--enable-source-maps', path.join(ROOT, 'dist', 'main.js')] },
      { label: 'npm run dev (tsx src/main.ts)', args: ['--import', 'tsx', path.join(ROOT, 'src', 'main.ts')] },
    ];
    const samples = ways.map(() => ({ ready: [] as number[], answered: [] as number[] }));
    for (let i = 0; i < rounds; i++) {
      for (const [k, w] of ways.entries()) {
        const r = await timeBotStart(w.args, env, ask);
        samples[k]!.ready.push(r.ready);
        samples[k]!.answered.push(r.answered);
      }
    }
    console.log(`\nBot start-up through the Discord emulator, ${rounds} interleaved rounds (median ms)`);
    console.log(`${'how'.padEnd(32)} ready  first answer`);
    for (const [k, w] of ways.entries()) {
      console.log(`${w.label.padEnd(32)} ${median(samples[k]!.ready).toFixed(0).padStart(5)} ${median(samples[k]!.answered).toFixed(0).padStart(13)}`);
    }
    console.log(`first answer, npm start / npm run dev: ${(median(samples[0]!.answered) / median(samples[1]!.answered)).toFixed(2)}`);
  } finally {
    await emu.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Rebuilds dist/, then measures the CLI and the bot's start. */
export async function runCliBench(options: { rounds?: number; botRounds?: number } = {}): Promise<void> {
  execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs'), '--quiet'], { cwd: ROOT, stdio: 'inherit' });
  await benchCli(options.rounds ?? 15);
  await benchBotStart(options.botRounds ?? 5);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runCliBench();
}
