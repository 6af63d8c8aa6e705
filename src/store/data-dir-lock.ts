/**
 * One bot per data folder. Two bots on one `DATA_DIR` would share one state database: the second would mark
 * the first one's live run "interrupted" and both would announce from the same outbox. At start the bot
 * creates `DATA_DIR/.lock` exclusively (the `wx` flag: creation fails when the file exists) with its pid
 * and start time; a second bot finds it and refuses with a message naming the folder and that pid. A lock
 * left by a process that no longer runs (a crash, a killed container) is taken over, with a log line.
 *
 * Read-only tools (`paperbot announce --dry-run`, `sync --dry-run`) never take it: they may run beside the bot.
 */
import { mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from '../logger.js';

/** The lock file's name inside the data folder. */
export const LOCK_FILE = '.lock';

/** What the lock file holds. */
export interface LockOwner {
  pid: number;
  startedAt: string;
}

/** Another live process holds the data folder; the message says which and what to do. */
export class DataDirLockError extends Error {
  constructor(
    readonly dataDir: string,
    readonly owner: LockOwner | undefined,
  ) {
    const who = owner ? `process ${owner.pid}, started ${owner.startedAt}` : 'another process';
    super(
      `Another lab-paper-bot is already using the data folder ${dataDir} (${who}). Stop it first, or give this one its own DATA_DIR. ` +
        `If no such process runs, delete ${path.join(dataDir, LOCK_FILE)}.`,
    );
    this.name = 'DataDirLockError';
  }
}

/** A held lock; `release` is idempotent. */
export interface DataDirLock {
  readonly file: string;
  release(): void;
}

/** Lock files this process holds, so that a second bot in the same process is refused too. */
const heldHere = new Set<string>();

function readOwner(file: string): LockOwner | undefined {
  try {
    const owner = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockOwner>;
    return Number.isInteger(owner.pid) && (owner.pid as number) > 0
      ? { pid: owner.pid as number, startedAt: String(owner.startedAt ?? 'at an unknown time') }
      : undefined;
  } catch {
    // Unreadable or half-written (a crash between create and write): nobody can be shown to hold it.
    return undefined;
  }
}

/** Whether a process with this pid runs (EPERM: it does, under another user). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes the data folder's lock, creating the folder when needed.
 *
 * @throws DataDirLockError when a running process holds it (another bot, or this process already)
 */
export function acquireDataDirLock(dataDir: string, options: { logger?: Logger | undefined } = {}): DataDirLock {
  const dir = path.resolve(dataDir);
  const file = path.join(dir, LOCK_FILE);
  mkdirSync(dir, { recursive: true });
  if (heldHere.has(file)) throw new DataDirLockError(dir, readOwner(file) ?? { pid: process.pid, startedAt: 'earlier' });
  const owner: LockOwner = { pid: process.pid, startedAt: new Date().toISOString() };

  // Two rounds at most: the second follows the removal of a stale lock, and loses cleanly to a rival that
  // took it over in between (its file then exists again and names a live pid).
  for (let round = 0; round < 2; round++) {
    try {
      writeFileSync(file, `${JSON.stringify(owner)}\n`, { flag: 'wx' });
      heldHere.add(file);
      let released = false;
      // A start-up that fails after this point exits without stopping the bot: the lock goes with the process.
      const onExit = () => lock.release();
      process.once('exit', onExit);
      const lock: DataDirLock = {
        file,
        release() {
          if (released) return;
          released = true;
          process.removeListener('exit', onExit);
          heldHere.delete(file);
          // Only our own lock is removed: never one a successor wrote after taking over.
          if (readOwner(file)?.pid === owner.pid) {
            try {
              unlinkSync(file);
            } catch {
              // Already gone: nothing to release.
            }
          }
        },
      };
      return lock;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const holder = readOwner(file);
    // Our own pid in a lock we do not hold is a previous life of this container (pid 1 again), not a rival.
    const alive = holder !== undefined && holder.pid !== process.pid && isRunning(holder.pid);
    if (alive) throw new DataDirLockError(dir, holder);
    options.logger?.warn(
      { file, stalePid: holder?.pid ?? null, staleSince: holder?.startedAt ?? null },
      'taking over the data folder lock of a process that no longer runs',
    );
    try {
      unlinkSync(file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
  throw new DataDirLockError(dir, readOwner(file));
}
