/**
 * The heavy half of the field index benchmark, in a process of its own (run by `field-index-bench.ts`), so the
 * starts measured after it never share the machine with a process holding a gigabyte of heap: generates the
 * synthetic digest papers and writes them to `field_papers` (unless a kept table is reused), rebuilds the
 * index as the bot does without a usable snapshot and writes the snapshot, both with their longest event-loop
 * stall, then searches `scope:all` as the bot does after a restart. Prints its lines, then one JSON line for
 * the caller.
 *
 * Usage: field-index-build.ts <dataDir> <size> <codeStamp> <reuse allowed: 0|1>
 */
import { existsSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { loadCorpus } from '../src/corpus/corpus.js';
import { paperSchema } from '../src/corpus/schema.js';
import { FIELD_SNAPSHOT_FILE, FieldIndex } from '../src/field/field-index.js';
import { createLogger } from '../src/logger.js';
import { createSearchEngine } from '../src/search/engine.js';
import { scopedEngine } from '../src/search/scoped-engine.js';
import { Store } from '../src/store/store.js';
import { syntheticQueries } from './search-bench.js';
import { generatePapers } from './synthetic.js';

const ms = (v: number) => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));

function percentile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? NaN;
}

const [dataDir, sizeArg, stamp, reuseAllowed] = process.argv.slice(2) as [string, string, string, string];
const size = Number(sizeArg);
const kept = reuseAllowed === '1' ? dataDir : undefined;
const { papers, vocabulary } = generatePapers({ count: size, seed: 7 });
const today = new Date().toISOString().slice(0, 10);
const store = Store.open(path.join(dataDir, 'state.db'));
const reuse =
  kept !== undefined && existsSync(path.join(dataDir, FIELD_SNAPSHOT_FILE)) && store.db.prepare(`SELECT count(*) FROM field_papers`).pluck().get() === size;
const insert = store.db.prepare(`INSERT INTO field_papers (arxiv_id, json, listed_on, announce_type, first_seen) VALUES (?, ?, ?, 'new', ?)`);
// As the digest writes them: the JSON of the validated paper.
if (!reuse)
  store.db.transaction(() => {
    store.db.prepare(`DELETE FROM field_papers`).run();
    for (const p of papers) insert.run(p.arxivId, JSON.stringify(paperSchema.parse(p)), today, today);
  })();
// One transaction of 100,000 rows leaves a write-ahead log of the whole table; the bot's days write a few
// hundred rows. Checkpointed, so the rebuild and the starts read the table as a running bot finds it.
store.db.pragma('wal_checkpoint(TRUNCATE)');
if (reuse) console.log(`(reusing the table and snapshot in ${dataDir}: no rebuild measured)`);
else rmSync(path.join(dataDir, FIELD_SNAPSHOT_FILE), { force: true });
const field = new FieldIndex({ store, dataDir, retentionDays: 365, logger: createLogger({ level: 'silent' }), codeStamp: stamp, snapshotDelayMs: 1 });
// The longest garbage-collection pause, to tell a stall of our code from one of the collector.
let longestGcMs = 0;
const gc = new PerformanceObserver((list) => {
  for (const e of list.getEntries()) longestGcMs = Math.max(longestGcMs, e.duration);
});
gc.observe({ entryTypes: ['gc'] });
const stalls = monitorEventLoopDelay({ resolution: 10 });
stalls.enable();
const t0 = performance.now();
await field.open();
const rebuildMs = performance.now() - t0;
stalls.disable();
const buildStallMs = stalls.max / 1e6;
const buildGcMs = longestGcMs;
longestGcMs = 0;
const writeStalls = monitorEventLoopDelay({ resolution: 10 });
writeStalls.enable();
const w0 = performance.now();
await field.flush();
const writeMs = performance.now() - w0;
writeStalls.disable();
gc.disconnect();
const snapshotMB = statSync(path.join(dataDir, FIELD_SNAPSHOT_FILE)).size / 1e6;
if (!reuse) {
  console.log(
    `full rebuild from field_papers (chunked): ${ms(rebuildMs / 1000)} s, longest event-loop stall ${ms(buildStallMs)} ms (longest GC pause ${ms(buildGcMs)} ms)`,
  );
  console.log(
    `snapshot write (encoded step by step): ${ms(writeMs)} ms, longest event-loop stall ${ms(writeStalls.max / 1e6)} ms (longest GC pause ${ms(longestGcMs)} ms), ${snapshotMB.toFixed(0)} MB`,
  );
}

await field.close();
// Searched as the bot searches after a restart: the index loaded from its snapshot, abstracts read on demand.
const loaded = new FieldIndex({ store, dataDir, retentionDays: 365, logger: createLogger({ level: 'silent' }), codeStamp: stamp });
await loaded.open();
const lab = createSearchEngine(loadCorpus(path.resolve('data/papers.json')));
const all = scopedEngine([
  { source: 'lab', engine: lab },
  { source: 'field', engine: loaded.engine()! },
]);
const { search } = syntheticQueries(papers, vocabulary);
for (const q of search.slice(0, 10)) all.search(q);
const samples: number[] = [];
for (let round = 0; round < 3; round++) {
  for (const q of search) {
    const s = performance.now();
    all.search(q, { limit: 5 });
    samples.push(performance.now() - s);
  }
}
samples.sort((a, b) => a - b);
console.log(
  `scope:all search (lab + field, the field index loaded from its snapshot: checked by ${(loaded.status().source as { checked?: string }).checked}), ` +
    `${search.length} queries × 3: p50 ${ms(percentile(samples, 0.5))} ms, p99 ${ms(percentile(samples, 0.99))} ms, max ${ms(samples.at(-1)!)} ms`,
);
await loaded.close();
store.close();

console.log(JSON.stringify({ reuse, rebuildMs, firstQuery: search[0] }));
