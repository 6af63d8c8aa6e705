/**
 * What an admin reads when the state database cannot be opened: the file, what is wrong and what to do, as
 * one line from `npm start` (no stack trace), and the broken file left exactly as it was.
 *
 * Tests run as root, for whom permission bits do not stop writes, so "cannot create" is tested with a path
 * through a regular file (DB_PATH=<file>/state.db), which fails for root too.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Store, StoreError } from '../../src/store/index.js';

let dir: string;
beforeEach(() => void (dir = mkdtempSync(path.join(tmpdir(), 'store-open-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function openError(file: string, options?: { readonly?: boolean }): StoreError {
  try {
    Store.open(file, options).close();
  } catch (err) {
    expect(err).toBeInstanceOf(StoreError);
    return err as StoreError;
  }
  throw new Error('Store.open did not fail');
}

describe('Store.open on a broken state.db', () => {
  it('names a garbage file as corrupt, says how to recover, and leaves it untouched', () => {
    const file = path.join(dir, 'state.db');
    writeFileSync(file, 'this is not a database\n'.repeat(200));
    const before = readFileSync(file);
    const err = openError(file);
    expect(err.message).toContain(file);
    expect(err.message).toMatch(/corrupt or not an SQLite database/);
    expect(err.message).toMatch(/Restore it from a backup, or move it aside/);
    expect(err.message).toContain('DB_PATH');
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('names a truncated database as corrupt', () => {
    const file = path.join(dir, 'state.db');
    const store = Store.open(file);
    store.db.exec(
      `CREATE TABLE filler (x TEXT); INSERT INTO filler SELECT hex(randomblob(500)) FROM (WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 400) SELECT n FROM c);`,
    );
    store.db.pragma('wal_checkpoint(TRUNCATE)');
    store.close();
    truncateSync(file, Math.floor(statSync(file).size / 3));
    const err = openError(file);
    expect(err.message).toContain(file);
    expect(err.message).toMatch(/corrupt/);
  });

  it('says that part of the path is a file when DB_PATH runs through one', () => {
    const blocker = path.join(dir, 'data');
    writeFileSync(blocker, 'a file where a folder should be');
    const err = openError(path.join(blocker, 'state.db'));
    expect(err.message).toContain(path.join(blocker, 'state.db'));
    expect(err.message).toMatch(/part of that path is a file, not a folder/);
    expect(err.message).toMatch(/DB_PATH/);
  });

  it('says a database opened read-only does not exist', () => {
    const err = openError(path.join(dir, 'missing.db'), { readonly: true });
    expect(err.message).toMatch(/missing\.db: cannot open the state database .*does not exist/);
  });
});

describe('npm start with a broken state.db', () => {
  it('prints one line naming the file and the remedy, with no stack trace, and exits 1', async () => {
    for (const f of ['papers.json', 'lab.json']) copyFileSync(path.resolve('data', f), path.join(dir, f));
    const file = path.join(dir, 'state.db');
    writeFileSync(file, Buffer.alloc(8192, 7));
    const tsx = path.resolve('node_modules/.bin/tsx');
    const r = await new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
      const child = spawn(tsx, [path.resolve('src/main.ts')], {
        cwd: dir,
        env: {
          PATH: process.env.PATH ?? '',
          DISCORD_TOKEN: 'x'.repeat(24) + '.abcdef.' + 'y'.repeat(27),
          DISCORD_APPLICATION_ID: '100000000000000001',
          DATA_DIR: dir,
          ANNOUNCE_ENABLED: 'false',
          DISCORD_API_URL: 'http://127.0.0.1:9/api',
          ARXIV_API_URL: 'http://127.0.0.1:9/api/query',
        },
      });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stderr }));
    });
    expect(r.code).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(file);
    expect(lines[0]).toMatch(/corrupt or not an SQLite database.*backup/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  }, 30_000);
});
