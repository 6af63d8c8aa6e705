/**
 * The daily field digest end to end: the real digest feature against the local listing feed and the
 * Discord emulator, with a real SQLite store.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { parseCustomId } from '../../src/cards/custom-id.js';
import { LIMITS } from '../../src/cards/limits.js';
import { embedLength } from '../../src/cards/message.js';
import { isLabPaper } from '../../src/corpus/schema.js';
import { DigestStore } from '../../src/digest/store.js';
import { createDigestWorld, DAY, nearLab, offTopic, posted, threadsOf, type DigestWorld } from './harness.js';

let w: DigestWorld | undefined;
afterEach(async () => {
  await w?.close();
  w = undefined;
});

function labPapers(world: DigestWorld) {
  return world.corpus.all().filter(isLabPaper);
}

describe('the daily digest', () => {
  it('posts today’s digest on the first run: a header, and the closest papers as cards in a thread on it', async () => {
    w = await createDigestWorld();
    const lab = labPapers(w);
    w.rss.entries = [
      nearLab('2612.00001', lab[0]!),
      offTopic('2612.00002', 0),
      nearLab('2612.00003', lab[1]!, { announceType: 'cross', categories: ['math.OC', 'cs.LG'] }),
      offTopic('2612.00004', 1),
      nearLab('2612.00005', lab[2]!, { announceType: 'replace' }),
      nearLab('2612.00006', lab[3]!, { announceType: 'replace-cross' }),
      offTopic('2612.00007', 2),
    ];
    await w.start({ DIGEST_SIZE: '3' });

    const [header, ...more] = posted(w, w.emu.channelId);
    expect(more).toEqual([]);
    expect(header!.content).toBe(`5 new papers in cs.LG, stat.ML today (${DAY}); the 3 closest to the lab’s work are in the thread.`);
    const [thread] = threadsOf(w, w.emu.channelId);
    expect(thread!.id).toBe(header!.id);
    const cards = posted(w, thread!.id);
    expect(cards).toHaveLength(1);
    const titles = cards[0]!.embeds.map((e) => e.title);
    // The two papers written like lab papers come first; replacements never appear.
    expect(titles.slice(0, 2)).toEqual([expect.stringMatching(/^1\. Revisiting /), expect.stringMatching(/^2\. Revisiting /)]);
    expect(cards[0]!.embeds.map((e) => e.url).join(' ')).not.toMatch(/2612\.0000[56]/);
    expect(cards[0]!.embeds[0]!.footer?.text).toMatch(/^close to: /);
    // Every card has its own Save / Not relevant row for the reading-list feature.
    const ids = cards[0]!.components!.map((row) => (row as { components: { custom_id?: string }[] }).components.map((c) => parseCustomId(c.custom_id!)));
    expect(ids).toHaveLength(3);
    expect(ids[0]!.map((p) => p!.action)).toEqual(['rls', 'rln']);
    expect(ids[0]![0]!.rest).toBe(cards[0]!.embeds[0]!.url!.replace(/^.*\/abs\//, '').replace(/v\d+$/, ''));
    // The day's candidates are stored with their announce type; replacements are not.
    const stored = w.store.db.prepare(`SELECT arxiv_id, announce_type, listed_on FROM field_papers ORDER BY arxiv_id`).all();
    expect(stored).toEqual([
      { arxiv_id: '2612.00001', announce_type: 'new', listed_on: DAY },
      { arxiv_id: '2612.00002', announce_type: 'new', listed_on: DAY },
      { arxiv_id: '2612.00003', announce_type: 'cross', listed_on: DAY },
      { arxiv_id: '2612.00004', announce_type: 'new', listed_on: DAY },
      { arxiv_id: '2612.00007', announce_type: 'new', listed_on: DAY },
    ]);
    expect(new DigestStore(w.store).recentRuns(1)[0]).toMatchObject({ outcome: 'queued', listedOn: DAY, via: 'rss' });
    // Today's listing only, in one request for both categories: no backlog of earlier days.
    expect(w.rss.requests.map((r) => r.path)).toEqual(['/atom/cs.LG+stat.ML']);
    expect(w.rss.requests[0]!.userAgent).toMatch(/^lab-paper-bot\//);
  });

  it('ranks papers like one a member marked not relevant lower in a later digest, and tells the field index of the day’s papers', async () => {
    w = await createDigestWorld();
    const lab = labPapers(w);
    const a = nearLab('2612.00081', lab[0]!);
    const b = nearLab('2612.00082', lab[1]!);
    w.rss.entries = [a, b];
    const seen: string[][] = [];
    const first = await w.start({ DIGEST_SIZE: '2' }, { onFieldPapers: (papers) => seen.push(papers.map((p) => p.arxivId)) });
    const order = () => posted(w!, threadsOf(w!, w!.emu.channelId).at(-1)!.id)[0]!.embeds.map((e) => e.url!.replace(/^.*\/abs\//, '').replace(/v\d+$/, ''));
    const before = order();
    expect(seen).toEqual([['2612.00081', '2612.00082']]);
    // A member marks the day's top paper not relevant (the reading-list feature writes this row).
    const top = w.store.db.prepare(`SELECT json FROM field_papers WHERE arxiv_id = ?`).get(before[0]) as { json: string };
    w.store.db
      .prepare(`INSERT INTO paper_feedback (guild_id, arxiv_id, user_id, verdict, json, at) VALUES (?, ?, ?, 'not-relevant', ?, ?)`)
      .run(w.emu.guildId, before[0], w.emu.user.id, top.json, '2026-12-03T10:00:00Z');
    await first.service.stop();
    // The next day lists two papers like yesterday's two.
    w.rss.day = '2026-12-04';
    w.clock.now = new Date('2026-12-04T05:30:00Z');
    const again = (id: string, like: typeof a) => ({ ...like, id, title: `${like.title} again` });
    w.rss.entries = before[0] === a.id ? [again('2612.00091', a), again('2612.00092', b)] : [again('2612.00092', b), again('2612.00091', a)];
    const next = await w.start({ DIGEST_SIZE: '2' });
    await next.running()!.runNow('manual');
    const after = order();
    expect(after).toHaveLength(2);
    expect(after[1]).toBe(before[0] === a.id ? '2612.00091' : '2612.00092');
  });

  it('posts one digest a day per channel: a second run and a restart post nothing more', async () => {
    w = await createDigestWorld();
    w.rss.entries = [nearLab('2612.00011', labPapers(w)[0]!), offTopic('2612.00012', 0)];
    const first = await w.start();
    await first.running()!.runNow('manual');
    await first.service.stop();
    w.reopenStore();
    w.clock.now = new Date('2026-12-03T15:00:00Z');
    const again = await w.start();
    await again.running()!.runNow('manual');
    expect(posted(w, w.emu.channelId)).toHaveLength(1);
    expect(posted(w, w.emu.channelId)[0]!.id).toBe(threadsOf(w, w.emu.channelId)[0]!.id);
    expect(posted(w, threadsOf(w, w.emu.channelId)[0]!.id)).toHaveLength(1);
    expect(new DigestStore(w.store).recentRuns(1)[0]).toMatchObject({ outcome: 'already-done' });
  });

  it('says nothing in the channel when arXiv cannot be read, and alerts the admin channel instead', async () => {
    w = await createDigestWorld([offTopic('2612.00021', 0)]);
    w.rss.failNext(503, 10);
    await w.start();
    expect(posted(w, w.emu.channelId)).toEqual([]);
    const [alert, ...others] = posted(w, w.emu.adminChannelId);
    expect(others).toEqual([]);
    expect(alert!.content).toMatch(/field digest of cs\.LG, stat\.ML could not be made today .*HTTP 503.*Nothing was posted in <#\d+>/);
    expect(alert!.content).not.toMatch(/No new papers/);
    expect(new DigestStore(w.store).recentRuns(1)[0]).toMatchObject({ outcome: 'failed', error: expect.stringMatching(/503/) });
  });

  it('says in one line that a day had no new papers (only replacements), and nothing when that line is off', async () => {
    w = await createDigestWorld();
    w.rss.entries = [nearLab('2612.00031', labPapers(w)[0]!, { announceType: 'replace' })];
    await w.start();
    expect(posted(w, w.emu.channelId).map((m) => m.content)).toEqual([`No new papers in cs.LG, stat.ML today (${DAY}).`]);
    expect(threadsOf(w, w.emu.channelId)).toEqual([]);
    expect(new DigestStore(w.store).recentRuns(1)[0]).toMatchObject({ outcome: 'empty' });

    await w.close();
    w = await createDigestWorld();
    w.rss.entries = [nearLab('2612.00032', labPapers(w)[0]!, { announceType: 'replace' })];
    await w.start({ DIGEST_EMPTY_NOTICE: 'false' });
    expect(posted(w, w.emu.channelId)).toEqual([]);
    expect(new DigestStore(w.store).recentRuns(1)[0]).toMatchObject({ outcome: 'empty' });
  });

  it('posts nothing on a day arXiv announced nothing (a listing without items)', async () => {
    w = await createDigestWorld([]);
    await w.start();
    expect(posted(w, w.emu.channelId)).toEqual([]);
    expect(posted(w, w.emu.adminChannelId)).toEqual([]);
    expect(new DigestStore(w.store).recentRuns(1)[0]).toMatchObject({ outcome: 'no-announcement' });
  });

  it('skips a malformed listing entry with a log line and delivers the rest', async () => {
    w = await createDigestWorld();
    const lab = labPapers(w);
    w.rss.entries = [nearLab('2612.00041', lab[0]!), nearLab('2612.00042', lab[1]!, { title: '' }), offTopic('2612.00043', 0)];
    await w.start();
    const thread = threadsOf(w, w.emu.channelId)[0]!;
    const urls = posted(w, thread.id)[0]!.embeds.map((e) => e.url);
    expect(urls).toEqual([expect.stringContaining('2612.00041'), expect.stringContaining('2612.00043')]);
    const log = w.logLines.map((l) => JSON.parse(l) as { msg: string; skipped?: string[] }).find((l) => /skipped 1 listing entry/.test(l.msg));
    expect(log?.skipped).toEqual(['listing entry 2612.00042 has no title']);
  });

  it('leaves a lab paper of the listing to the lab announcement, and says so in the header', async () => {
    w = await createDigestWorld();
    const lab = labPapers(w);
    const own = lab[0]!;
    w.rss.entries = [
      { id: own.arxivId, title: own.title, authors: own.authors, abstract: own.abstract, categories: ['cs.LG'], announceType: 'new' },
      nearLab('2612.00051', lab[1]!),
    ];
    await w.start();
    const [header] = posted(w, w.emu.channelId);
    expect(header!.content).toMatch(/^1 new paper in cs\.LG, stat\.ML today .* 1 lab paper in the listing is announced on its own\.$/);
    const urls = posted(w, threadsOf(w, w.emu.channelId)[0]!.id)[0]!.embeds.map((e) => e.url);
    expect(urls).toEqual([expect.stringContaining('2612.00051')]);
  });

  it('keeps ten long cards within Discord’s limits: at most 10 embeds and 6,000 characters a message, 5 rows of buttons', async () => {
    w = await createDigestWorld();
    const long = 'Generalization '.repeat(400);
    w.rss.entries = Array.from({ length: 12 }, (_, i) =>
      nearLab(`2612.001${String(i).padStart(2, '0')}`, labPapers(w!)[i]!, {
        title: `${'A very long title about representation learning and distribution shift '.repeat(5)}${i}`,
        abstract: long,
        authors: Array.from({ length: 40 }, (_, j) => `Author Number${j} Withalongsurname`),
      }),
    );
    await w.start({ DIGEST_SIZE: '10' });
    const messages = posted(w, threadsOf(w, w.emu.channelId)[0]!.id);
    expect(messages.flatMap((m) => m.embeds)).toHaveLength(10);
    for (const m of messages) {
      expect(m.embeds.length).toBeLessThanOrEqual(LIMITS.embedsPerMessage);
      expect(m.embeds.reduce((n, e) => n + embedLength(e), 0)).toBeLessThanOrEqual(LIMITS.embedTotal);
      expect(m.components!.length).toBeLessThanOrEqual(LIMITS.actionRows);
    }
    expect(messages.flatMap((m) => m.embeds.map((e) => e.title!.match(/^(\d+)\./)![1]))).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
  });

  it('marks the digest failed and tells the admin channel when Discord refuses the digest channel', async () => {
    w = await createDigestWorld();
    w.rss.entries = [nearLab('2612.00065', labPapers(w)[0]!)];
    await w.start({ DIGEST_CHANNEL_ID: w.hiddenId });
    expect(w.store.outboxFor(w.hiddenId)[0]).toMatchObject({ kind: 'digest', status: 'failed', reason: expect.stringMatching(/50001/) });
    const [alert, ...others] = posted(w, w.emu.adminChannelId);
    expect(others).toEqual([]);
    expect(alert!.content).toMatch(new RegExp(`^Could not post the field digest of ${DAY} in <#${w.hiddenId}>: Missing Access`));
  });

  it('posts the digest as one forum post when the channel is a forum', async () => {
    w = await createDigestWorld();
    w.rss.entries = [nearLab('2612.00061', labPapers(w)[0]!), offTopic('2612.00062', 0)];
    await w.start({ DIGEST_CHANNEL_ID: w.forumId });
    const [post, ...others] = threadsOf(w, w.forumId);
    expect(others).toEqual([]);
    expect(post!.name).toBe(`arXiv cs.LG, stat.ML · ${DAY}`);
    const [starter, cards] = posted(w, post!.id);
    expect(starter!.id).toBe(post!.id);
    expect(starter!.content).toMatch(/^2 new papers in cs\.LG, stat\.ML today/);
    expect(cards!.embeds).toHaveLength(2);
    expect(posted(w, w.emu.channelId)).toEqual([]);
  });
});
