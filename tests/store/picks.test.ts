import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ReadingPick } from '../../src/picks/types.js';
import { migratePicksFile, SqlitePicksStore, Store } from '../../src/store/index.js';

const G1 = '200000000000000001';
const G2 = '200000000000000002';
const pick = (arxivId: string, guildId: string, pickedAt: string): ReadingPick => ({
  arxivId,
  title: `T ${arxivId}`,
  guildId,
  channelId: '100000000000000001',
  pickedBy: '300000000000000001',
  pickedAt,
});

/** Writes a picks file as the bot's first versions did. */
function writeLegacyFile(file: string, picks: ReadingPick[]): void {
  writeFileSync(file, JSON.stringify({ version: 1, picks }, null, 2) + '\n');
}

let dir: string;
let store: Store;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'picks-'));
  store = Store.open(path.join(dir, 'state.db'));
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('SqlitePicksStore', () => {
  it('lists a server’s picks newest first and knows which papers it picked', () => {
    const picks = new SqlitePicksStore(store);
    picks.add(pick('2502.05075', G1, '2026-01-01T10:00:00.000Z'));
    picks.add(pick('2410.21331', G1, '2026-01-08T10:00:00.000Z'));
    picks.add(pick('2407.06120', G2, '2026-01-09T10:00:00.000Z'));
    expect(picks.list(G1).map((p) => p.arxivId)).toEqual(['2410.21331', '2502.05075']);
    expect(picks.list(G1, 1)).toHaveLength(1);
    expect(picks.pickedIds(G1)).toEqual(new Set(['2502.05075', '2410.21331']));
    expect(picks.list(G2)[0]).toEqual(pick('2407.06120', G2, '2026-01-09T10:00:00.000Z'));
  });
});

describe('migratePicksFile', () => {
  it('moves the JSON picks into the database once and keeps the file as picks.json.migrated', () => {
    const file = path.join(dir, 'picks.json');
    writeLegacyFile(file, [pick('2502.05075', G1, '2026-01-01T10:00:00.000Z'), pick('2410.21331', G2, '2026-01-02T10:00:00.000Z')]);

    expect(migratePicksFile(store, file)).toBe(2);
    expect(existsSync(file)).toBe(false);
    expect(existsSync(`${file}.migrated`)).toBe(true);
    const picks = new SqlitePicksStore(store);
    expect(picks.list(G1).map((p) => p.arxivId)).toEqual(['2502.05075']);
    expect(migratePicksFile(store, file)).toBe(0);
  });

  it('does not import twice when the process died between the import and the rename', () => {
    const file = path.join(dir, 'picks.json');
    writeLegacyFile(file, [pick('2502.05075', G1, '2026-01-01T10:00:00.000Z')]);
    const body = readFileSync(file, 'utf8');
    migratePicksFile(store, file);
    writeFileSync(file, body); // as if the rename had never happened
    expect(migratePicksFile(store, file)).toBe(0);
    expect(new SqlitePicksStore(store).list(G1)).toHaveLength(1);
  });

  it('leaves a broken file untouched and says which file it is', () => {
    const file = path.join(dir, 'picks.json');
    writeFileSync(file, '{ "version": 1, "picks": [ {');
    expect(() => migratePicksFile(store, file)).toThrow(/picks\.json: not valid JSON/);
    expect(readFileSync(file, 'utf8')).toBe('{ "version": 1, "picks": [ {');
    writeFileSync(file, '{"version":1,"picks":[{"arxivId":"x"}]}');
    expect(() => migratePicksFile(store, file)).toThrow(/picks\.json: field "picks\.0\.title"/);
    expect(new SqlitePicksStore(store).list(G1)).toEqual([]);
  });
});
