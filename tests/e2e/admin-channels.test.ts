/**
 * `/paper-admin channel` and `alerts` check the channel with Discord before storing it: given, in this
 * server, and one the bot can post cards in; otherwise a private note says which, and nothing is stored.
 */
import { PermissionFlagsBits } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DiscordEmulator } from '../support/discord-emulator/index.js';
import { startHarness, type Harness } from './harness.js';

const ADMIN = { memberPermissions: PermissionFlagsBits.ManageGuild.toString() };

let h: Harness;
let emu: DiscordEmulator;
const channel = (name: string) => [...emu.state.channels.values()].find((c) => c.name === name)!.id;
const settings = () => h.app.store.guildSettings(emu.guildId);

beforeAll(async () => {
  h = await startHarness({
    emulator: {
      guilds: [
        {
          name: 'Lab',
          channels: [
            { name: 'papers' },
            { name: 'lab-admin' },
            { name: 'hidden', forbidden: 'missing-access' },
            { name: 'read-only', forbidden: 'missing-permissions' },
          ],
        },
        { name: 'Elsewhere', channels: [{ name: 'foreign' }] },
      ],
    },
    env: { LOG_LEVEL: 'silent' },
  });
  emu = h.emu;
});

afterAll(async () => h?.close());

describe('/paper-admin channel and alerts', () => {
  it('refuses a channel of another server, for both, and stores nothing', async () => {
    for (const sub of ['channel', 'alerts']) {
      const r = await emu.runCommand('paper-admin', sub, { channel: channel('foreign') }, ADMIN);
      expect(r.ephemeral, sub).toBe(true);
      expect(r.message!.content).toMatch(/not in this server/);
    }
    expect(settings()?.announceChannelId ?? null).toBeNull();
    expect(settings()?.adminChannelId ?? null).toBeNull();
  });

  it('asks for the channel when a payload comes without it, instead of storing an empty id', async () => {
    for (const sub of ['channel', 'alerts']) {
      const p = emu.build.command('paper-admin', sub, { channel: channel('papers') }, ADMIN);
      const data = p.data as { options: { options?: unknown[] }[]; resolved?: unknown };
      data.options[0]!.options = [];
      delete data.resolved;
      const r = await (await emu.dispatchInteraction(p)).reply;
      expect(r.message!.content, sub).toMatch(new RegExp(`Pick a channel: \`/paper-admin ${sub} channel:#papers\``));
    }
    expect(settings()?.announceChannelId ?? null).toBeNull();
  });

  it('names the permission the bot lacks: View Channel, or Send Messages', async () => {
    const hidden = await emu.runCommand('paper-admin', 'channel', { channel: channel('hidden') }, ADMIN);
    expect(hidden.message!.content).toMatch(/cannot see <#\d+>: the bot lacks View Channel there/);
    const readOnly = await emu.runCommand('paper-admin', 'alerts', { channel: channel('read-only') }, ADMIN);
    expect(readOnly.message!.content).toMatch(/cannot post cards in <#\d+>: the bot lacks Send Messages there/);
    expect(settings()?.announceChannelId ?? null).toBeNull();
    expect(settings()?.adminChannelId ?? null).toBeNull();
  });

  it('stores a channel of this server that the bot can post in', async () => {
    const r = await emu.runCommand('paper-admin', 'channel', { channel: channel('papers') }, ADMIN);
    expect(r.message!.content).toMatch(/New lab papers will be announced in <#\d+>/);
    expect(settings()?.announceChannelId).toBe(channel('papers'));
    const a = await emu.runCommand('paper-admin', 'alerts', { channel: channel('lab-admin') }, ADMIN);
    expect(a.message!.content).toMatch(/Review cards and delivery failures will go to/);
    expect(settings()?.adminChannelId).toBe(channel('lab-admin'));
  });
});
