/**
 * The field index at scale (`BENCH_FIELD_SIZE` synthetic digest papers, default 100,000, in a real
 * `field_papers` table): a full rebuild (chunked, as the bot does it when the snapshot is missing) beside a
 * start from the persisted snapshot in the same run (a child process, so its memory is its own), its RSS,
 * the longest event-loop stall during the rebuild and the snapshot write, and search p50/p99 under
 * `scope:all` (lab index + field index).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
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

/** Runs the field index benchmark and prints its lines. */
export async function runFieldIndexBench(): Promise<void> {
  const size = Math.max(100, Math.floor(Number(process.env.BENCH_FIELD_SIZE ?? process.env.BENCH_SIZE ?? 100_000)));
  console.log(`\n# Field index: ${size.toLocaleString('en-US')} synthetic digest papers in field_papers\n`);
  // BENCH_FIELD_DIR keeps the table and snapshot between runs: a second run reuses them and skips the rebuild.
  const kept = process.env.BENCH_FIELD_DIR;
  const dataDir = kept ? path.resolve(kept) : mkdtempSync(path.join(tmpdir(), 'paperbot-field-bench-'));
  if (kept) mkdirSync(dataDir, { recursive: true });
  const stamp = 'bench';
  try {
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

    // The starts are measured on a settled disk, as a restart finds it: not while the kernel is still writing
    // back the table and snapshot this run has just written.
    try {
      execFileSync('sync');
    } catch {
      // No sync(1): measured as it is.
    }
    const child = path.join(path.dirname(new URL(import.meta.url).pathname), 'field-index-start.ts');
    const runs: { firstAnswerMs: number; uptimeMs: number; rssMB: number; source: { kind: string; checked?: string } }[] = [];
    for (let i = 0; i < 3; i++) {
      const out = execFileSync(process.execPath, ['--import', 'tsx', child, dataDir, stamp, search[0]!], { encoding: 'utf8', maxBuffer: 1 << 20 });
      runs.push(JSON.parse(out.trim().split('\n').at(-1)!));
    }
    if (runs.some((r) => r.source.kind !== 'snapshot')) throw new Error('the start did not load the snapshot');
    runs.sort((a, b) => a.firstAnswerMs - b.firstAnswerMs);
    const mid = runs[1]!;
    console.log(
      `start from the snapshot (checked by ${mid.source.checked}) to the first scope:all answer (median of 3 child processes): ${ms(mid.firstAnswerMs / 1000)} s in the script ` +
        `(${ms(mid.uptimeMs / 1000)} s since the process began), RSS ${mid.rssMB.toFixed(0)} MB`,
    );
    if (!reuse) console.log(`snapshot start / full rebuild: ${(mid.firstAnswerMs / rebuildMs).toFixed(3)}×`);
  } finally {
    if (!kept) rmSync(dataDir, { recursive: true, force: true });
  }
}
