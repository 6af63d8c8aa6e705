/**
 * The reading-list store on a real SQLite file: a save is idempotent and survives reopening the file (a
 * restart), keeps the first saver, validates the paper, and records one verdict per member that a later
 * press replaces; Remove takes the paper off the list but keeps the verdicts the ranking reads.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { paperSchema, type Paper } from '../../src/corpus/schema.js';
import { ReadingListStore } from '../../src/store/reading-list.js';
import { Store } from '../../src/store/store.js';

const G = 'g1';
const p = (n: number): Paper => paperSchema.parse({ arxivId: `2612.${30000 + n}`, title: `Paper ${n}`, published: '2026-12-01', abstract: `About ${n}.` });

let dir: string;
let store: Store;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'paperbot-rl-'));
  store = Store.open(path.join(dir, 'state.db'));
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('reading-list store', () => {
  it('saves once, keeps the first saver across a reopen, and records each member once', () => {
    const list = new ReadingListStore(store);
    expect(list.save(G, p(1), 'alice', '2026-12-01T10:00:00Z')).toMatchObject({ added: true, previous: null });
    expect(list.save(G, p(1), 'bob', '2026-12-01T11:00:00Z')).toMatchObject({ added: false, entry: { savedBy: 'alice' } });
    store.close();
    store = Store.open(path.join(dir, 'state.db'));
    const again = new ReadingListStore(store);
    expect(again.save(G, p(1), 'alice', '2026-12-02T10:00:00Z')).toMatchObject({ added: false, previous: 'save', entry: { savedAt: '2026-12-01T10:00:00Z' } });
    expect(again.count(G)).toBe(1);
    expect(again.markNotRelevant(G, p(1), 'bob', '2026-12-02T12:00:00Z')).toBe('save');
    expect(again.feedback(G).map((f) => [f.userId, f.verdict])).toEqual([
      ['alice', 'save'],
      ['bob', 'not-relevant'],
    ]);
    expect(again.count('another guild')).toBe(0);
  });

  it('pages newest saves first and removes without touching the verdicts', () => {
    const list = new ReadingListStore(store);
    for (let i = 1; i <= 7; i++) list.save(G, p(i), 'alice', `2026-12-0${i}T00:00:00Z`);
    expect(list.list(G, 5, 0).map((e) => e.paper.title)).toEqual(['Paper 7', 'Paper 6', 'Paper 5', 'Paper 4', 'Paper 3']);
    expect(list.list(G, 5, 5).map((e) => e.paper.title)).toEqual(['Paper 2', 'Paper 1']);
    expect(list.remove(G, p(3).arxivId)).toBe(true);
    expect(list.remove(G, p(3).arxivId)).toBe(false);
    expect(list.count(G)).toBe(6);
    expect(list.feedback(G)).toHaveLength(7);
  });

  it('refuses a paper the corpus schema refuses, and stores nothing', () => {
    const list = new ReadingListStore(store);
    expect(() => list.save(G, { ...p(1), arxivId: 'not an id' }, 'alice', '2026-12-01T00:00:00Z')).toThrow();
    expect(list.count(G)).toBe(0);
    expect(list.feedback(G)).toEqual([]);
  });
});
