import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createWorld, labPaper, namesakePaper, posted, type World } from './harness.js';

let w: World;
beforeEach(async () => {
  w = await createWorld();
});
afterEach(async () => {
  await w.close();
});

describe('announcements', () => {
  it('posts nothing on the first run, then announces a new lab paper exactly once and indexes it', async () => {
    w.arxiv.upsertPaper(labPaper('2602.99001', '2026-02-20')); // existed before the bot started: not news
    const svc = await w.start();
    expect(w.store.lastRun()).toMatchObject({ reason: 'first-run', outcome: 'ok' });
    expect(posted(w, w.emu.channelId)).toEqual([]);
    expect(w.engine.get('2602.99001')?.attribution).toBe('lab'); // recorded and searchable, just not posted

    w.arxiv.upsertPaper(labPaper('2603.99002', '2026-03-02', { title: 'Weak-to-strong generalization of quokka transformers' }));
    const report = await svc.runNow('manual');
    expect(report.outcome).toBe('ok');
    const messages = posted(w, w.emu.channelId);
    expect(messages).toHaveLength(1);
    expect(messages[0]!.embeds[0]!.title).toContain('quokka');
    expect(messages[0]!.embeds[0]!.url).toBe('https://arxiv.org/abs/2603.99002');
    expect(w.engine.search('quokka').hits.map((h) => h.paper.arxivId)).toEqual(['2603.99002']);

    await svc.runNow('manual');
    expect(posted(w, w.emu.channelId)).toHaveLength(1);
    expect(w.store.outboxFor(w.emu.channelId)).toMatchObject([{ ref: '2603.99002', status: 'sent', messageId: messages[0]!.id }]);
  });

  it('does not announce a new version of a known paper again, but refreshes it', async () => {
    const svc = await w.start();
    w.arxiv.upsertPaper(labPaper('2603.99003', '2026-03-02'));
    await svc.runNow('manual');
    expect(posted(w, w.emu.channelId)).toHaveLength(1);

    w.arxiv.upsertPaper(labPaper('2603.99003', '2026-03-02', { version: 2, updated: '2026-03-04', title: 'Provable representation learning, revised' }));
    const seed = w.corpus.get('2603.00306')!;
    w.arxiv.upsertPaper({ ...labPaper('2603.00306', seed.published, { title: seed.title, authors: seed.authors }), version: 2 });
    const report = await svc.runNow('manual');
    expect(report.check?.updated.map((p) => p.arxivId).sort()).toEqual(['2603.00306', '2603.99003']);
    expect(report.check?.newPapers).toEqual([]);
    expect(posted(w, w.emu.channelId)).toHaveLength(1);
    expect(w.store.storedPaper('2603.99003')).toMatchObject({ latestVersion: 2, paper: { title: 'Provable representation learning, revised' } });
    expect(w.corpus.get('2603.00306')?.version).toBe(2);
    expect(w.engine.search('revised').hits.map((h) => h.paper.arxivId)).toContain('2603.99003');
  });

  it('sends a namesake’s paper to review in the admin channel, never to the announcement channel', async () => {
    const svc = await w.start();
    w.arxiv.upsertPaper(namesakePaper('2603.99004', '2026-03-02'));
    await svc.runNow('manual');
    expect(posted(w, w.emu.channelId)).toEqual([]);
    const [card] = posted(w, w.emu.adminChannelId);
    expect(card?.content).toMatch(/Review needed/);
    expect(card?.embeds[0]!.fields?.find((f) => f.name === 'Why it needs a look')?.value).toMatch(/math\.AP/);
    const ids = (card!.components as { components: { custom_id?: string }[] }[]).flatMap((r) => r.components).map((c) => c.custom_id ?? null);
    expect(ids).toEqual(['v1:rv:a:c:2603.99004', 'v1:rv:r:c:2603.99004', null]);
    expect(w.engine.get('2603.99004')).toBeUndefined();

    await svc.runNow('manual'); // still one card, still no announcement
    expect(posted(w, w.emu.adminChannelId)).toHaveLength(1);
    expect(posted(w, w.emu.channelId)).toEqual([]);
  });

  it('announces several new papers as one message under a header, oldest first, pinging only the role', async () => {
    const svc = await w.start();
    const role = '400000000000000001';
    w.store.setRole(w.emu.guildId, role);
    for (let i = 11; i >= 1; i--) w.arxiv.upsertPaper(labPaper(`2603.990${String(i).padStart(2, '0')}`, `2026-03-${String(i).padStart(2, '0')}`));
    await svc.runNow('manual');
    const messages = posted(w, w.emu.channelId);
    expect(messages.map((m) => m.embeds.length)).toEqual([10, 1]);
    expect(messages[0]!.content).toBe(`<@&${role}> 10 new papers on arXiv from the lab:`);
    expect(messages[0]!.embeds.map((e) => e.title)).toEqual(
      Array.from({ length: 10 }, (_, i) => expect.stringContaining(`2603.990${String(i + 1).padStart(2, '0')}`)),
    );
    const request = w.emu.requests.find((r) => r.method === 'POST' && r.path.endsWith(`/channels/${w.emu.channelId}/messages`));
    expect((request?.body as { allowed_mentions?: unknown }).allowed_mentions).toEqual({ parse: [], roles: [role] });
  });
});
