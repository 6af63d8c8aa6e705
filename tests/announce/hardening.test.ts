/**
 * Announcements under an adversarial sweep: a flood of entries, an entry that is not a valid paper, a
 * manual check that arXiv asks to wait, and shutdown while Discord or arXiv is failing.
 */
import { PermissionFlagsBits } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { checkForNewPapers, type CheckClient } from '../../src/announce/check.js';
import type { AnnouncementAdmin } from '../../src/app/contracts.js';
import { parseArxivFeed, type ArxivFeed } from '../../src/arxiv/parse.js';
import { ANSWER_EARLY_AFTER_MS, checkNowCommand, describeReport } from '../../src/handlers/admin/check-now.js';
import type { CommandInput, HandlerContext } from '../../src/handlers/types.js';
import { createLogger } from '../../src/logger.js';
import type { AnnouncementService } from '../../src/scheduler/index.js';
import { feedXml, type FakePaper } from '../support/arxiv-server.js';
import { createWorld, labPaper, posted, silentLogger, type World } from './harness.js';
import { probeEventLoop } from '../support/event-loop-probe.js';

let w: World | undefined;
afterEach(async () => {
  await w?.close();
  w = undefined;
});

const MESSAGES = (ch: string) => new RegExp(`/channels/${ch}/messages$`);

/** A logger that keeps its lines, and waits for one. */
function capturingLogger() {
  const lines: { level: number; msg: string; err?: unknown }[] = [];
  const waiters: { test: RegExp; resolve: () => void }[] = [];
  const logger = createLogger({
    level: 'debug',
    destination: {
      write(line: string) {
        const entry = JSON.parse(line) as { level: number; msg: string };
        lines.push(entry);
        for (const wt of waiters.filter((x) => x.test.test(entry.msg))) wt.resolve();
      },
    },
  });
  const seen = (test: RegExp) => (lines.some((l) => test.test(l.msg)) ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ test, resolve })));
  return { logger, lines, seen };
}

const neverWithin = (ms: number) => new Promise<'waited'>((resolve) => setTimeout(() => resolve('waited'), ms).unref());

function labPapers(n: number, from = 10000): FakePaper[] {
  return Array.from({ length: n }, (_, i) => labPaper(`2603.${from + i}`, '2026-03-02'));
}

describe('a flood of new entries', () => {
  it('announces none of them above ANNOUNCE_MAX_PER_RUN and alerts the admins with the count', async () => {
    w = await createWorld();
    const svc = await w.start(); // the silent first run
    w.arxiv.floodNext(labPapers(1000)); // whatever max_results asked
    const report = await svc.runNow('manual');
    expect(report.check).toMatchObject({ withheld: 1000, queued: 0, newPapers: [] });
    expect(w.store.outboxFor(w.emu.channelId)).toEqual([]);
    expect(posted(w, w.emu.channelId)).toEqual([]);
    expect(w.store.storedPaper('2603.10000')).toBeUndefined();
    const alerts = posted(w, w.emu.adminChannelId);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.content).toMatch(/arXiv listed 1000 new papers .* more than ANNOUNCE_MAX_PER_RUN \(25\) allows, so none was announced/);
    expect(describeReport(report)).toMatch(/1000 new papers at once/);
  });

  it('still announces a normal day, up to the cap', async () => {
    w = await createWorld();
    const svc = await w.start({
      config: {
        announce: { enabled: true, cron: '0 21 * * 0-4', timeZone: 'America/New_York', channelId: '0', adminChannelId: '0', maxPerRun: 3 },
        discord: {},
      },
    });
    await svc.stop();
    const next = await w.start({
      config: {
        announce: {
          enabled: true,
          cron: '0 21 * * 0-4',
          timeZone: 'America/New_York',
          channelId: w.emu.channelId,
          adminChannelId: w.emu.adminChannelId,
          maxPerRun: 3,
        },
        discord: { guildId: w.emu.guildId },
      },
    });
    await next.runNow('manual'); // the channel's first run
    for (const p of labPapers(3)) w.arxiv.upsertPaper(p);
    const report = await next.runNow('manual');
    expect(report.check).toMatchObject({ queued: 3 });
    expect(report.check?.withheld).toBeUndefined();
    expect(posted(w, w.emu.channelId)).toHaveLength(1);
  });

  it('lets the event loop run between chunks of classifying and indexing', async () => {
    w = await createWorld();
    await w.start();
    // The feed is in memory: nothing but the check's own yields can let a probe run while it works.
    const feed: ArxivFeed = parseArxivFeed(feedXml(labPapers(1200), { format: 'new' }));
    const client: CheckClient = {
      searchByAuthor: async () => feed,
      fetchAuthorFeed: async () => ({ ...feed, entries: [] }),
    };
    const probe = probeEventLoop();
    const result = await checkForNewPapers({
      client,
      store: w.store,
      corpus: w.corpus,
      engine: w.engine,
      roster: w.roster,
      logger: silentLogger,
      pageSize: 5000,
      maxPerRun: 5000,
    });
    const probes = probe.stop();
    expect(result.newPapers).toHaveLength(1200);
    // 1200 entries classified and 1200 papers indexed, 200 at a time: the probe ran between the chunks.
    expect(probes).toBeGreaterThanOrEqual(10);
  });
});

describe('an entry that is not a valid paper', () => {
  it('is skipped and said in one sentence; the rest is announced', async () => {
    w = await createWorld();
    const svc = await w.start();
    w.arxiv.upsertPaper(labPaper('2603.99601', '2026-03-02', { version: 0 }));
    w.arxiv.upsertPaper(labPaper('2603.99602', '2026-13-45'));
    w.arxiv.upsertPaper(labPaper('2603.99603', '2026-03-02'));
    const report = await svc.runNow('manual');
    expect(report.outcome).toBe('ok');
    expect(posted(w, w.emu.channelId).flatMap((m) => m.embeds.map((e) => e.title))).toEqual([expect.stringContaining('2603.99603')]);
    const text = describeReport(report);
    expect(text).toMatch(/Skipped 2 arXiv entries that could not be read: /);
    expect(text).toMatch(/entry 2603\.99601 has version v0/);
    expect(text).toMatch(/entry 2603\.99602 has no valid <published> date/);
    expect(text).not.toMatch(/[{}[\]]|"code"/);
  });

  it('is skipped by the check when it slips past the parser, with the schema problem in words', async () => {
    w = await createWorld();
    await w.start();
    const feed = parseArxivFeed(feedXml([labPaper('2603.99611', '2026-03-02'), labPaper('2603.99612', '2026-03-02')], { format: 'new' }));
    feed.entries[0]!.version = 0;
    const client: CheckClient = { searchByAuthor: async () => feed, fetchAuthorFeed: async () => ({ ...feed, entries: [] }) };
    const result = await checkForNewPapers({ client, store: w.store, corpus: w.corpus, roster: w.roster, logger: silentLogger });
    expect(result.newPapers.map((p) => p.arxivId)).toEqual(['2603.99612']);
    expect(result.skipped).toEqual([expect.stringMatching(/^entry 2603\.99611 is not a valid paper \(version: .+\)$/)]);
    expect(result.skipped[0]).not.toMatch(/[{}[\]]/);
  });
});

describe('a manual check that arXiv asks to wait', () => {
  function adminCall(svc: AnnouncementService, world: World): Promise<string> {
    const admin: AnnouncementAdmin = { store: world.store, defaults: {}, timeZone: 'America/New_York', scheduleEnabled: true, runner: () => svc };
    const ctx = { engine: world.engine, logger: silentLogger, now: () => new Date(), announcements: admin } as unknown as HandlerContext;
    const input: CommandInput = {
      path: 'paper-admin check-now',
      options: {},
      userId: '1',
      guildId: world.emu.guildId,
      channelId: world.emu.channelId,
      memberPermissions: PermissionFlagsBits.ManageGuild.toString(),
    };
    return Promise.resolve(checkNowCommand.run(input, ctx)).then((r) => JSON.stringify(r));
  }

  it('sits out a short retry pause and answers with the full report', async () => {
    w = await createWorld();
    const svc = await w.start();
    w.arxiv.upsertPaper(labPaper('2603.99702', '2026-03-02'));
    w.arxiv.failNext({ status: 503, headers: { 'Retry-After': '0' } });
    expect(await adminCall(svc, w)).toMatch(/1 new\./);
  });

  it('answers the admin at once when arXiv asks for a long wait, and finishes in the background', async () => {
    w = await createWorld();
    const svc = await w.start();
    w.arxiv.upsertPaper(labPaper('2603.99701', '2026-03-02'));
    w.arxiv.failNext({ status: 503, headers: { 'Retry-After': String(ANSWER_EARLY_AFTER_MS / 1000) } });
    const answer = await adminCall(svc, w);
    expect(answer).toMatch(new RegExp(`arXiv asked us to wait; retrying in the background in about ${ANSWER_EARLY_AFTER_MS / 1000} s`));
    expect(posted(w, w.emu.channelId)).toEqual([]); // not yet: the run is still waiting
    await svc.runNow('manual'); // queued behind the background run, so it ends after it
    expect(posted(w, w.emu.channelId)).toHaveLength(1);
    expect(w.store.recentRuns().find((r) => r.reason === 'manual' && r.counts.new === 1)).toMatchObject({ outcome: 'ok' });
  });

  it('answers at once when another run holds the lock', async () => {
    w = await createWorld({ clientTimeoutMs: 60_000 });
    const svc = await w.start();
    w.arxiv.hangNext(60_000);
    const requests = w.arxiv.requests.length;
    const scheduled = svc.runNow('scheduled');
    while (w.arxiv.requests.length === requests) await new Promise((r) => setTimeout(r, 10));
    expect(await adminCall(svc, w)).toMatch(/Another check is running; this one starts right after it, in the background/);
    await svc.stop();
    expect(await scheduled).toMatchObject({ outcome: 'interrupted' });
  });

  it('gives up a wait longer than a manual run may last, and frees the lock', async () => {
    w = await createWorld();
    const svc = await w.start({ manualRunMaxMs: 2_000 });
    w.arxiv.failNext({ status: 503, headers: { 'Retry-After': '200' } });
    const report = await Promise.race([svc.runNow('manual'), neverWithin(20_000)]);
    expect(report).toMatchObject({ outcome: 'failed', error: expect.stringMatching(/arXiv asked us to wait 200 s, longer than this run may wait/) });
    expect((await svc.runNow('manual')).outcome).toBe('ok');
  });

  it('never waits into the next scheduled run', async () => {
    w = await createWorld();
    const svc = await w.start();
    w.clock.now = new Date('2026-03-03T01:59:30Z'); // Monday 20:59:30 in New York: the run is due in 30 s
    w.arxiv.failNext({ status: 503, headers: { 'Retry-After': '5' } });
    const report = await Promise.race([svc.runNow('retry'), neverWithin(20_000)]);
    expect(report).toMatchObject({ outcome: 'failed', error: expect.stringMatching(/longer than this run may wait/) });
  });
});

describe('shutdown', () => {
  it('stops during a Discord back-off without waiting it out, leaving the paper pending', async () => {
    w = await createWorld();
    const log = capturingLogger();
    const svc = await w.start({ logger: log.logger, delivery: { attempts: 4, backoffMs: 60_000 } });
    w.arxiv.upsertPaper(labPaper('2603.99801', '2026-03-02'));
    w.emu.failNext({ method: 'POST', path: MESSAGES(w.emu.channelId), status: 502, times: Infinity });
    const run = svc.runNow('manual');
    await log.seen(/Discord post failed; retrying/);
    expect(await Promise.race([svc.stop().then(() => 'stopped' as const), neverWithin(20_000)])).toBe('stopped');
    expect(await run).toMatchObject({ outcome: 'interrupted' });
    expect(w.store.outboxFor(w.emu.channelId)[0]).toMatchObject({ status: 'pending' });
    expect(log.lines.filter((l) => l.level >= 50)).toEqual([]);
    expect(log.lines.find((l) => /stopped by shutdown/.test(l.msg))?.level).toBe(30);
  });

  it('stops during an arXiv request, logging at info, not as an error', async () => {
    w = await createWorld({ clientTimeoutMs: 60_000 });
    const log = capturingLogger();
    const svc = await w.start({ logger: log.logger });
    w.arxiv.hangNext(60_000);
    const requests = w.arxiv.requests.length;
    const run = svc.runNow('manual');
    while (w.arxiv.requests.length === requests) await new Promise((r) => setTimeout(r, 10));
    expect(await Promise.race([svc.stop().then(() => 'stopped' as const), neverWithin(20_000)])).toBe('stopped');
    expect(await run).toMatchObject({ outcome: 'interrupted' });
    expect(w.store.lastRun()).toMatchObject({ outcome: 'interrupted' });
    expect(log.lines.filter((l) => l.level >= 50)).toEqual([]);
    expect(log.lines.find((l) => /arXiv check cancelled by shutdown/.test(l.msg))).toMatchObject({ level: 30 });
    expect(log.lines.find((l) => /arXiv check cancelled by shutdown/.test(l.msg))?.err).toBeUndefined();
  });
});
