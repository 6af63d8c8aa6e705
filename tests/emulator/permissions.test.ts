/**
 * The bot's permissions in the emulator: by default exactly what the invite URL asks for, every id in the
 * world distinct, and each route refusing what Discord refuses without a permission (403 50013 Missing
 * Permissions, 50001 without View Channel), or degrading as Discord does (history reads come back empty
 * without Read Message History, embeds are dropped without Embed Links).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DiscordAPIError, REST, Routes, type APIMessage } from 'discord.js';
import { BOT_PERMISSIONS, BOT_PERMISSIONS_INTEGER } from '../../src/bot/permissions.js';
import { Permission, startDiscordEmulator, type DiscordEmulator } from '../support/discord-emulator/index.js';

let emu: DiscordEmulator;
let rest: REST;

beforeEach(async () => {
  emu = await startDiscordEmulator({ interactionTimeoutMs: false });
  // No retries: a refusal should surface at once.
  rest = new REST({ api: emu.apiUrl, retries: 0 }).setToken(emu.token);
});
afterEach(async () => {
  await emu?.close();
});

const post = (channelId: string, body: Record<string, unknown>, files?: Array<{ name: string; data: Buffer }>) =>
  rest.post(Routes.channelMessages(channelId), { body, ...(files ? { files } : {}) }) as Promise<APIMessage>;
const refusal = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => e as DiscordAPIError,
  );
const MISSING_PERMISSIONS = { status: 403, code: 50013 };
const CARD = { title: 'Weak-to-strong generalization', url: 'https://arxiv.org/abs/2502.05075' };

describe('what the emulator grants the bot', () => {
  it('grants exactly the invite URL’s permissions, and says so in interaction payloads', async () => {
    expect(emu.botPermissionsIn(emu.channelId)).toBe(BOT_PERMISSIONS_INTEGER);
    expect(emu.botPermissionsIn(emu.adminChannelId)).toBe(BOT_PERMISSIONS_INTEGER);
    await rest.put(Routes.applicationGuildCommands(emu.applicationId, emu.guildId), { body: [{ name: 'ping', description: 'p' }] });
    expect(emu.build.command('ping').app_permissions).toBe(BOT_PERMISSIONS_INTEGER.toString());
    // Nothing more: the permissions a paper bot might be tempted to ask for are not there.
    for (const extra of [Permission.ManageMessages, Permission.ManageThreads, Permission.MentionEveryone, Permission.ManageEvents, Permission.Administrator]) {
      expect(emu.botPermissionsIn(emu.channelId) & extra).toBe(0n);
    }
    expect(BOT_PERMISSIONS).toHaveLength(9);
  });

  it('gives the bot, the application, the users, guilds, channels, roles, messages and interactions distinct ids', async () => {
    await rest.put(Routes.applicationGuildCommands(emu.applicationId, emu.guildId), { body: [{ name: 'ping', description: 'p' }] });
    const message = await post(emu.channelId, { content: 'hello' });
    const interaction = emu.build.command('ping');
    const guild = emu.state.guilds.get(emu.guildId)!;
    const ids = [
      emu.botUser.id,
      emu.applicationId,
      ...emu.users.map((u) => u.id),
      ...[...emu.state.guilds.keys()],
      ...[...emu.state.channels.keys()],
      ...guild.roles.filter((r) => r.id !== guild.id).map((r) => r.id),
      ...emu.commands(emu.guildId).map((c) => c.id),
      message.id,
      interaction.id,
    ];
    expect(new Set(ids).size).toBe(ids.length);
    expect(emu.botUser.id).not.toBe(emu.user.id);
    expect(emu.botUser.id).not.toBe(emu.otherUser.id);
    // The default invoker is a human, not the bot clicking its own buttons.
    expect((interaction.member as { user: { id: string; bot?: boolean } }).user).toMatchObject({ id: emu.user.id });
    expect((interaction.member as { user: { bot?: boolean } }).user.bot).toBeUndefined();
  });
});

describe('routes without the permission they need', () => {
  it('posting needs Send Messages, and the channel itself View Channel', async () => {
    emu.denyBotPermissions(emu.channelId, Permission.SendMessages);
    expect(await refusal(post(emu.channelId, { content: 'new paper' }))).toMatchObject(MISSING_PERMISSIONS);
    emu.denyBotPermissions(emu.channelId, Permission.ViewChannel);
    expect(await refusal(post(emu.channelId, { content: 'new paper' }))).toMatchObject({ status: 403, code: 50001 });
    expect(await refusal(rest.get(Routes.channel(emu.channelId)))).toMatchObject({ status: 403, code: 50001 });
    expect(emu.channelMessages()).toEqual([]);
    emu.denyBotPermissions(emu.channelId, 0n);
    expect((await post(emu.channelId, { content: 'new paper' })).content).toBe('new paper');
  });

  it('reading history needs Read Message History: without it the list is empty, as Discord documents', async () => {
    const sent = await post(emu.channelId, { content: 'announced before the outage' });
    const history = () => rest.get(Routes.channelMessages(emu.channelId), { query: new URLSearchParams({ limit: '50' }) }) as Promise<APIMessage[]>;
    expect((await history()).map((m) => m.id)).toEqual([sent.id]);
    emu.denyBotPermissions(emu.channelId, Permission.ReadMessageHistory);
    expect(await history()).toEqual([]);
    emu.denyBotPermissions(emu.channelId, Permission.ViewChannel);
    expect(await refusal(history())).toMatchObject({ status: 403, code: 50001 });
  });

  it('uploads need Attach Files', async () => {
    const file = [{ name: 'stats.png', data: Buffer.from([0x89, 0x50, 0x4e, 0x47]) }];
    const shown = await post(emu.channelId, { content: 'chart' }, file);
    expect(shown.attachments.map((a) => a.filename)).toEqual(['stats.png']);
    emu.denyBotPermissions(emu.channelId, Permission.AttachFiles);
    expect(await refusal(post(emu.channelId, { content: 'chart' }, file))).toMatchObject(MISSING_PERMISSIONS);
    expect(emu.channelMessages()).toHaveLength(1);
  });

  it('embeds need Embed Links: an embed-only message is refused, one with text loses its embeds', async () => {
    emu.denyBotPermissions(emu.channelId, Permission.EmbedLinks);
    expect(await refusal(post(emu.channelId, { embeds: [CARD] }))).toMatchObject(MISSING_PERMISSIONS);
    const bare = await post(emu.channelId, { content: 'New lab paper', embeds: [CARD] });
    expect(bare.embeds).toEqual([]);
    emu.denyBotPermissions(emu.channelId, 0n);
    expect((await post(emu.channelId, { embeds: [CARD] })).embeds[0]).toMatchObject(CARD);
  });

  it('a thread on a message needs Create Public Threads; posting in it needs Send Messages in Threads', async () => {
    const pick = await post(emu.channelId, { content: 'Reading group pick' });
    emu.denyBotPermissions(emu.channelId, Permission.CreatePublicThreads);
    expect(await refusal(rest.post(Routes.threads(emu.channelId, pick.id), { body: { name: 'Discussion' } }))).toMatchObject(MISSING_PERMISSIONS);
    emu.denyBotPermissions(emu.channelId, Permission.SendMessages);
    const thread = (await rest.post(Routes.threads(emu.channelId, pick.id), { body: { name: 'Discussion' } })) as { id: string };
    // Send Messages does not count in threads; Send Messages in Threads does.
    expect((await post(thread.id, { content: 'in the thread' })).channel_id).toBe(thread.id);
    // No thread inside a thread: Discord refuses the channel type.
    const inThread = await post(thread.id, { content: 'a pick made in the thread' });
    expect(await refusal(rest.post(Routes.threads(thread.id, inThread.id), { body: { name: 'Nested' } }))).toMatchObject({ status: 400, code: 50024 });
    emu.denyBotPermissions(emu.channelId, Permission.SendMessagesInThreads);
    expect(await refusal(post(thread.id, { content: 'in the thread' }))).toMatchObject(MISSING_PERMISSIONS);
  });

  it('a reply needs Read Message History', async () => {
    const first = await post(emu.channelId, { content: 'first' });
    emu.denyBotPermissions(emu.channelId, Permission.ReadMessageHistory);
    expect(await refusal(post(emu.channelId, { content: 'reply', message_reference: { message_id: first.id } }))).toMatchObject(MISSING_PERMISSIONS);
  });

  it('pings a mentionable role without Mention Everyone, but not @everyone or an unmentionable role', async () => {
    const guild = emu.state.guilds.get(emu.guildId)!;
    const group = guild.roles.find((r) => r.name === 'Reading Group')!;
    const admins = { ...group, id: emu.state.ids.next(), name: 'Admins', mentionable: false };
    guild.roles.push(admins);
    const content = `<@&${group.id}> <@&${admins.id}> @everyone`;
    const sent = await post(emu.channelId, { content, allowed_mentions: { parse: ['roles', 'everyone'] } });
    expect(emu.storedMessage(sent.id)?.pinged).toEqual({ users: [], roles: [group.id], everyone: false });
    emu.setBotPermissions(BOT_PERMISSIONS_INTEGER | Permission.MentionEveryone);
    const loud = await post(emu.channelId, { content, allowed_mentions: { parse: ['roles', 'everyone'] } });
    expect(emu.storedMessage(loud.id)?.pinged).toEqual({ users: [], roles: [group.id, admins.id], everyone: true });
  });
});
