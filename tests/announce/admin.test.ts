/**
 * `/paper-admin` end to end: the real bot (startBot, discord.js) with the announcements feature plugged in
 * exactly as `src/main.ts` should do it, against the Discord emulator and the fake arXiv API.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PermissionFlagsBits } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAnnouncementFeature, type AnnouncementFeature } from '../../src/announce/feature.js';
import { startBot, type RunningBot } from '../../src/bot/start.js';
import { loadConfig } from '../../src/config.js';
import { loadCorpus } from '../../src/corpus/corpus.js';
import { deployCommands } from '../../src/deploy-commands.js';
import { JsonPicksStore } from '../../src/picks/json-store.js';
import { loadRoster } from '../../src/roster/index.js';
import { fakePaperFromPaper, startArxivServer, type ArxivServer } from '../support/arxiv-server.js';
import { startDiscordEmulator, type DiscordEmulator } from '../support/discord-emulator/index.js';
import { labPaper, namesakePaper, silentLogger } from './harness.js';

const ADMIN = { memberPermissions: PermissionFlagsBits.ManageGuild.toString() };

let emu: DiscordEmulator;
let arxiv: ArxivServer;
let bot: RunningBot;
let feature: AnnouncementFeature;
let dataDir: string;

beforeAll(async () => {
  emu = await startDiscordEmulator({ interactionTimeoutMs: false });
  const corpus = loadCorpus(path.resolve('data/papers.json'));
  arxiv = await startArxivServer({ papers: corpus.all().map(fakePaperFromPaper) });
  dataDir = mkdtempSync(path.join(tmpdir(), 'paper-admin-'));
  const config = loadConfig(
    {
      ...emu.botEnv(),
      ARXIV_API_URL: arxiv.url,
      ARXIV_MIN_INTERVAL_MS: '0',
      DATA_DIR: dataDir,
    },
    'bot',
  );
  JsonPicksStore.open(path.join(dataDir, 'picks.json')).add({
    arxivId: '2502.05075', title: 'Discrepancies are Virtue', guildId: emu.guildId, channelId: emu.channelId, pickedBy: emu.user.id, pickedAt: '2026-01-01T00:00:00.000Z',
  });
  await deployCommands(config);
  feature = createAnnouncementFeature(config, { corpus, roster: loadRoster(path.resolve('data/lab.json')) });
  bot = await startBot(config, {
    logger: silentLogger,
    corpus,
    picks: feature.picks,
    services: [feature.botService],
    handlerServices: feature.handlerServices,
    readyTimeoutMs: 15_000,
  });
  await feature.handlerServices.announcements.service()!.ready; // the silent first run
});

afterAll(async () => {
  await bot?.stop(); // stops the scheduler, then closes the database with the picks store
  await Promise.all([emu?.close(), arxiv?.close()]);
  rmSync(dataDir, { recursive: true, force: true });
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
    expect(feature.migratedPicks).toBe(1);
    expect(existsSync(path.join(dataDir, 'picks.json.migrated'))).toBe(true);
    expect(bot.picks.pickedIds(emu.guildId)).toEqual(new Set(['2502.05075']));
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
    expect(bot.engine.search('okapi').hits[0]?.paper.arxivId).toBe('2603.99401');

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
    await emu.waitForRequest((q) => q.method === 'POST' && q.path.endsWith(`/channels/${emu.channelId}/messages`) && JSON.stringify(q.body).includes('2603.99402'));
    expect(emu.channelMessages(emu.channelId)).toHaveLength(2);
    expect(bot.engine.get('2603.99402')?.attribution).toBe('lab');

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
    expect(feature.store.rejectedIds().has('2603.99403')).toBe(true);
    expect(bot.engine.get('2603.99403')).toBeUndefined();
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
    await feature.handlerServices.announcements.service()!.deliverNow(); // queued behind the resend, so it waits for it
    expect(emu.channelMessages(emu.channelId).filter((m) => m.embeds[0]?.title?.includes('Capybara'))).toHaveLength(1);
    expect(feature.store.outboxCounts().failed).toBe(0);
  });
});
