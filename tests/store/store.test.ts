import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { paperSchema, type Paper } from '../../src/corpus/schema.js';
import { MIGRATIONS, Store } from '../../src/store/index.js';

const CH = '100000000000000001';
const CH2 = '100000000000000002';
const ADMIN = '100000000000000009';
const GUILD = '200000000000000001';

function paper(id: string, over: Partial<Paper> = {}): Paper {
  return paperSchema.parse({ arxivId: id, title: `Paper ${id}`, authors: ['Qi Lei'], published: '2026-01-05', source: 'arxiv', version: 1, ...over });
}

let dir: string;
let file: string;
let store: Store;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'store-'));
  file = path.join(dir, 'nested', 'state.db');
  store = Store.open(file);
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const targets = [{ guildId: GUILD, channelId: CH }];
const none = { updated: [], reviews: [], adminTargets: [] };

describe('Store', () => {
  it('creates, migrates and reopens the database with WAL', () => {
    expect(store.db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    store.startRun('test');
    store.close();
    store = Store.open(file);
    expect(store.lastRun()?.reason).toBe('test');
  });

  it('keeps every queued and sent message when a version-2 database is upgraded', () => {
    store.close();
    const old = path.join(dir, 'v2.db');
    const db = new Database(old);
    db.transaction(() => {
      for (const sql of MIGRATIONS.slice(0, 2)) db.exec(sql);
      db.pragma('user_version = 2');
    })();
    const row = "INSERT INTO outbox (kind, channel_id, ref, status, message_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, '2026-01-01', '2026-01-01')";
    db.prepare(row).run('paper', CH, '2601.00001', 'sent', '300000000000000001');
    db.prepare(row).run('paper', CH, '2601.00002', 'pending', null);
    db.close();

    store = Store.open(old);
    const rows = store.db.prepare('SELECT ref, status, message_id AS messageId FROM outbox ORDER BY id').all();
    expect(rows).toEqual([
      { ref: '2601.00001', status: 'sent', messageId: '300000000000000001' },
      { ref: '2601.00002', status: 'pending', messageId: null },
    ]);
    // The same paper is still queued only once per channel.
    expect(() => store.db.prepare(row).run('paper', CH, '2601.00001', 'pending', null)).toThrow(/UNIQUE/);
  });

  it('gives a version-6 database’s field papers their heads without abstracts, and a non-JSON row a NULL head rather than a failed upgrade', () => {
    store.close();
    const old = path.join(dir, 'v6.db');
    const db = new Database(old);
    db.transaction(() => {
      for (const sql of MIGRATIONS.slice(0, 6)) db.exec(sql);
      db.pragma('user_version = 6');
    })();
    const row = `INSERT INTO field_papers (arxiv_id, json, listed_on, announce_type, first_seen) VALUES (?, ?, '2026-12-01', 'new', '2026-12-01')`;
    db.prepare(row).run('2612.00001', JSON.stringify(paper('2612.00001', { abstract: 'A long abstract.' })));
    db.prepare(row).run('2612.00002', 'not json at all');
    db.close();

    store = Store.open(old);
    const heads = store.db.prepare(`SELECT arxiv_id, head FROM field_papers ORDER BY arxiv_id`).all() as { arxiv_id: string; head: string | null }[];
    const { abstract, ...rest } = paper('2612.00001', { abstract: 'A long abstract.' });
    expect(abstract).toBe('A long abstract.');
    expect(JSON.parse(heads[0]!.head!)).toEqual(rest);
    expect(heads[1]).toEqual({ arxiv_id: '2612.00002', head: null });
    // Later writes keep working, and each one is counted in the stamp.
    const before = store.db.prepare(`SELECT changes FROM field_papers_stamp`).pluck().get() as number;
    store.db.prepare(`UPDATE field_papers SET json = ? WHERE arxiv_id = ?`).run('still not json', '2612.00002');
    expect(store.db.prepare(`SELECT changes FROM field_papers_stamp`).pluck().get()).toBe(before + 1);
  });

  it('refuses a database from a newer version instead of corrupting it', () => {
    store.close();
    const db = new Database(file);
    db.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    db.close();
    expect(() => Store.open(file)).toThrow(/newer than this program knows/);
    store = Store.open(path.join(dir, 'other.db'));
  });

  it('posts nothing on a channel’s first run, then queues each paper once per channel', () => {
    const first = store.recordDiscoveries({ ...none, newPapers: [paper('2601.00001')], announceTargets: targets, silent: false });
    expect(first).toMatchObject({ queued: 0, baselined: [CH] });
    expect(store.storedPaper('2601.00001')?.origin).toBe('arxiv');

    const second = store.recordDiscoveries({ ...none, newPapers: [paper('2601.00002')], announceTargets: targets, silent: false });
    expect(second.queued).toBe(1);
    // Queued again (a rerun after a crash before delivery): still one row.
    store.recordDiscoveries({ ...none, newPapers: [paper('2601.00002')], announceTargets: targets, silent: false });
    expect(store.outboxFor(CH).map((r) => r.ref)).toEqual(['2601.00002']);
  });

  it('queues nothing at all on the silent first run, and records namesake matches as seen', () => {
    const r = store.recordDiscoveries({
      newPapers: [paper('2601.00001')],
      updated: [],
      reviews: [{ paper: paper('2601.00003'), reasons: ['name only'] }],
      announceTargets: targets,
      adminTargets: [{ guildId: GUILD, channelId: ADMIN }],
      silent: true,
    });
    expect(r).toMatchObject({ queued: 0, reviewsCreated: 0, reviewCardsQueued: 0 });
    expect(store.pendingOutbox()).toEqual([]);
    expect(store.pendingReviews()).toEqual([]);
    expect(store.reviewedIds().has('2601.00003')).toBe(true);
  });

  it('writes a check in one transaction: a failure leaves no paper without its outbox row', () => {
    store.baselineChannel(CH);
    const bad = { ...paper('2601.00007'), title: '' } as Paper;
    expect(() => store.recordDiscoveries({ ...none, newPapers: [paper('2601.00008'), bad], announceTargets: targets, silent: false })).toThrow(/title/);
    expect(store.storedPaper('2601.00008')).toBeUndefined();
    expect(store.outboxFor(CH).map((r) => r.ref)).not.toContain('2601.00008');
  });

  it('keeps the first-seen date and the highest version when a paper is refreshed', () => {
    store.recordDiscoveries({ ...none, newPapers: [paper('2601.00001')], announceTargets: [], silent: false });
    const before = store.storedPaper('2601.00001')!;
    store.recordDiscoveries({
      ...none,
      newPapers: [],
      updated: [paper('2601.00001', { version: 2, title: 'Better title' })],
      announceTargets: [],
      silent: false,
    });
    const after = store.storedPaper('2601.00001')!;
    expect(after.firstSeen).toBe(before.firstSeen);
    expect(after.latestVersion).toBe(2);
    expect(after.paper.title).toBe('Better title');
  });

  it('tracks a message through nonce, sent and failed, and records the failure’s alert with it', () => {
    store.baselineChannel(CH);
    store.baselineChannel(CH2);
    store.recordDiscoveries({
      ...none,
      newPapers: [paper('2601.00001'), paper('2601.00002')],
      announceTargets: [...targets, { guildId: GUILD, channelId: CH2 }],
      silent: false,
    });
    const [a, b] = store.outboxFor(CH);
    store.assignNonce([a!.id, b!.id], 'n1');
    store.assignNonce([a!.id], 'other'); // a nonce, once given, is never replaced
    expect(store.outboxFor(CH).map((r) => r.nonce)).toEqual(['n1', 'n1']);
    store.markSent([a!.id, b!.id], '999');
    expect(store.outboxFor(CH).map((r) => [r.status, r.messageId])).toEqual([
      ['sent', '999'],
      ['sent', '999'],
    ]);

    const c = store.outboxFor(CH2).map((r) => r.id);
    store.markFailed(c, 'Missing Access', { target: { guildId: GUILD, channelId: ADMIN }, key: 'failed:x', text: 'cannot post' });
    expect(store.outboxCounts()).toEqual({ pending: 1, sent: 2, failed: 2 });
    expect(store.pendingOutbox()[0]).toMatchObject({ kind: 'alert', channelId: ADMIN, payload: 'cannot post' });
    expect(store.requeueFailed(CH2)).toBe(2);
  });

  it('approves a review into the corpus and the channels, rejects one for good, and decides only once', () => {
    store.baselineChannel(CH);
    store.recordDiscoveries({
      ...none,
      newPapers: [],
      announceTargets: targets,
      silent: false,
      adminTargets: [{ guildId: GUILD, channelId: ADMIN }],
      reviews: [
        { paper: paper('2601.00010', { attribution: 'probably-different-author' }), reasons: ['name only'] },
        { paper: paper('2601.00011'), reasons: ['name only'] },
      ],
    });
    expect(store.outboxFor(ADMIN).map((r) => [r.kind, r.ref])).toEqual([
      ['review', '2601.00010'],
      ['review', '2601.00011'],
    ]);
    expect(store.pendingReviews().map((r) => r.reasons)).toEqual([['name only'], ['name only']]);

    const ok = store.decideReview('2601.00010', 'approved', 'admin-1', targets);
    expect(ok && 'review' in ok && ok.queued).toBe(1);
    expect(store.storedPaper('2601.00010')?.paper.attribution).toBe('lab');
    expect(store.decideReview('2601.00010', 'rejected', 'admin-2', targets)).toMatchObject({ already: { status: 'approved', decidedBy: 'admin-1' } });

    store.decideReview('2601.00011', 'rejected', 'admin-1', targets);
    expect([...store.rejectedIds()]).toEqual(['2601.00011']);
    expect(store.decideReview('2699.99999', 'approved', 'x', targets)).toBeUndefined();
  });

  it('queues waiting review cards when an admin channel is set later', () => {
    store.recordDiscoveries({ ...none, newPapers: [], announceTargets: [], silent: false, reviews: [{ paper: paper('2601.00012'), reasons: [] }] });
    expect(store.setAdminChannel(GUILD, ADMIN)).toBe(1);
    expect(store.guildSettings(GUILD)).toMatchObject({ adminChannelId: ADMIN, announceChannelId: null });
  });

  it('baselines a channel set by command only once the store knows what exists', () => {
    store.setAnnounceChannel(GUILD, CH);
    expect(store.isBaselined(CH)).toBe(false);
    store.recordDiscoveries({ ...none, newPapers: [], announceTargets: [], silent: true });
    expect(store.hasBaseline()).toBe(true);
    store.setAnnounceChannel(GUILD, CH2);
    expect(store.isBaselined(CH2)).toBe(true);
    store.setRole(GUILD, '300000000000000001');
    store.setRole(GUILD, null);
    expect(store.guildSettings(GUILD)).toMatchObject({ announceChannelId: CH2, roleId: null });
  });

  it('keeps a run log and marks runs cut short by a crash as interrupted', () => {
    const a = store.startRun('scheduled');
    store.finishRun(a, 'ok', { found: 3, queued: 1 });
    const b = store.startRun('manual');
    store.finishRun(b, 'failed', { found: 0 }, 'arXiv unreachable');
    store.startRun('catch-up');
    expect(store.closeInterruptedRuns()).toBe(1);
    expect(store.lastSuccessfulRun()).toMatchObject({ id: a, counts: { found: 3, queued: 1 } });
    expect(store.recentRuns().map((r) => r.outcome)).toEqual(['interrupted', 'failed', 'ok']);
    expect(store.recentRuns()[1]!.error).toBe('arXiv unreachable');
  });
});
