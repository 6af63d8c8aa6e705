/**
 * `npm run bench`: the search benchmark, the stats chart benchmark, the digest ranking benchmark, the Discord interaction benchmark when that
 * module exists, then the start-up of the built CLI and bot. `BENCH_SNAPSHOT=1` adds the index snapshot
 * benchmark (load vs rebuild at 100,000 papers: one more full build, several minutes).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { runCliBench } from './cli-bench.js';
import { runDigestBench } from './digest-bench.js';
import { runFieldIndexBench } from './field-index-bench.js';
import { runSearchBench } from './search-bench.js';
import { runSnapshotBench } from './snapshot-bench.js';
import { runStatsBench } from './stats-bench.js';

const here = path.dirname(fileURLToPath(import.meta.url));

await runSearchBench();
await runStatsBench();
await runDigestBench();
if (process.env.BENCH_SNAPSHOT === '1') await runSnapshotBench();
if (process.env.BENCH_FIELD !== '0') await runFieldIndexBench();

const interaction = path.join(here, 'interaction-bench.ts');
if (existsSync(interaction)) {
  const mod = (await import(pathToFileURL(interaction).href)) as { runInteractionBench?: () => Promise<void> };
  if (typeof mod.runInteractionBench === 'function') await mod.runInteractionBench();
  else console.error('bench/interaction-bench.ts does not export runInteractionBench(); skipped');
} else {
  console.log('\n(bench/interaction-bench.ts not present: interaction benchmark skipped)');
}

await runCliBench();
