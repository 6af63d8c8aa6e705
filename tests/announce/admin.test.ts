/**
 * `/paper-admin` end to end: the real bot (startBot, discord.js) with the announcements feature plugged in
 * exactly as `src/main.ts` should do it, against the Discord emulator and the fake arXiv API.
 */
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PermissionFlagsBits } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app/build-app.js';
import { loadCorpus } from '../../src/corpus/corpus.js';
import { startHarness, type Harness } from '../e2e/harness.js';
import { fakePaperFromPaper, startArxivServer, type ArxivServer } from '../support/arxiv-server.js';
import type { DiscordEmulator } from '../support/discord-emulator/index.js';
import { labPaper, namesakePaper } from './harness.js';

const ADMIN = { memberPermissions: PermissionFlagsBits.ManageGuild.toString() };

let h: Harness;
let emu: DiscordEmulator;
let arxiv: ArxivServer;
let dataDir: string;
/** The app as it runs now (the harness rebuilds it on a restart). */
const app = (): App => h.app;

beforeAll(async () => {
  arxiv = await startArxivServer({ papers: loadCorpus(path.resolve('data/papers.json')).all().map(fakePaperFromPaper) });
  h = await startHarness({
    emulator: { interactionTimeoutMs: false },
    env: { ANNOUNCE_ENABLED: 'true', ARXIV_API_URL: arxiv.url, ARXIV_FEED_URL: arxiv.feedUrl, ARXIV_MIN_INTERVAL_MS: '0', LOG_LEVEL: 'silent' },
    prepareDataDir(dir, e) {
      // A picks file as the bot's first versions wrote it: the app moves it into the database once.
      const pick = {
        arxivId: '2502.05075',
        title: 'Discrepancies are Virtue',
        guildId: e.guildId,
        channelId: e.channelId,
        pickedBy: e.user.id,
        pickedAt: '2026-01-01T00:00:00.000Z',
      };
      writeFileSync(path.join(dir, 'picks.json'), JSON.stringify({ version: 1, picks: [pick] }));
    },
  });
  emu = h.emu;
  dataDir = h.dataDir;
  await app().announcements.running()!.ready; // the silent first run
});

afterAll(async () => {
  await h?.close(); // stops the scheduler, then closes the database
  await arxiv?.close();
});

describe('/paper-admin', () => {
  it('is registered for Manage Server only, and refuses members without it at run time too', async () => {
    const def = emu.commands(emu.guildId).find((c) => c.name === 'paper-admin');
    expect(def?.default_member_permissions).toBe(String(PermissionFlagsBits.ManageGuild));
    const r = await emu.runCommand('paper-admin', 'status', {}, { memberPermissions: '0' });
    expect(r.ephemeral).toBe(true);
    expect(r.message?.content).toMatch(/Manage Server/);
  });

  it('moved the old picks.json into the database', async () => {
    expect(app().migratedPicks).toBe(1);
    expect(existsSync(path.join(dataDir, 'picks.json.migrated'))).toBe(true);
    expect(app().picks.pickedIds(emu.guildId)).toEqual(new Set(['2502.05075']));
  });

  it('sets the channels and the role, then check-now announces, reviews and reports', async () => {
    let r = await emu.runCommand('paper-admin', 'channel', { channel: emu.channelId }, ADMIN);
    expect(r.message?.content).toContain(`<#${emu.channelId}>`);
    r = await emu.runCommand('paper-admin', 'alerts', { channel: emu.adminChannelId }, ADMIN);
    expect(r.message?.content).toContain(`<#${emu.adminChannelId}>`);
    const role = [...emu.state.guilds.get(emu.guildId)!.roles].find((x) => x.name === 'Reading Group')!.id;
    r = await emu.runCommand('paper-admin', 'role', { role }, ADMIN);
    expect(r.message?.content).toContain(`<@&${role}>`);

    arxiv.upsertPaper(labPaper('2603.99401', '2026-03-02', { title: 'Okapi scaling laws for weak supervision' }));
    arxiv.upsertPaper(namesakePaper('2603.99402', '2026-03-02'));
    r = await emu.runCommand('paper-admin', 'check-now', {}, ADMIN);
    expect(r.deferred).toBe(true);
    expect(r.message?.content).toMatch(/1 new/);
    expect(r.message?.content).toMatch(/sent to review/);

    const [announcement] = emu.channelMessages(emu.channelId);
    expect(announcement?.content).toBe(`<@&${role}> New on arXiv from the lab:`);
    expect(announcement?.embeds[0]?.title).toContain('Okapi');
    expect(app().engine.search('okapi').hits[0]?.paper.arxivId).toBe('2603.99401');

    const status = await emu.runCommand('paper-admin', 'status', {}, ADMIN);
    const fields = Object.fromEntries((status.message?.embeds[0]?.fields ?? []).map((f) => [f.name, f.value]));
    expect(fields['Next run']).toMatch(/9:00 PM E[SD]T/);
    expect(fields['Last run']).toMatch(/manual: succeeded/);
    expect(fields['Deliveries']).toMatch(/0 pending · 0 failed/);
    expect(fields['Waiting for review']).toMatch(/^1: arXiv:2603\.99402/);
  });

  it('approves a namesake-looking paper from its review card: announced and searchable', async () => {
    const card = emu.channelMessages(emu.adminChannelId).find((m) => m.content.startsWith('Review needed'))!;
    const staleList = await emu.runCommand('paper-admin', 'review', {}, ADMIN); // another admin's view, opened before
    const denied = await emu.clickButton(card, 'v1:rv:a:c:2603.99402', { memberPermissions: '0' });
    expect(denied.message?.content).toMatch(/Manage Server/);

    const r = await emu.clickButton(card, 'v1:rv:a:c:2603.99402', ADMIN);
    expect(r.kind).toBe('update');
    expect(r.message?.content).toMatch(/approved/);
    await emu.waitForRequest(
      (q) => q.method === 'POST' && q.path.endsWith(`/channels/${emu.channelId}/messages`) && JSON.stringify(q.body).includes('2603.99402'),
    );
    expect(emu.channelMessages(emu.channelId)).toHaveLength(2);
    expect(app().engine.get('2603.99402')?.attribution).toBe('lab');

    const again = await emu.clickButton(staleList.message!, 'v1:rv:r:l:2603.99402', ADMIN);
    expect(again.message?.content).toMatch(/already approved by <@\d+>/);
    const list = await emu.runCommand('paper-admin', 'review', {}, ADMIN);
    expect(list.message?.content).toMatch(/No paper is waiting/);
  });

  it('rejects from the review list, which then shows what is left', async () => {
    // Other co-authors: the approved paper made its co-authors the lab's, so they would now vouch for it.
    arxiv.upsertPaper(namesakePaper('2603.99403', '2026-03-03', ['Ming Zhou']));
    await emu.runCommand('paper-admin', 'check-now', {}, ADMIN);
    const list = await emu.runCommand('paper-admin', 'review', {}, ADMIN);
    expect(list.ephemeral).toBe(true);
    expect(list.message?.content).toMatch(/^1 paper waiting for review/);
    const r = await emu.clickButton(list.message!, 'v1:rv:r:l:2603.99403', ADMIN);
    expect(r.message?.content).toMatch(/Rejected arXiv:2603\.99403[\s\S]*No paper is waiting/);
    expect(app().store.rejectedIds().has('2603.99403')).toBe(true);
    expect(app().engine.get('2603.99403')).toBeUndefined();
  });

  it('reports a channel the bot cannot post in, and resends once the admin sets the channel again', async () => {
    arxiv.upsertPaper(labPaper('2603.99404', '2026-03-04', { title: 'Capybara kernels' }));
    emu.failNext({ method: 'POST', path: new RegExp(`/channels/${emu.channelId}/messages$`), status: 403, body: { message: 'Missing Access', code: 50001 } });
    const r = await emu.runCommand('paper-admin', 'check-now', {}, ADMIN);
    expect(r.message?.content).toMatch(/1 failed/);
    expect(emu.channelMessages(emu.adminChannelId).at(-1)?.content).toMatch(/Could not post the announcement of arXiv:2603\.99404[\s\S]*Missing Access/);
    const status = await emu.runCommand('paper-admin', 'status', {}, ADMIN);
    expect(status.message?.embeds[0]?.fields?.find((f) => f.name === 'Latest failures')?.value).toMatch(/2603\.99404: Missing Access/);

    const again = await emu.runCommand('paper-admin', 'channel', { channel: emu.channelId }, ADMIN);
    expect(again.message?.content).toMatch(/1 announcement that failed there before will be sent again/);
    await app().announcements.running()!.deliverNow(); // queued behind the resend, so it waits for it
    expect(emu.channelMessages(emu.channelId).filter((m) => m.embeds[0]?.title?.includes('Capybara'))).toHaveLength(1);
    expect(app().store.outboxCounts().failed).toBe(0);
  });
});
