/**
 * Why the invite asks for Read Message History: the announcement outbox's duplicate check after a crash
 * reads the channel's recent messages (src/announce/deliver.ts), and Discord answers that read with an
 * empty list, not an error, when the bot lacks the permission. Within Discord's nonce window the nonce
 * still prevents a second post; past it, nothing does.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkForNewPapers } from '../../src/announce/check.js';
import { deliverPending } from '../../src/announce/deliver.js';
import { Permission } from '../support/discord-emulator/index.js';
import { createWorld, labPaper, posted, silentLogger, type World } from '../announce/harness.js';

let w: World | undefined;
afterEach(async () => {
  await w?.close();
  w = undefined;
});

/** Queues one new lab paper and runs a delivery that is killed right after Discord accepted the post. */
async function crashAfterSending(world: World): Promise<void> {
  await world.start();
  world.arxiv.upsertPaper(labPaper('2603.99406', '2026-03-02'));
  const { client, store, corpus, roster } = world;
  await checkForNewPapers({
    client,
    store,
    corpus,
    roster,
    logger: silentLogger,
    defaults: { announceChannelId: world.emu.channelId, guildId: world.emu.guildId },
  });
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.resolve('tests/announce/fixtures/crash-after-send.ts'), world.dbPath, world.emu.apiUrl, world.emu.token],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const signal = await new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, sig) => resolve(sig)));
  expect(signal, stderr).toBe('SIGKILL');
  expect(posted(world, world.emu.channelId)).toHaveLength(1);
}

/** The restarted bot's history lookups: what Discord answered. */
const historyReads = (world: World) => world.emu.requests.filter((r) => r.route === 'messages-list' && r.method === 'GET');

describe('the duplicate check without Read Message History', () => {
  it('reads an empty history, so within the nonce window only the nonce keeps the paper from being posted twice', async () => {
    w = await createWorld({ nonceWindowMs: 5 * 60_000 });
    w.emu.denyBotPermissions(w.emu.channelId, Permission.ReadMessageHistory);
    await crashAfterSending(w);
    const reads = historyReads(w).length;

    await deliverPending({ rest: w.rest, store: w.store, logger: silentLogger });
    expect(
      historyReads(w)
        .slice(reads)
        .map((r) => [r.status, r.response]),
    ).toEqual([[200, []]]);
    const messages = posted(w, w.emu.channelId);
    expect(messages).toHaveLength(1);
    expect(w.store.outboxFor(w.emu.channelId)[0]).toMatchObject({ status: 'sent', messageId: messages[0]!.id });
  });

  // With the permission the same restart posts once: tests/announce/failures.test.ts ("after the nonce window").
  it('posts the paper a second time once the nonce window has passed', async () => {
    w = await createWorld({ nonceWindowMs: 1 });
    w.emu.denyBotPermissions(w.emu.channelId, Permission.ReadMessageHistory);
    await crashAfterSending(w);
    await new Promise((r) => setTimeout(r, 5)); // let the 1 ms nonce window lapse
    await deliverPending({ rest: w.rest, store: w.store, logger: silentLogger });
    expect(historyReads(w).at(-1)?.response).toEqual([]);
    expect(posted(w, w.emu.channelId).map((m) => m.embeds[0]?.url)).toEqual(['https://arxiv.org/abs/2603.99406', 'https://arxiv.org/abs/2603.99406']);
  });
});
