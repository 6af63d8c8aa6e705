/**
 * Interaction latency through the Discord emulator: from INTERACTION_CREATE to the reply the user sees (the
 * interaction callback, or the edit of a deferred reply), for `/paper search` and autocomplete against the
 * trivial `/paper help` in the same run, and the worst latency with 50 interactions sent at once.
 * Targets: p50 and p99 ratios to help ≤ 1.3; no interaction over 3 s.
 *
 * Run alone with `npx tsx bench/interaction-bench.ts`; `npm run bench` includes it through bench/run.ts.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import pino from 'pino';
import { buildApp } from '../src/app/build-app.js';
import { loadConfig } from '../src/config.js';
import { Corpus, loadCorpus } from '../src/corpus/corpus.js';
import { deployCommands } from '../src/deploy-commands.js';
import { startDiscordEmulator, type InteractionReply } from '../tests/support/discord-emulator/index.js';
import { generatePapers } from './synthetic.js';

const SEARCHES = ['learning', 'representation learning', 'sketching', 'transformer', 'regression', 'bandits', 'kernel', 'distribution shift'];
const PARTIALS = ['', 'lea', 'repr', 'sket', 'trans', 'reg', 'band', 'ker'];

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}

interface Scenario {
  name: string;
  corpus: Corpus;
  rounds: number;
}

interface Row {
  scenario: string;
  kind: string;
  n: number;
  p50: number;
  p99: number;
  max: number;
  ratio50?: number;
  ratio99?: number;
}

async function runScenario(s: Scenario): Promise<{ rows: Row[]; burstWorst: number; burstN: number }> {
  const emu = await startDiscordEmulator();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'paperbot-bench-'));
  copyFileSync(path.resolve('data/lab.json'), path.join(dataDir, 'lab.json'));
  const config = loadConfig(
    {
      ...emu.botEnv(),
      DATA_DIR: dataDir,
      ANNOUNCE_ENABLED: 'false',
    },
    'bot',
  );
  await deployCommands(config);
  const bot = await buildApp(config, { logger: pino({ level: 'silent' }), corpus: s.corpus }).start();
  try {
    const help = () => emu.runCommand('paper', 'help');
    const search = (i: number) => emu.runCommand('paper', 'search', { query: SEARCHES[i % SEARCHES.length]! });
    const auto = (i: number) => emu.autocomplete('paper', 'search', { query: PARTIALS[i % PARTIALS.length]! }, 'query');
    // Warm-up: JIT, connection pools, first-use caches.
    for (let i = 0; i < 20; i++) await Promise.all([help(), search(i), auto(i)].map((p) => p.catch(() => undefined)));

    const samples: Record<'help' | 'search' | 'autocomplete', number[]> = { help: [], search: [], autocomplete: [] };
    // Interleaved, one at a time, so the three kinds see the same machine load.
    for (let i = 0; i < s.rounds; i++) {
      samples.help.push((await help()).latencyMs);
      samples.search.push((await search(i)).latencyMs);
      samples.autocomplete.push((await auto(i)).latencyMs);
    }

    const burst: Promise<InteractionReply>[] = [];
    for (let i = 0; i < 50; i++) burst.push(i % 3 === 0 ? help() : i % 3 === 1 ? search(i) : auto(i));
    const settled = await Promise.allSettled(burst);
    const burstLatencies = settled.map((r) => (r.status === 'fulfilled' ? r.value.latencyMs : Infinity));

    const base50 = percentile(samples.help, 50);
    const base99 = percentile(samples.help, 99);
    const rows: Row[] = (['help', 'search', 'autocomplete'] as const).map((kind) => {
      const v = samples[kind];
      const row: Row = { scenario: s.name, kind, n: v.length, p50: percentile(v, 50), p99: percentile(v, 99), max: Math.max(...v) };
      if (kind !== 'help') {
        row.ratio50 = row.p50 / base50;
        row.ratio99 = row.p99 / base99;
      }
      return row;
    });
    return { rows, burstWorst: Math.max(...burstLatencies), burstN: burstLatencies.filter(Number.isFinite).length };
  } finally {
    await bot.stop();
    await emu.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Runs the interaction benchmark and prints its table. */
export async function runInteractionBench(options: { rounds?: number; syntheticPapers?: number } = {}): Promise<void> {
  const rounds = options.rounds ?? 150;
  const scenarios: Scenario[] = [{ name: 'seed corpus', corpus: loadCorpus(path.resolve('data/papers.json')), rounds }];
  const synthetic = options.syntheticPapers ?? 10_000;
  if (synthetic > 0) {
    scenarios.push({ name: `${synthetic.toLocaleString('en-US')} synthetic`, corpus: new Corpus(generatePapers({ count: synthetic }).papers), rounds });
  }
  const fmt = (n: number | undefined, digits = 1) => (n === undefined ? '' : n.toFixed(digits));
  console.log('\nInteraction latency through the Discord emulator (INTERACTION_CREATE → reply the user sees), ms');
  console.log('scenario              kind          n    p50     p99     max   p50/help  p99/help');
  let worstRatio = 0;
  let worstLatency = 0;
  for (const s of scenarios) {
    const { rows, burstWorst, burstN } = await runScenario(s);
    for (const r of rows) {
      console.log(
        `${r.scenario.padEnd(21)} ${r.kind.padEnd(13)} ${String(r.n).padStart(3)} ${fmt(r.p50).padStart(6)} ${fmt(r.p99).padStart(7)} ${fmt(r.max).padStart(7)} ${fmt(r.ratio50, 2).padStart(9)} ${fmt(r.ratio99, 2).padStart(9)}`,
      );
      worstRatio = Math.max(worstRatio, r.ratio50 ?? 0);
      worstLatency = Math.max(worstLatency, r.max);
    }
    console.log(`${s.name.padEnd(21)} burst of 50 at once: ${burstN}/50 answered, worst ${fmt(burstWorst)} ms`);
    worstLatency = Math.max(worstLatency, burstWorst);
  }
  console.log(
    `targets: p50 ratio ≤ 1.3 (worst ${worstRatio.toFixed(2)}: ${worstRatio <= 1.3 ? 'met' : 'MISSED'}); ` +
      `none over 3000 ms (worst ${worstLatency.toFixed(0)} ms: ${worstLatency <= 3000 ? 'met' : 'MISSED'})`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runInteractionBench();
}
