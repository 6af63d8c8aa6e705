/** The bot's permissions in a channel, computed from roles and overwrites as Discord does. */
import { PermissionFlagsBits as P } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { channelPermissions } from '../../src/bot/channel-poster.js';

const GUILD = '200000000000000001';
const BOT = '300000000000000009';
const ROLE = '400000000000000001';
const everyone = { id: GUILD, permissions: String(P.ViewChannel | P.SendMessages | P.EmbedLinks) };
const base = { guildId: GUILD, userId: BOT, memberRoles: [ROLE], roles: [everyone, { id: ROLE, permissions: '0' }] };
const has = (perms: bigint, bit: bigint) => (perms & bit) !== 0n;

describe('channelPermissions', () => {
  it('starts from @everyone and the member’s roles', () => {
    const perms = channelPermissions({ ...base, overwrites: [] });
    expect([has(perms, P.ViewChannel), has(perms, P.SendMessages), has(perms, P.ManageGuild)]).toEqual([true, true, false]);
  });

  it('applies @everyone, then role, then member overwrites', () => {
    const deny = (id: string, bit: bigint) => ({ id, allow: '0', deny: String(bit) });
    const allow = (id: string, bit: bigint) => ({ id, allow: String(bit), deny: '0' });
    expect(has(channelPermissions({ ...base, overwrites: [deny(GUILD, P.SendMessages)] }), P.SendMessages)).toBe(false);
    expect(has(channelPermissions({ ...base, overwrites: [deny(GUILD, P.SendMessages), allow(ROLE, P.SendMessages)] }), P.SendMessages)).toBe(true);
    expect(has(channelPermissions({ ...base, overwrites: [allow(ROLE, P.EmbedLinks), deny(BOT, P.EmbedLinks)] }), P.EmbedLinks)).toBe(false);
  });

  it('gives everything to Administrator, whatever the overwrites', () => {
    const perms = channelPermissions({
      ...base,
      roles: [everyone, { id: ROLE, permissions: String(P.Administrator) }],
      overwrites: [{ id: BOT, allow: '0', deny: String(P.ViewChannel) }],
    });
    expect(has(perms, P.ViewChannel) && has(perms, P.SendMessages)).toBe(true);
  });
});
