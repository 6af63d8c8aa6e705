/**
 * Reading-group picks in a JSON file (`DATA_DIR/picks.json`). Small, human-readable, and enough for a lab;
 * the announcements work brings a SQLite store with the same interface and migrates this file.
 *
 * Writes are atomic (temp file, fsync, rename), so a crash never leaves half a file. A file that does not
 * parse is never overwritten: opening it fails with a message naming the file, so nothing is lost silently.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { PicksStore, ReadingPick } from './types.js';

/** A picks file that cannot be read or parsed; the message names the file and what is wrong. */
export class PicksStoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PicksStoreError';
  }
}

const pickSchema = z.object({
  arxivId: z.string().min(1),
  title: z.string(),
  guildId: z.string().min(1),
  channelId: z.string().min(1),
  messageId: z.string().optional(),
  threadId: z.string().optional(),
  pickedBy: z.string().min(1),
  pickedAt: z.string().min(1),
});

const fileSchema = z.object({ version: z.literal(1), picks: z.array(pickSchema) });

/** The picks file's name inside `DATA_DIR`. */
export const PICKS_FILE = 'picks.json';

/** A {@link PicksStore} kept in one JSON file. */
export class JsonPicksStore implements PicksStore {
  private picks: ReadingPick[];

  private constructor(readonly file: string, picks: ReadingPick[]) {
    this.picks = picks;
  }

  /**
   * Opens (or starts) the picks file.
   *
   * @throws PicksStoreError when the file exists but is not a valid picks file
   */
  static open(file: string): JsonPicksStore {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return new JsonPicksStore(file, []);
      throw new PicksStoreError(`${file}: cannot read the reading-group picks (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (err) {
      throw new PicksStoreError(`${file}: not valid JSON (${(err as Error).message}); fix or move the file, it was left untouched`);
    }
    const parsed = fileSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.length ? `field "${issue.path.join('.')}"` : 'top level';
      throw new PicksStoreError(`${file}: ${where}: ${issue?.message ?? 'invalid'}; fix or move the file, it was left untouched`);
    }
    return new JsonPicksStore(file, parsed.data.picks as ReadingPick[]);
  }

  add(pick: ReadingPick): void {
    const next = [...this.picks, pickSchema.parse(pick) as ReadingPick];
    this.write(next);
    this.picks = next; // only once the file holds it
  }

  list(guildId: string, limit?: number): ReadingPick[] {
    const mine = this.picks
      .map((p, i) => ({ p, i }))
      .filter(({ p }) => p.guildId === guildId)
      // Newest first; picks made in the same millisecond keep the order they were added in.
      .sort((a, b) => b.p.pickedAt.localeCompare(a.p.pickedAt) || b.i - a.i)
      .map(({ p }) => ({ ...p }));
    return limit === undefined ? mine : mine.slice(0, Math.max(0, limit));
  }

  pickedIds(guildId: string): Set<string> {
    return new Set(this.picks.filter((p) => p.guildId === guildId).map((p) => p.arxivId));
  }

  close(): void {
    // Every add() is already on disk; nothing is buffered.
  }

  private write(picks: ReadingPick[]): void {
    mkdirSync(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    const fd = openSync(tmp, 'w');
    try {
      writeSync(fd, JSON.stringify({ version: 1, picks }, null, 2) + '\n');
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, this.file);
  }
}

/** An in-memory {@link PicksStore}, for tests and for running without a data directory. */
export class MemoryPicksStore implements PicksStore {
  private readonly picks: ReadingPick[] = [];
  add(pick: ReadingPick): void {
    this.picks.push({ ...pick });
  }
  list(guildId: string, limit?: number): ReadingPick[] {
    const mine = this.picks.filter((p) => p.guildId === guildId).reverse();
    return limit === undefined ? mine : mine.slice(0, limit);
  }
  pickedIds(guildId: string): Set<string> {
    return new Set(this.picks.filter((p) => p.guildId === guildId).map((p) => p.arxivId));
  }
}
