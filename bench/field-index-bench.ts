/**
 * The field index at scale (`BENCH_FIELD_SIZE` synthetic digest papers, default 100,000, in a real
 * `field_papers` table): a full rebuild (chunked, as the bot does it when the snapshot is missing) beside a
 * start from the persisted snapshot in the same run, its RSS, the longest event-loop stall during the rebuild
 * and the snapshot write, and search p50/p99 under `scope:all` (lab index + field index). The build and the
 * searches run in one child process (`field-index-build.ts`), each start in another (`field-index-start.ts`),
 * so no measurement shares the machine with another's heap.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const ms = (v: number) => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));

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
    // The build and the searches in a process of their own (see field-index-build.ts); its lines are passed on.
    const build = path.join(path.dirname(new URL(import.meta.url).pathname), 'field-index-build.ts');
    const out = execFileSync(process.execPath, ['--import', 'tsx', build, dataDir, String(size), stamp, kept ? '1' : '0'], {
      encoding: 'utf8',
      maxBuffer: 1 << 24,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const lines = out.trim().split('\n');
    const { reuse, rebuildMs, firstQuery } = JSON.parse(lines.pop()!) as { reuse: boolean; rebuildMs: number; firstQuery: string };
    for (const line of lines) console.log(line);

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
      const out = execFileSync(process.execPath, ['--import', 'tsx', child, dataDir, stamp, firstQuery], { encoding: 'utf8', maxBuffer: 1 << 20 });
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
