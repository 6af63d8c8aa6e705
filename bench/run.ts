/**
 * `npm run bench`: the search benchmark, the index snapshot benchmark, then the Discord interaction
 * benchmark when that module exists (it is written separately and may not be there yet).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { runSearchBench } from './search-bench.js';
import { runSnapshotBench } from './snapshot-bench.js';

const here = path.dirname(fileURLToPath(import.meta.url));

await runSearchBench();
await runSnapshotBench();

const interaction = path.join(here, 'interaction-bench.ts');
if (existsSync(interaction)) {
  const mod = (await import(pathToFileURL(interaction).href)) as { runInteractionBench?: () => Promise<void> };
  if (typeof mod.runInteractionBench === 'function') await mod.runInteractionBench();
  else console.error('bench/interaction-bench.ts does not export runInteractionBench(); skipped');
} else {
  console.log('\n(bench/interaction-bench.ts not present: interaction benchmark skipped)');
}
