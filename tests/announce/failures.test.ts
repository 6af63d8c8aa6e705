import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkForNewPapers } from '../../src/announce/check.js';
import { deliverPending } from '../../src/announce/deliver.js';
import { ArxivClient, arxivClientOptionsFromConfig } from '../../src/arxiv/client.js';
import { loadConfig } from '../../src/config.js';
import { RunLock } from '../../src/scheduler/index.js';
import { createWorld, labPaper, posted, silentLogger, type World } from './harness.js';

let w: World | undefined;
afterEach(async () => {
  await w?.close();
  w = undefined;
});

const MESSAGES = (ch: string) => new RegExp(`/channels/${ch}/messages$`);

describe('when arXiv misbehaves', () => {
  it.each([
    ['503 then a feed', (x: World) => x.arxiv.failNext({ status: 503, body: 'Service Unavailable' })],
    ['"Rate exceeded." as plain text', (x: World) => x.arxiv.rateExceeded(200)],
    ['malformed XML', (x: World) => x.arxiv.malformedNext('truncated')],
    ['an HTML error page', (x: World) => x.arxiv.malformedNext('html')],
    ['a timeout', (x: World) => x.arxiv.hangNext(1500)],
  ])('announces after a retry on %s', async (_what, fault) => {
    w = await createWorld({ clientTimeoutMs: 400 });
    const svc = await w.start();
    w.arxiv.upsertPaper(labPaper('2603.99101', '2026-03-02'));
    fault(w);
    const report = await svc.runNow('manual');
    expect(report).toMatchObject({ outcome: 'ok' });
    expect(w.arxiv.requests.length).toBeGreaterThanOrEqual(3); // first run, the fault, the retry
    expect(posted(w, w.emu.channelId)).toHaveLength(1);
  });

  it('fails cleanly when arXiv stays down, records nothing, and the next run announces the paper', async () => {
    w = await createWorld({ maxRetries: 1 });
    const svc = await w.start({ retryAfterFailureMs: 60_000 });
    w.arxiv.upsertPaper(labPaper('2603.99102', '2026-03-02'));
    w.arxiv.failNext({ status: 503 }, 2);
    const failed = await svc.runNow('scheduled');
    expect(failed.outcome).toBe('failed');
    expect(failed.error).toMatch(/arXiv check/);
    expect(w.store.lastRun()).toMatchObject({ outcome: 'failed' });
    expect(w.store.storedPaper('2603.99102')).toBeUndefined();
    expect(posted(w, w.emu.channelId)).toEqual([]);

    const next = await svc.runNow('retry');
    expect(next.outcome).toBe('ok');
    expect(posted(w, w.emu.channelId)).toHaveLength(1);
  });

  it('keeps requests to arXiv at least 3 s apart with the configured interval', async () => {
    w = await createWorld();
    const config = loadConfig({ ARXIV_API_URL: w.arxiv.url }, 'cli');
    expect(config.arxiv.minIntervalMs).toBe(3000);
    const client = new ArxivClient(arxivClientOptionsFromConfig(config));
    const roster = {
      ...w.roster,
      authors: [...w.roster.authors, { name: 'Yijun Dong', variants: [], arxivAuthorId: null, orcid: null, categories: ['cs.LG'] }],
    };
    await checkForNewPapers({ client, store: w.store, corpus: w.corpus, roster, logger: silentLogger });
    const times = w.arxiv.requests.map((r) => r.at);
    expect(times).toHaveLength(2);
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(2990);
  });
});

describe('when Discord misbehaves', () => {
  it('waits out a 429 and posts once', async () => {
    w = await createWorld();
    const svc = await w.start();
    w.arxiv.upsertPaper(labPaper('2603.99201', '2026-03-02'));
    w.emu.rateLimitNext({ method: 'POST', path: MESSAGES(w.emu.channelId), retryAfter: 0.2 });
    expect((await svc.runNow('manual')).outcome).toBe('ok');
    expect(w.emu.requests.filter((r) => r.method === 'POST' && MESSAGES(w!.emu.channelId).test(r.path))).toHaveLength(2);
    expect(posted(w, w.emu.channelId)).toHaveLength(1);
  });

  it('retries 500s and posts once', async () => {
    w = await createWorld();
    const svc = await w.start();
    w.arxiv.upsertPaper(labPaper('2603.99202', '2026-03-02'));
    // More 500s than discord.js retries by itself, so the announcer's own backoff is exercised too.
    w.emu.failNext({ method: 'POST', path: MESSAGES(w.emu.channelId), status: 500, times: 3 });
    expect((await svc.runNow('manual')).outcome).toBe('ok');
    expect(posted(w, w.emu.channelId)).toHaveLength(1);
    expect(w.store.outboxFor(w.emu.channelId)[0]).toMatchObject({ status: 'sent', attempts: 0 });
  });

  it('leaves a paper pending when Discord stays down, and posts it on the next run', async () => {
    w = await createWorld();
    const svc = await w.start({ retryAfterFailureMs: 60_000 });
    w.arxiv.upsertPaper(labPaper('2603.99203', '2026-03-02'));
    const outage = w.emu.failNext({ method: 'POST', path: MESSAGES(w.emu.channelId), status: 502, times: Infinity });
    const report = await svc.runNow('manual');
    expect(report.outcome).toBe('failed');
    expect(report.delivery).toMatchObject({ pending: 1, sent: 0 });
    expect(w.store.outboxFor(w.emu.channelId)[0]).toMatchObject({ status: 'pending', attempts: 1 });
    outage.cancel();
    expect((await svc.runNow('retry')).outcome).toBe('ok');
    expect(posted(w, w.emu.channelId)).toHaveLength(1);
  });

  it('marks a 403 Missing Access failed and reports it in the admin channel', async () => {
    w = await createWorld();
    const svc = await w.start();
    w.arxiv.upsertPaper(labPaper('2603.99204', '2026-03-02'));
    w.emu.failNext({ method: 'POST', path: MESSAGES(w.emu.channelId), status: 403, body: { message: 'Missing Access', code: 50001 }, times: Infinity });
    const report = await svc.runNow('manual');
    expect(report.delivery).toMatchObject({ failed: 1, sent: 1 }); // the alert was sent
    expect(w.store.outboxFor(w.emu.channelId)[0]).toMatchObject({ status: 'failed', reason: expect.stringMatching(/Missing Access.*50001/) });
    const [alert] = posted(w, w.emu.adminChannelId);
    expect(alert?.content).toMatch(new RegExp(`Could not post the announcement of arXiv:2603\\.99204 in <#${w.emu.channelId}>: Missing Access`));
    await svc.runNow('manual');
    expect(posted(w, w.emu.adminChannelId)).toHaveLength(1); // reported once, not every run
  });

  it('marks an unknown channel (404 10003) failed and reports it', async () => {
    w = await createWorld();
    const svc = await w.start();
    const gone = '100000000000000404';
    w.store.setAnnounceChannel(w.emu.guildId, gone);
    w.arxiv.upsertPaper(labPaper('2603.99205', '2026-03-02'));
    await svc.runNow('manual');
    expect(w.store.outboxFor(gone)[0]).toMatchObject({ status: 'failed', reason: expect.stringMatching(/10003/) });
    expect(posted(w, w.emu.adminChannelId)[0]?.content).toMatch(/Unknown Channel/);
  });

  it.each([
    ['within Discord’s nonce window', 5 * 60_000],
    ['after the nonce window has passed (a long outage)', 1],
  ])('posts exactly one message when the process is killed between sending and recording, restarted %s', async (_when, nonceWindowMs) => {
    w = await createWorld({ nonceWindowMs });
    await w.start();
    w.arxiv.upsertPaper(labPaper('2603.99206', '2026-03-02'));
    await checkForNewPapers({
      client: w.client,
      store: w.store,
      corpus: w.corpus,
      roster: w.roster,
      logger: silentLogger,
      defaults: { announceChannelId: w.emu.channelId, guildId: w.emu.guildId },
    });

    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.resolve('tests/announce/fixtures/crash-after-send.ts'), w.dbPath, w.emu.apiUrl, w.emu.token],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const signal = await new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, sig) => resolve(sig)));
    expect(signal, stderr).toBe('SIGKILL');
    expect(posted(w, w.emu.channelId)).toHaveLength(1);
    expect(w.store.outboxFor(w.emu.channelId)[0]).toMatchObject({ status: 'pending', nonce: expect.any(String) });
    await new Promise((r) => setTimeout(r, 5)); // let a 1 ms nonce window lapse

    // The restarted bot delivers again: the same rows as the same message, which Discord (by nonce) or the
    // channel's history (after the window) shows was already posted.
    await deliverPending({ rest: w.rest, store: w.store, logger: silentLogger });
    const messages = posted(w, w.emu.channelId);
    expect(messages).toHaveLength(1);
    expect(w.store.outboxFor(w.emu.channelId)[0]).toMatchObject({ status: 'sent', messageId: messages[0]!.id });
  });
});

describe('the schedule', () => {
  it('catches up after the bot was down across two announcement days, in order', async () => {
    w = await createWorld();
    const first = await w.start(); // Sunday 21:30 New York: the silent first run
    await first.stop();
    w.arxiv.upsertPaper(labPaper('2603.99302', '2026-03-03T18:00:00Z')); // Tuesday's mailing
    w.arxiv.upsertPaper(labPaper('2603.99301', '2026-03-02T18:00:00Z')); // Monday's mailing
    w.clock.now = new Date('2026-03-04T02:45:00Z'); // Tuesday 21:45 New York: Monday's and Tuesday's runs missed
    w.reopenStore();
    const svc = await w.start();
    expect(svc.previousScheduled()?.toISOString()).toBe('2026-03-04T02:00:00.000Z');
    expect(w.store.lastRun()).toMatchObject({ reason: 'catch-up', outcome: 'ok' });
    const [message, ...rest] = posted(w, w.emu.channelId);
    expect(rest).toEqual([]);
    expect(message!.embeds.map((e) => e.title)).toEqual([expect.stringContaining('2603.99301'), expect.stringContaining('2603.99302')]);
  });

  it('does not run at start-up when the last scheduled run succeeded, but delivers leftovers', async () => {
    w = await createWorld();
    const first = await w.start();
    w.arxiv.upsertPaper(labPaper('2603.99303', '2026-03-02'));
    await checkForNewPapers({
      client: w.client,
      store: w.store,
      corpus: w.corpus,
      roster: w.roster,
      logger: silentLogger,
      defaults: { announceChannelId: w.emu.channelId },
    });
    await first.stop();
    const runs = w.store.recentRuns().length;
    const svc = await w.start();
    expect(w.store.recentRuns()).toHaveLength(runs);
    expect(posted(w, w.emu.channelId)).toHaveLength(1);
    const next = svc.nextRun()!;
    const local = new Intl.DateTimeFormat('en-US', {
      timeZone: 'America/New_York',
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hour12: false,
    }).format(next);
    expect(local).toMatch(/^(Sun|Mon|Tue|Wed|Thu),? 21:00$/);
  });

  it('never lets two runs overlap', async () => {
    const lock = new RunLock();
    const events: string[] = [];
    const task = (name: string) => async () => {
      events.push(`${name} start`);
      await new Promise((r) => setTimeout(r, 20));
      events.push(`${name} end`);
    };
    await Promise.all([
      lock.run(task('scheduled')),
      lock.run(task('manual')),
      lock.run(async () => Promise.reject(new Error('x'))).catch(() => {}),
      lock.run(task('after')),
    ]);
    expect(events).toEqual(['scheduled start', 'scheduled end', 'manual start', 'manual end', 'after start', 'after end']);
  });
});
