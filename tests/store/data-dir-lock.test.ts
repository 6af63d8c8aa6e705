/**
 * One bot per DATA_DIR: the lock the app builder takes before it opens the state database, refused to a second bot
 * while the first runs, taken over from a process that died, released on stop, and not needed by the
 * CLI's read-only dry runs.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app/build-app.js';
import { runCli } from '../../src/cli/run.js';
import { loadConfig } from '../../src/config.js';
import { loadCorpus } from '../../src/corpus/corpus.js';
import { createLogger } from '../../src/logger.js';
import { acquireDataDirLock, DataDirLockError, LOCK_FILE } from '../../src/store/data-dir-lock.js';
import { fakePaperFromPaper, startArxivServer } from '../support/arxiv-server.js';

let dir: string;
const children: ChildProcess[] = [];
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'data-dir-lock-'));
  copyFileSync('data/papers.json', path.join(dir, 'papers.json'));
  copyFileSync('data/lab.json', path.join(dir, 'lab.json'));
});
afterEach(() => {
  for (const c of children.splice(0)) c.kill();
  rmSync(dir, { recursive: true, force: true });
});

/** A bot's app built on the folder, as `npm start` builds it (not connected). */
function feature() {
  const config = loadConfig({ DATA_DIR: dir, DISCORD_TOKEN: 'x'.repeat(30), DISCORD_APPLICATION_ID: '123456789012345678' }, 'bot');
  return buildApp(config, { logger: createLogger({ level: 'silent' }) });
}

/** A process that runs until killed, and its pid. */
async function liveProcess(): Promise<number> {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  children.push(child);
  await new Promise((resolve) => child.once('spawn', resolve));
  return child.pid!;
}

/** The pid of a process that has exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  await new Promise((resolve) => child.once('exit', resolve));
  return child.pid!;
}

describe('the data folder lock', () => {
  it('refuses a second bot on the same DATA_DIR, naming the folder and the pid, and lets one start after the first stops', () => {
    const first = feature();
    let refusal: unknown;
    try {
      feature();
    } catch (err) {
      refusal = err;
    }
    expect(refusal).toBeInstanceOf(DataDirLockError);
    expect((refusal as Error).message).toContain(dir);
    expect((refusal as Error).message).toContain(`process ${process.pid}`);
    // The first bot's state is untouched by the refused one: no run was marked interrupted.
    expect(first.store.recentRuns()).toEqual([]);

    first.close(); // what the bot does last on stop
    expect(existsSync(path.join(dir, LOCK_FILE))).toBe(false);
    const second = feature();
    second.close();
  });

  it('refuses while another live process holds the lock', async () => {
    const pid = await liveProcess();
    writeFileSync(path.join(dir, LOCK_FILE), JSON.stringify({ pid, startedAt: '2026-12-01T10:00:00.000Z' }));
    expect(() => feature()).toThrow(new RegExp(`data folder .*${path.basename(dir)} \\(process ${pid}, started 2026-12-01T10:00:00.000Z\\)`));
    expect(JSON.parse(readFileSync(path.join(dir, LOCK_FILE), 'utf8')).pid).toBe(pid);
  });

  it('takes over the lock of a process that no longer runs, and says so in the log', async () => {
    const pid = await deadPid();
    writeFileSync(path.join(dir, LOCK_FILE), JSON.stringify({ pid, startedAt: '2026-12-01T10:00:00.000Z' }));
    const lines: string[] = [];
    const logger = createLogger({ level: 'info', destination: { write: (l: string) => void lines.push(l) } });
    const lock = acquireDataDirLock(dir, { logger });
    expect(JSON.parse(readFileSync(lock.file, 'utf8')).pid).toBe(process.pid);
    const line = lines.map((l) => JSON.parse(l) as { level: number; msg: string; stalePid: number }).find((l) => /taking over/.test(l.msg));
    expect(line).toMatchObject({ stalePid: pid, level: 40 });
    lock.release();
    expect(existsSync(lock.file)).toBe(false);
  });

  it('is not needed by `paperbot announce --dry-run` while a bot holds the folder', async () => {
    const arxiv = await startArxivServer({ papers: loadCorpus(path.join(dir, 'papers.json')).all().map(fakePaperFromPaper) });
    const bot = feature();
    try {
      let stdout = '';
      let stderr = '';
      const code = await runCli(['announce', '--dry-run', '--json'], {
        stdout: { write: (s: string) => (stdout += s), isTTY: false, columns: 100 },
        stderr: { write: (s: string) => (stderr += s) },
        env: { DATA_DIR: dir, ARXIV_API_URL: arxiv.url, ARXIV_MIN_INTERVAL_MS: '0' },
      });
      expect(code, stderr).toBe(0);
      expect(JSON.parse(stdout)).toMatchObject({ firstRun: true });
      expect(JSON.parse(readFileSync(path.join(dir, LOCK_FILE), 'utf8')).pid).toBe(process.pid);
    } finally {
      bot.close();
      await arxiv.close();
    }
  });
});
