/**
 * Exactly one digest across a kill between Discord accepting a step and the store recording it: the
 * restarted bot goes on from the first step not recorded and finds, by nonce or in the channel's history,
 * what already went out.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isLabPaper } from '../../src/corpus/schema.js';
import { deliverDigests } from '../../src/digest/deliver.js';
import { runDigest } from '../../src/digest/run.js';
import { DigestStore } from '../../src/digest/store.js';
import { ArxivClient } from '../../src/arxiv/client.js';
import { loadConfig } from '../../src/config.js';
import { createDigestWorld, nearLab, offTopic, posted, threadsOf, type DigestWorld } from './harness.js';
import { startDiscordEmulator } from '../support/discord-emulator/index.js';
import { ChannelKind } from '../support/discord-emulator/state.js';

let w: DigestWorld | undefined;
afterEach(async () => {
  await w?.close();
  w = undefined;
});

describe('a kill between sending and recording', () => {
  it.each([
    ['the header', 1, false],
    ['the thread', 2, false],
    ['the first card message', 3, false],
    ['the forum post', 1, true],
  ])('after %s (POST %i not recorded; forum channel: %s): exactly one header, one thread and one set of cards after the restart', async (_step, n, forum) => {
    w = await createDigestWorld();
    // A 1 ms nonce window: the restart comes after Discord forgot the nonce, so the history must tell.
    await w.emu.close();
    w.emu = await startDiscordEmulator({
      interactionTimeoutMs: false,
      nonceWindowMs: 1,
      guilds: [{ name: 'Lab', channels: [{ name: 'papers', type: forum ? ChannelKind.GuildForum : ChannelKind.GuildText }, { name: 'lab-admin' }] }],
    });
    const channelId = [...w.emu.state.channels.values()].find((c) => c.name === 'papers')!.id;
    const lab = w.corpus.all().filter(isLabPaper);
    w.rss.entries = [nearLab('2612.00071', lab[0]!), nearLab('2612.00072', lab[1]!), offTopic('2612.00073', 0)];
    const config = loadConfig({ DISCORD_GUILD_ID: w.emu.guildId, ANNOUNCE_CHANNEL_ID: channelId, DIGEST_CATEGORIES: 'cs.LG,stat.ML', DIGEST_SIZE: '6' }, 'cli');
    const digests = new DigestStore(w.store);
    await runDigest(
      {
        client: new ArxivClient({ apiUrl: 'http://127.0.0.1:9/api/query', listingUrl: w.rss.atomUrl, minIntervalMs: 0, maxRetries: 0 }),
        digests,
        corpus: w.corpus,
        roster: w.roster,
        config: config.digest,
        defaults: { announceChannelId: channelId, guildId: w.emu.guildId },
        logger: w.logger,
        now: () => w!.clock.now,
      },
      'manual',
    );
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.resolve('tests/digest/fixtures/crash-after-post.ts'), w.dbPath, w.emu.apiUrl, w.emu.token, String(n)],
      {
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const signal = await new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, sig) => resolve(sig)));
    expect(signal, stderr).toBe('SIGKILL');
    await new Promise((r) => setTimeout(r, 5));

    const { REST } = await import('discord.js');
    const rest = new REST({ api: w.emu.apiUrl, retries: 1 }).setToken(w.emu.token);
    const result = await deliverDigests({ rest, digests, logger: w.logger });
    expect(result).toMatchObject({ sent: 1, failed: 0, pending: 0 });
    const threads = threadsOf(w, channelId);
    // In a forum the header is the post's starter message; in a text channel it is in the channel.
    const headers = forum ? posted(w, threads[0]!.id).slice(0, 1) : posted(w, channelId);
    expect(headers).toHaveLength(1);
    expect(threads.map((t) => t.id)).toEqual([headers[0]!.id]);
    const cards = posted(w, threads[0]!.id).slice(forum ? 1 : 0);
    expect(cards).toHaveLength(1);
    expect(cards[0]!.embeds).toHaveLength(3);
    expect(w.store.outboxFor(channelId)[0]).toMatchObject({ kind: 'digest', status: 'sent', messageId: headers[0]!.id });
  });
});
