/**
 * The bot under stress, against the Discord emulator: rate limits and server errors on the interaction
 * callback, a failing handler, a slow channel, a dropped gateway, a restart between a search and its Next
 * button, a server the bot does not serve, and Discord refusing the command registration.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSearchEngine } from '../../src/search/engine.js';
import type { SearchEngine } from '../../src/search/types.js';
import { ERROR_TEXT, NOT_ALLOWED_TEXT } from '../../src/bot/router.js';
import { DeployError, deployCommands } from '../../src/deploy-commands.js';
import { customIds, seedCorpus, startHarness, type Harness } from './harness.js';

/** The real engine, except that the word "explode" makes it throw, as a bug would. */
function explodingEngine(): SearchEngine {
  const real = createSearchEngine(seedCorpus());
  return new Proxy(real, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (prop !== 'search' && prop !== 'suggest') return typeof value === 'function' ? value.bind(target) : value;
      return (q: string, ...rest: unknown[]) => {
        if (q.includes('explode')) throw new Error('index exploded');
        return (value as (...a: unknown[]) => unknown).call(target, q, ...rest);
      };
    },
  });
}

let h: Harness;
beforeAll(async () => void (h = await startHarness({ app: { corpus: seedCorpus(), engine: explodingEngine() } })));
afterAll(async () => h?.close());

describe('Discord failing on the interaction callback', () => {
  it('waits out a 429 with retry_after and still answers', async () => {
    h.emu.rateLimitNext({ method: 'POST', path: /\/callback$/, retryAfter: 0.3 });
    const r = await h.emu.runCommand('paper', 'search', { query: 'learning' });
    expect(r.message!.embeds.length).toBe(5);
    expect(h.emu.interactions.at(-1)!.requests.map((q) => q.status)).toEqual([429, 204]);
  });

  it('gets past a single 500 (discord.js retries it) and still answers', async () => {
    h.emu.failNext({ method: 'POST', path: /\/callback$/, status: 500 });
    const r = await h.emu.runCommand('paper', 'help');
    expect(r.message!.embeds[0]!.title).toBe('Lab paper bot');
    expect(h.emu.interactions.at(-1)!.requests.map((q) => q.status)).toEqual([500, 204]);
  });

  it('survives a callback that keeps failing: logs it with context, no token, and answers the next one', async () => {
    h.emu.failNext({ method: 'POST', path: /\/callback$/, status: 500, times: 8 });
    await expect(h.emu.runCommand('paper', 'recent')).rejects.toThrow(/This interaction failed|no acknowledgement/);
    h.emu.clearFaults();
    const failure = await waitForLog((l) => l.msg === 'interaction failed' && l.command === 'paper recent');
    expect(failure).toMatchObject({ userId: h.emu.user.id, guildId: h.emu.guildId, level: 50 });
    expect(JSON.stringify(failure)).not.toContain(h.emu.interactions.at(-1)!.token);
    const after = await h.emu.runCommand('paper', 'recent', { count: 2 });
    expect(after.message!.embeds).toHaveLength(2);
  });
});

describe('errors inside the bot', () => {
  it('answers a failing command with a short private apology and logs the command, user and guild', async () => {
    const r = await h.emu.runCommand('paper', 'search', { query: 'explode' });
    expect(r.ephemeral).toBe(true);
    expect(r.message!.content).toBe(ERROR_TEXT);
    const line = await waitForLog((l) => l.msg === 'interaction failed' && l.command === 'paper search');
    expect(line).toMatchObject({ userId: h.emu.user.id, guildId: h.emu.guildId, err: { message: 'index exploded' } });
  });

  it('answers a failing autocomplete with an empty list, never an error', async () => {
    const r = await h.emu.autocomplete('paper', 'search', { query: 'explode' }, 'query');
    expect(r.kind).toBe('autocomplete');
    expect(r.choices).toEqual([]);
    await waitForLog((l) => l.msg === 'autocomplete failed; answered with no choices');
  });

  it('defers a reading-group pick, so a slow channel post still completes the answer', async () => {
    const random = await h.emu.runCommand('paper', 'random');
    const pick = customIds(random.message).find((id) => id.startsWith('v1:pick:'))!;
    h.emu.failNext({ method: 'POST', path: new RegExp(`^/channels/${h.emu.channelId}/messages$`), delayMs: 3500 });
    const done = await h.emu.clickButton(random.message!, pick);
    expect(done.deferred).toBe(true);
    expect(done.ephemeral).toBe(true);
    expect(done.message!.content).toMatch(/Picked for the reading group/);
  });
});

describe('gateway and restarts', () => {
  it('answers again after the gateway connection drops', async () => {
    h.emu.disconnectGateway();
    const r = await h.emu.runCommand('paper', 'show', { paper: '2407.06120' });
    expect(r.message!.embeds[0]!.url).toBe('https://arxiv.org/abs/2407.06120');
    expect(h.emu.gateway.resumeCount).toBeGreaterThan(0);
  });

  it('pages a search made before a restart of the bot, long query included', async () => {
    const short = await h.emu.runCommand('paper', 'search', { query: 'learning' });
    const long = await h.emu.runCommand('paper', 'search', { query: `learning ${'representation '.repeat(20)}`.trim() });
    await h.restartBot();
    await h.emu.waitForReady(10_000);
    for (const before of [short, long]) {
      const next = customIds(before.message).find((id) => id.startsWith('v1:pg:2:'))!;
      const after = await h.emu.clickButton(before.message!, next);
      expect(after.kind).toBe('update');
      expect(after.message!.embeds[0]!.title).toMatch(/^6\. /);
    }
  });
});

describe('a server the bot does not serve', () => {
  let other: Harness;
  beforeAll(async () => void (other = await startHarness({ env: { ALLOWED_GUILD_IDS: '123456789012345678' } })));
  afterAll(async () => other?.close());

  it('answers commands with a private note and autocomplete with nothing', async () => {
    const r = await other.emu.runCommand('paper', 'search', { query: 'learning' });
    expect(r.ephemeral).toBe(true);
    expect(r.message!.content).toBe(NOT_ALLOWED_TEXT);
    expect((await other.emu.autocomplete('paper', 'search', { query: 'lea' }, 'query')).choices).toEqual([]);
  });

  it('says clearly when Discord refuses the command registration', async () => {
    other.emu.failNext({
      method: 'PUT',
      path: /\/commands$/,
      status: 400,
      body: {
        code: 50035,
        message: 'Invalid Form Body',
        errors: { '0': { name: { _errors: [{ code: 'APPLICATION_COMMAND_INVALID_NAME', message: 'Command name is invalid' }] } } },
      },
    });
    const error = await deployCommands(other.config).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeployError);
    expect((error as Error).message).toMatch(/^Discord refused the commands \(HTTP 400, code 50035\)/);
    expect((error as Error).message).toContain('0.name: Command name is invalid');
  });
});

async function waitForLog(predicate: (l: Record<string, unknown>) => boolean, timeoutMs = 5000): Promise<Record<string, unknown>> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const hit = h.logs.find(predicate);
    if (hit) return hit;
    if (Date.now() > until) throw new Error('log line not found');
    await new Promise((r) => setTimeout(r, 25));
  }
}
