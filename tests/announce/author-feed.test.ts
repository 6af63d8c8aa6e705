/**
 * Roster authors with an arXiv author id or ORCID: their feed is read besides the name search, and what
 * it lists is the lab's without the name/category rule, announced once even when both sources find it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ArxivClient, arxivClientOptionsFromConfig } from '../../src/arxiv/client.js';
import { checkForNewPapers } from '../../src/announce/check.js';
import { loadConfig } from '../../src/config.js';
import { createWorld, labPaper, namesakePaper, posted, silentLogger, type World } from './harness.js';

const ORCID = '0000-0002-1694-934X';

let w: World;
afterEach(async () => {
  await w?.close();
});

/** A world whose roster gives Qi Lei an arXiv author id (and, when asked, an ORCID). */
async function worldWithFeeds(feeds: { arxivAuthorId?: string; orcid?: string }): Promise<World> {
  const world = await createWorld();
  const qi = world.roster.authors[0]!;
  qi.arxivAuthorId = feeds.arxivAuthorId ?? null;
  qi.orcid = feeds.orcid ?? null;
  return world;
}

function titles(world: World, channelId: string): string[] {
  return posted(world, channelId).flatMap((m) => m.embeds.map((e) => e.title ?? ''));
}

describe('author-id and ORCID feeds', () => {
  it('announces a paper only the author feed lists (name spelled otherwise, category outside the roster) as a lab paper, never as a review', async () => {
    w = await worldWithFeeds({ arxivAuthorId: 'lei_q_1' });
    w.arxiv.upsertPaper(labPaper('2602.98001', '2026-02-10', { authorIds: ['lei_q_1'] })); // before the bot: not news
    const svc = await w.start();
    expect(posted(w, w.emu.channelId)).toEqual([]);
    expect(w.engine.get('2602.98001')?.attribution).toBe('lab');

    w.arxiv.upsertPaper(
      labPaper('2603.98002', '2026-03-02', {
        title: 'Neural coding in zebrafish',
        authors: ['Q. Lei', 'Mira Fish'],
        categories: ['q-bio.NC'],
        authorIds: ['lei_q_1'],
      }),
    );
    const report = await svc.runNow('manual');
    expect(report.outcome).toBe('ok');
    expect(titles(w, w.emu.channelId)).toEqual([expect.stringContaining('zebrafish')]);
    expect(posted(w, w.emu.adminChannelId)).toEqual([]);
    expect(w.engine.get('2603.98002')?.attribution).toBe('lab');
    expect(w.arxiv.requests.some((r) => r.path === '/a/lei_q_1.atom2' && r.served === 'author-feed')).toBe(true);
  });

  it('a paper both the name search and the ORCID feed find is announced once, as the lab’s even outside the roster’s categories', async () => {
    w = await worldWithFeeds({ orcid: ORCID });
    w.arxiv.upsertPaper(labPaper('2602.98010', '2026-02-10', { authorIds: [ORCID] })); // the fake knows only ORCIDs with papers
    const svc = await w.start();
    expect(w.store.lastRun()).toMatchObject({ reason: 'first-run', outcome: 'ok' });
    // The namesake rule would send this to review; the author's own feed vouches for it.
    w.arxiv.upsertPaper({ ...namesakePaper('2603.98003', '2026-03-02'), authorIds: [ORCID] });
    w.arxiv.upsertPaper(labPaper('2603.98004', '2026-03-03'));
    const report = await svc.runNow('manual');
    expect(report.check?.newPapers.map((p) => p.arxivId)).toEqual(['2603.98003', '2603.98004']);
    expect(report.check?.reviews).toEqual([]);
    expect(titles(w, w.emu.channelId)).toHaveLength(2);
    expect(posted(w, w.emu.adminChannelId)).toEqual([]);

    await svc.runNow('manual');
    expect(titles(w, w.emu.channelId)).toHaveLength(2);
  });

  it('an author id added to a running bot announces only its recent papers, not the whole feed history', async () => {
    w = await worldWithFeeds({});
    const svc = await w.start();
    await svc.runNow('manual');
    w.arxiv.upsertPaper(labPaper('2506.98011', '2025-06-01', { authors: ['Q. Lei'], categories: ['q-bio.NC'], authorIds: ['lei_q_1'] }));
    w.arxiv.upsertPaper(labPaper('2603.98012', '2026-03-02', { authors: ['Q. Lei'], categories: ['q-bio.NC'], authorIds: ['lei_q_1'] }));
    w.roster.authors[0]!.arxivAuthorId = 'lei_q_1';
    const report = await svc.runNow('manual');
    expect(report.check?.newPapers.map((p) => p.arxivId)).toEqual(['2603.98012']);
    expect(titles(w, w.emu.channelId)).toEqual([expect.stringContaining('2603.98012')]);
  });

  it('a failing feed fails the whole run: the name search’s find is not half-recorded, and the next run announces both', async () => {
    w = await worldWithFeeds({ arxivAuthorId: 'lei_q_1' });
    w.arxiv.upsertPaper(labPaper('2602.98005', '2026-02-10', { authorIds: ['lei_q_1'] }));
    const svc = await w.start();
    w.arxiv.upsertPaper(labPaper('2603.98006', '2026-03-02')); // name search only
    w.arxiv.upsertPaper(labPaper('2603.98007', '2026-03-03', { authors: ['Q. Lei'], categories: ['q-bio.NC'], authorIds: ['lei_q_1'] })); // feed only
    w.arxiv.reset();
    // The name search is answered normally (a zero-delay "hang"); the feed then answers 503 until the
    // client (3 retries) gives up.
    w.arxiv.hangNext(0);
    w.arxiv.failNext({ status: 503 }, 4);
    const failed = await svc.runNow('scheduled');
    expect(w.arxiv.requests.map((r) => r.served)).toEqual(['hang-0ms+feed', 'status-503', 'status-503', 'status-503', 'status-503']);
    expect(w.arxiv.requests.map((r) => r.path)).toContain('/a/lei_q_1.atom2');
    expect(failed.outcome).toBe('failed');
    expect(failed.error).toMatch(/arXiv check/);
    expect(w.store.storedPaper('2603.98006')).toBeUndefined();
    expect(w.store.storedPaper('2603.98007')).toBeUndefined();
    expect(posted(w, w.emu.channelId)).toEqual([]);

    const next = await svc.runNow('retry');
    expect(next.outcome).toBe('ok');
    expect(next.check?.newPapers.map((p) => p.arxivId)).toEqual(['2603.98006', '2603.98007']);
    expect(titles(w, w.emu.channelId)).toHaveLength(2);
  });

  it('an author id arXiv does not know fails the run with a 404, recording nothing', async () => {
    w = await worldWithFeeds({ arxivAuthorId: 'nobody_x_9' });
    const svc = await w.start();
    expect(w.store.lastRun()).toMatchObject({ outcome: 'failed' });
    expect(w.store.hasBaseline()).toBe(false);
    w.arxiv.upsertPaper(labPaper('2603.98008', '2026-03-02'));
    const report = await svc.runNow('manual');
    expect(report.error).toMatch(/HTTP 404/);
    expect(w.store.storedPaper('2603.98008')).toBeUndefined();
  });

  it('feed and name-search requests keep the configured interval between them', async () => {
    w = await worldWithFeeds({ arxivAuthorId: 'lei_q_1', orcid: ORCID });
    w.arxiv.upsertPaper(labPaper('2603.98009', '2026-03-02', { authorIds: ['lei_q_1', ORCID] }));
    const config = loadConfig({ ARXIV_API_URL: w.arxiv.url, ARXIV_FEED_URL: w.arxiv.feedUrl, ARXIV_MIN_INTERVAL_MS: '250' }, 'cli');
    const client = new ArxivClient(arxivClientOptionsFromConfig(config));
    w.arxiv.reset();
    await checkForNewPapers({ client, store: w.store, corpus: w.corpus, roster: w.roster, logger: silentLogger });
    expect(w.arxiv.requests.map((r) => r.path)).toEqual(['/api/query', '/a/lei_q_1.atom2', `/a/${ORCID}.atom2`]);
    expect(w.arxiv.maxInFlight).toBe(1);
    const at = w.arxiv.requests.map((r) => r.at);
    for (let i = 1; i < at.length; i++) expect(at[i]! - at[i - 1]!).toBeGreaterThanOrEqual(250);
  });
});
