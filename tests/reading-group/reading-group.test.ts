/**
 * The reading group's pieces without Discord: poll answers within Discord's limits, dates read in the
 * group's time zone, occurrences of repeating sessions across a daylight-saving change, and the store's
 * exactly-once writes (a poll's outcome with its pick, a session reminder) on a real SQLite file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Paper } from '../../src/corpus/schema.js';
import { pollAnswerTexts, shortenAtWord } from '../../src/reading-group/poll-answers.js';
import { GroupStore, type GroupSession } from '../../src/reading-group/store.js';
import { nextOccurrence, parseWhen, zonedTime } from '../../src/reading-group/when.js';
import { SqlitePicksStore } from '../../src/store/picks.js';
import { Store } from '../../src/store/store.js';

const paper = (arxivId: string, title: string) => ({ arxivId, title, abstract: '', authors: [] }) as unknown as Paper;

describe('poll answers', () => {
  it('cut long titles at a word boundary within 55 characters and keep look-alikes apart by id', () => {
    const long = 'Provable Benefits of Representation Learning in Linear Bandits and Reinforcement Learning';
    const texts = pollAnswerTexts([paper('2010.06531', long), paper('2010.06532', `${long}, Part II`), paper('2101.00001', 'Short title')]);
    for (const t of texts) expect([...t].length).toBeLessThanOrEqual(55);
    // Both shorten to the same words, so each keeps the start that fits beside its id, cut at a word.
    expect(texts[0]).toBe('Provable Benefits of Representation… · 2010.06531');
    expect(texts[1]).toContain('2010.06532');
    expect(new Set(texts).size).toBe(3);
    expect(texts[2]).toBe('Short title');
    expect(shortenAtWord('a'.repeat(80), 55)).toHaveLength(55);
  });
});

describe('dates', () => {
  const now = new Date('2026-12-03T17:00:00Z');
  const tz = 'America/New_York';

  it('are read in the group’s zone, in the forms people type', () => {
    expect(parseWhen('2026-12-10 15:30', tz, now)).toEqual({ at: new Date('2026-12-10T20:30:00Z') });
    expect(parseWhen('2026-12-10T3pm', tz, now)).toEqual({ at: new Date('2026-12-10T20:00:00Z') });
    expect(parseWhen('Dec 10, 2026 3:30 pm', tz, now)).toEqual({ at: new Date('2026-12-10T20:30:00Z') });
    expect(parseWhen('2027-07-01 09:00', tz, now)).toEqual({ at: new Date('2027-07-01T13:00:00Z') });
    expect(parseWhen('2026-12-10 15:30', 'Europe/Paris', now)).toEqual({ at: new Date('2026-12-10T14:30:00Z') });
  });

  it('that cannot be read, do not exist, have no time or lie in the past get an error with an example', () => {
    for (const [raw, why] of [
      ['tomorrow', 'could not read'],
      ['2026-02-30 10:00', 'not a date on the calendar'],
      ['2026-12-10', 'Add a time of day'],
      ['2026-12-10 25:00', 'as a time of day'],
      ['2026-12-03 11:00', 'is in the past'],
    ] as const) {
      const r = parseWhen(raw, tz, now);
      expect('error' in r && r.error).toContain(why);
      expect('error' in r && r.error).toContain('2026-12-10 15:30');
    }
  });

  it('of a weekly session keep their wall-clock time across a daylight-saving change', () => {
    const start = zonedTime(2027, 3, 1, 15, 0, tz); // Monday 15:00 EST
    const session = { startsAt: start.toISOString(), repeatWeeks: 1 };
    // After the 14 March change the same 15:00 is an hour earlier in UTC.
    expect(nextOccurrence(session, new Date('2027-03-16T00:00:00Z'), tz)).toBe('2027-03-22T19:00:00.000Z');
    expect(nextOccurrence({ ...session, repeatWeeks: 2 }, new Date('2027-03-02T00:00:00Z'), tz)).toBe('2027-03-15T19:00:00.000Z');
    expect(nextOccurrence({ ...session, repeatWeeks: 0 }, new Date('2027-03-02T00:00:00Z'), tz)).toBeNull();
  });
});

describe('the reading-group store', () => {
  let dir: string | undefined;
  afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));
  const open = () => {
    dir = mkdtempSync(path.join(tmpdir(), 'paperbot-group-'));
    return Store.open(path.join(dir, 'state.db'));
  };

  it('records a poll’s outcome and its pick once, however often it is asked to', () => {
    const store = open();
    const group = new GroupStore(store);
    group.addPoll({
      messageId: '1000000000000000001',
      guildId: 'g',
      channelId: 'c',
      cardsId: null,
      startedBy: 'u',
      startedAt: '2026-12-03T00:00:00Z',
      expiresAt: '2026-12-05T00:00:00Z',
      candidates: [{ answerId: 1, arxivId: '2502.05075', text: 'A' }],
    });
    const pick = {
      arxivId: '2502.05075',
      title: 'A',
      guildId: 'g',
      channelId: 'c',
      pickedBy: 'u',
      pickedAt: '2026-12-05T00:00:00Z',
      how: 'poll' as const,
      votes: 3,
    };
    const outcome = { winner: '2502.05075', votes: 3, decidedBy: 'votes', at: pick.pickedAt };
    expect(group.decide('1000000000000000001', outcome, pick)).toBe(true);
    expect(group.decide('1000000000000000001', outcome, pick)).toBe(false);
    expect(group.markTie('1000000000000000001', ['2502.05075'], 1, pick.pickedAt)).toBe(false);
    const picks = new SqlitePicksStore(store);
    expect(picks.list('g')).toHaveLength(1);
    expect(group.poll('1000000000000000001')).toMatchObject({ status: 'decided', winner: '2502.05075', votes: 3 });
    expect(group.openPolls()).toHaveLength(0);
    expect(group.removePick('g', '2502.05075')).toMatchObject({ votes: 3 });
    expect(picks.pickedIds('g').size).toBe(0);
    store.close();
  });

  it('scheduling a paper a poll already picked keeps "by poll" and adds the presenter; an unpicked one becomes a schedule pick', () => {
    const store = open();
    const group = new GroupStore(store);
    const picks = new SqlitePicksStore(store);
    const base = { title: 'A', guildId: 'g', channelId: 'c', pickedBy: 'u', pickedAt: '2026-12-01T00:00:00Z' };
    picks.add({ ...base, arxivId: '2502.05075', how: 'poll', votes: 2 });
    group.notePickForSession({ ...base, arxivId: '2502.05075', how: 'schedule', presenterId: 'p1' });
    group.notePickForSession({ ...base, arxivId: '2407.06120', how: 'schedule', presenterId: 'p2' });
    const byId = new Map(picks.list('g').map((p) => [p.arxivId, p]));
    expect(byId.size).toBe(2);
    expect(byId.get('2502.05075')).toMatchObject({ how: 'poll', votes: 2, presenterId: 'p1' });
    expect(byId.get('2407.06120')).toMatchObject({ how: 'schedule', presenterId: 'p2' });
    store.close();
  });

  it('queues one reminder per session occurrence, whatever happens in between', () => {
    const store = open();
    const group = new GroupStore(store);
    const session: Omit<GroupSession, 'status'> = {
      eventId: 'e1',
      guildId: 'g',
      channelId: 'c',
      arxivId: '2502.05075',
      title: 'A',
      presenterId: null,
      createdBy: 'u',
      startsAt: '2026-12-10T20:00:00.000Z',
      endsAt: '2026-12-10T21:00:00.000Z',
      location: 'Room',
      repeatWeeks: 1,
    };
    group.addSession(session, '2026-12-03T00:00:00Z');
    const s = group.session('e1')!;
    expect(group.queueReminder(s, s.startsAt, 'now')).toBe(true);
    expect(group.queueReminder(s, s.startsAt, 'later')).toBe(false);
    expect(group.queueReminder(s, '2026-12-17T20:00:00.000Z', 'now')).toBe(true);
    expect(store.pendingOutbox().filter((r) => r.kind === 'session-reminder')).toHaveLength(2);
    store.close();
  });
});

describe('paperbot history', () => {
  it('prints the picks with how each was made, as JSON too, from the state database', async () => {
    const { runPaperbot } = await import('../support/run-paperbot.js');
    const dir = mkdtempSync(path.join(tmpdir(), 'paperbot-history-'));
    try {
      const store = Store.open(path.join(dir, 'state.db'));
      const picks = new SqlitePicksStore(store);
      picks.add({
        arxivId: '2502.05075',
        title: 'A polled paper',
        guildId: 'g',
        channelId: 'c',
        pickedBy: 'u',
        pickedAt: '2026-12-01T00:00:00Z',
        how: 'poll',
        votes: 4,
        presenterId: 'p1',
      });
      picks.add({ arxivId: '2407.06120', title: 'A drawn paper', guildId: 'g', channelId: 'c', pickedBy: 'u', pickedAt: '2026-11-01T00:00:00Z' });
      store.close();
      const env = { DATA_DIR: path.resolve('data'), DB_PATH: path.join(dir, 'state.db') };
      const text = await runPaperbot(['history'], env);
      expect(text.stdout).toContain('2026-12-01  2502.05075  A polled paper  (poll, 4 votes, presenter p1)');
      expect(text.stdout).toContain('2026-11-01  2407.06120  A drawn paper  (random)');
      const json = JSON.parse((await runPaperbot(['history', '--json'], env)).stdout) as { arxivId: string; how: string; votes: number | null }[];
      expect(json.map((p) => [p.arxivId, p.how, p.votes])).toEqual([
        ['2502.05075', 'poll', 4],
        ['2407.06120', 'random', null],
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
