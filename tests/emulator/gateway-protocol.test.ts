/**
 * The emulator's gateway at the protocol level, with a bare WebSocket client: what discord.js relies on
 * (HELLO, READY and GUILD_CREATE shapes, sequence numbers, heartbeat ACKs, RESUME replay) and the close
 * codes Discord uses when a bot gets something wrong.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInflate } from 'node:zlib';
import WebSocket from 'ws';
import { startDiscordEmulator, type DiscordEmulator } from '../support/discord-emulator/index.js';

interface Frame {
  op: number;
  d: any;
  s: number | null;
  t: string | null;
}

/** A bare gateway client that queues frames and the close code. */
class RawGateway {
  readonly frames: Frame[] = [];
  closeCode: number | null = null;
  private waiters: Array<() => void> = [];
  readonly ws: WebSocket;

  constructor(url: string, decode?: (data: Buffer, push: (f: Frame) => void) => void) {
    this.ws = new WebSocket(url);
    const push = (f: Frame) => {
      this.frames.push(f);
      this.wake();
    };
    this.ws.on('message', (data: Buffer) => (decode ? decode(data, push) : push(JSON.parse(data.toString()) as Frame)));
    this.ws.on('close', (code) => {
      this.closeCode = code;
      this.wake();
    });
  }

  private wake() {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  /** The first frame (from index `from`) matching `pred`. */
  async next(pred: (f: Frame) => boolean, from = 0): Promise<Frame> {
    for (;;) {
      const hit = this.frames.slice(from).find(pred);
      if (hit) return hit;
      if (this.closeCode !== null) throw new Error(`closed with ${this.closeCode}`);
      await this.tick();
    }
  }

  async closed(): Promise<number> {
    while (this.closeCode === null) await this.tick();
    return this.closeCode;
  }

  private tick() {
    return new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error('timed out waiting for the gateway')), 3000);
      this.waiters.push(() => {
        clearTimeout(t);
        resolve();
      });
    });
  }

  send(op: number, d: unknown) {
    this.ws.send(JSON.stringify({ op, d }));
  }
}

let emu: DiscordEmulator;
const url = () => `${emu.gatewayUrl}?v=10&encoding=json`;
const identify = (gw: RawGateway, over: Record<string, unknown> = {}) =>
  gw.send(2, { token: emu.token, intents: 1, properties: { os: 'linux', browser: 'test', device: 'test' }, shard: [0, 1], ...over });

beforeAll(async () => {
  emu = await startDiscordEmulator({ heartbeatIntervalMs: 500, strictCommands: false });
});
afterAll(async () => {
  await emu.close();
});

describe('gateway protocol', () => {
  it('says HELLO, answers IDENTIFY with READY then a GUILD_CREATE per guild, and ACKs heartbeats', async () => {
    const gw = new RawGateway(url());
    const hello = await gw.next((f) => f.op === 10);
    expect(hello.d.heartbeat_interval).toBe(500);
    identify(gw);
    const ready = await gw.next((f) => f.t === 'READY');
    expect(ready.s).toBe(1);
    expect(ready.d).toMatchObject({
      v: 10,
      user: { id: emu.botUser.id, bot: true },
      application: { id: emu.applicationId, flags: 0 },
      guilds: [{ id: emu.guildId, unavailable: true }],
      shard: [0, 1],
    });
    expect(ready.d.session_id).toMatch(/^[0-9a-f]{32}$/);
    expect(ready.d.resume_gateway_url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\//);
    const guild = await gw.next((f) => f.t === 'GUILD_CREATE');
    expect(guild.s).toBe(2);
    expect(guild.d.id).toBe(emu.guildId);
    expect(guild.d.channels.map((c: { id: string }) => c.id)).toEqual(expect.arrayContaining([emu.channelId, emu.adminChannelId]));
    expect(guild.d.roles[0]).toMatchObject({ id: emu.guildId, name: '@everyone' });
    gw.send(1, 2);
    await gw.next((f) => f.op === 11);
    gw.ws.close(1000);
    await gw.closed();
  });

  it('closes with 4004 on a wrong token and 4014 on privileged intents', async () => {
    const wrong = new RawGateway(url());
    await wrong.next((f) => f.op === 10);
    identify(wrong, { token: 'not-the-token' });
    expect(await wrong.closed()).toBe(4004);

    const greedy = new RawGateway(url());
    await greedy.next((f) => f.op === 10);
    identify(greedy, { intents: 1 | (1 << 15) });
    expect(await greedy.closed()).toBe(4014);
  });

  it('replays the events a dropped connection missed on RESUME, then says RESUMED', async () => {
    const first = new RawGateway(url());
    await first.next((f) => f.op === 10);
    identify(first);
    const ready = await first.next((f) => f.t === 'READY');
    await first.next((f) => f.t === 'GUILD_CREATE');
    emu.disconnectGateway();
    expect(await first.closed()).toBe(4000);

    // Dispatched while no socket is attached: buffered for the session.
    const missed = emu.dispatchEvent('CHANNEL_UPDATE', { id: emu.channelId, name: 'renamed' });
    expect(missed).toBe(3);

    const second = new RawGateway(`${ready.d.resume_gateway_url}?v=10&encoding=json`);
    await second.next((f) => f.op === 10);
    second.send(6, { token: emu.token, session_id: ready.d.session_id, seq: 2 });
    const replayed = await second.next((f) => f.t === 'CHANNEL_UPDATE');
    expect(replayed.s).toBe(3);
    const resumed = await second.next((f) => f.t === 'RESUMED');
    expect(resumed.s).toBe(4);
    second.ws.close(1000);
    await second.closed();

    // A session its client closed with 1000 is over: resuming it is refused.
    const third = new RawGateway(url());
    await third.next((f) => f.op === 10);
    third.send(6, { token: emu.token, session_id: ready.d.session_id, seq: 4 });
    const invalid = await third.next((f) => f.op === 9);
    expect(invalid.d).toBe(false);
    third.ws.close(1000);
  });

  it('speaks zlib-stream when asked: one deflate context, each payload ending in a sync flush', async () => {
    const inflate = createInflate();
    const gw = new RawGateway(`${url()}&compress=zlib-stream`, (data, push) => {
      expect([...data.subarray(-4)]).toEqual([0x00, 0x00, 0xff, 0xff]);
      const chunks: Buffer[] = [];
      const onData = (c: Buffer) => chunks.push(c);
      inflate.on('data', onData);
      inflate.write(data, () => {
        inflate.off('data', onData);
        push(JSON.parse(Buffer.concat(chunks).toString()) as Frame);
      });
    });
    await gw.next((f) => f.op === 10);
    identify(gw);
    const ready = await gw.next((f) => f.t === 'READY');
    expect(ready.d.user.id).toBe(emu.botUser.id);
    await gw.next((f) => f.t === 'GUILD_CREATE');
    gw.ws.close(1000);
    await gw.closed();
  });
});
