import { mkdtempSync, readFileSync, rmSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JsonPicksStore, PicksStoreError } from '../../src/picks/json-store.js';
import type { ReadingPick } from '../../src/picks/types.js';
import { GUILD } from './fixtures.js';

const pick = (arxivId: string, pickedAt: string, guildId = GUILD): ReadingPick => ({
  arxivId, title: `T ${arxivId}`, guildId, channelId: '300000000000000001', pickedBy: '100000000000000001', pickedAt,
});

let dir: string;
beforeEach(() => void (dir = mkdtempSync(path.join(tmpdir(), 'picks-json-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('JsonPicksStore', () => {
  it('keeps picks across a reopen, newest first, per server', () => {
    const file = path.join(dir, 'sub', 'picks.json');
    const a = JsonPicksStore.open(file);
    a.add(pick('2502.05075', '2026-01-01T10:00:00.000Z'));
    a.add(pick('2410.21331', '2026-01-08T10:00:00.000Z'));
    a.add(pick('2407.06120', '2026-01-09T10:00:00.000Z', '200000000000000009'));
    const b = JsonPicksStore.open(file);
    expect(b.list(GUILD).map((p) => p.arxivId)).toEqual(['2410.21331', '2502.05075']);
    expect(b.list(GUILD, 1).map((p) => p.arxivId)).toEqual(['2410.21331']);
    expect(b.pickedIds(GUILD)).toEqual(new Set(['2502.05075', '2410.21331']));
    expect(readdirSync(path.dirname(file))).toEqual(['picks.json']); // no temp file left behind
  });

  it('refuses a malformed file with a message naming it, and leaves the file untouched', () => {
    const file = path.join(dir, 'picks.json');
    writeFileSync(file, '{"version":1,"picks":[{"arxivId":');
    expect(() => JsonPicksStore.open(file)).toThrow(PicksStoreError);
    expect(() => JsonPicksStore.open(file)).toThrow(/picks\.json: not valid JSON.*left untouched/);
    writeFileSync(file, '{"version":1,"picks":[{"arxivId":"x"}]}');
    expect(() => JsonPicksStore.open(file)).toThrow(/picks\.json: field "picks\.0\.title"/);
    expect(readFileSync(file, 'utf8')).toBe('{"version":1,"picks":[{"arxivId":"x"}]}');
  });
});
