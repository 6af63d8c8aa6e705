/**
 * The real discord.js 14 client against the emulator, driven by a tiny inline bot (not the product's):
 * login and READY, command registration, interactions and replies, Discord's errors as discord.js
 * surfaces them, rate limits and 5xx retried by discord.js, a gateway drop and resume, nonce
 * de-duplication, threads, mentions, a bad token and a restarted bot.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, DiscordAPIError, Events, GatewayIntentBits, MessageFlags, Routes, type TextChannel } from 'discord.js';
import { DEFAULT_BOT_PERMISSIONS, InteractionFailedError, Permission, startDiscordEmulator, type DiscordEmulator } from '../support/discord-emulator/index.js';

const COMMANDS = [
  {
    name: 'probe',
    description: 'Exercises the emulator',
    options: [
      { type: 1, name: 'embed', description: 'Reply with an embed', options: [{ type: 3, name: 'title', description: 'Embed title', required: true }] },
      { type: 1, name: 'secret', description: 'Reply only to the caller' },
      { type: 1, name: 'slow', description: 'Defer, then edit the reply' },
      { type: 1, name: 'chart', description: 'Defer, then edit the reply with a PNG' },
      { type: 1, name: 'menu', description: 'A message with a button and a select menu' },
      { type: 1, name: 'twice', description: 'Try to answer twice' },
      { type: 1, name: 'late', description: 'Answer after a delay', options: [{ type: 4, name: 'delay_ms', description: 'Delay', required: true }] },
      { type: 1, name: 'whois', description: 'Name a user', options: [{ type: 6, name: 'who', description: 'User', required: true }] },
      { type: 1, name: 'topic', description: 'Autocomplete', options: [{ type: 3, name: 'name', description: 'Topic', required: true, autocomplete: true }] },
    ],
  },
];

/** Errors the inline bot caught from discord.js, newest last. */
type Caught = { where: string; error: unknown };

/** A tiny bot: enough behaviour to exercise every emulator route the product uses. */
function startInlineBot(emu: DiscordEmulator, token = emu.token) {
  const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: emu.apiUrl } });
  const caught: Caught[] = [];
  const seen: Array<{ where: string; value: unknown }> = [];
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  client.on(Events.InteractionCreate, async (i) => {
    try {
      if (i.isAutocomplete()) {
        const typed = i.options.getFocused();
        const count = typed === 'flood' ? 30 : 3;
        await i.respond(Array.from({ length: count }, (_, k) => ({ name: `${typed} ${k}`, value: `${typed}-${k}` })));
        return;
      }
      if (i.isButton() && i.customId === 'note') {
        await i.deferUpdate();
        await i.followUp({ content: 'only the searcher can page', flags: MessageFlags.Ephemeral });
        return;
      }
      if (i.isButton()) {
        await i.update({ content: `clicked ${i.customId} by ${i.user.username}` });
        return;
      }
      if (i.isStringSelectMenu()) {
        await i.reply({ content: `picked ${i.values.join(',')}`, flags: MessageFlags.Ephemeral });
        return;
      }
      if (!i.isChatInputCommand()) return;
      switch (i.options.getSubcommand()) {
        case 'embed':
          try {
            // A raw object on purpose: EmbedBuilder would refuse a long title before Discord sees it.
            await i.reply({ embeds: [{ title: i.options.getString('title', true) }], allowedMentions: { parse: [] } });
          } catch (error) {
            caught.push({ where: 'embed', error });
            await i.reply({ content: 'That card was too big to show.', flags: MessageFlags.Ephemeral });
          }
          return;
        case 'secret':
          await i.reply({ content: 'only you', flags: MessageFlags.Ephemeral });
          return;
        case 'slow':
          await i.deferReply();
          await sleep(20);
          await i.editReply({ content: 'done after deferring' });
          return;
        case 'chart':
          await i.deferReply();
          await i.editReply({ content: 'stats', files: [{ attachment: Buffer.from([0x89, 0x50, 0x4e, 0x47]), name: 'stats.png' }] });
          return;
        case 'menu':
          await i.reply({
            content: 'menu',
            components: [
              {
                type: 1,
                components: [
                  { type: 2, style: 1, label: 'Next', custom_id: 'next' },
                  { type: 2, style: 2, label: 'Note', custom_id: 'note' },
                ],
              },
              {
                type: 1,
                components: [
                  {
                    type: 3,
                    custom_id: 'pick',
                    options: [
                      { label: 'A', value: 'a' },
                      { label: 'B', value: 'b' },
                    ],
                  },
                ],
              },
            ],
          });
          return;
        case 'twice':
          await i.reply({ content: 'first' });
          try {
            await client.rest.post(Routes.interactionCallback(i.id, i.token), { body: { type: 4, data: { content: 'second' } }, auth: false });
          } catch (error) {
            caught.push({ where: 'twice', error });
          }
          return;
        case 'late':
          await sleep(i.options.getInteger('delay_ms', true));
          try {
            await i.reply({ content: 'too late' });
          } catch (error) {
            caught.push({ where: 'late', error });
          }
          return;
        case 'whois': {
          const response = await i.reply({ content: `that is ${i.options.getUser('who', true).username}`, allowedMentions: { parse: [] }, withResponse: true });
          seen.push({ where: 'whois', value: response.resource?.message?.id });
          return;
        }
      }
    } catch (error) {
      caught.push({ where: 'handler', error });
    }
  });
  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  return { client, caught, seen, login: async () => (await client.login(token), await ready) };
}

let emu: DiscordEmulator;
let bot: ReturnType<typeof startInlineBot>;

beforeAll(async () => {
  emu = await startDiscordEmulator({ heartbeatIntervalMs: 1000 });
  bot = startInlineBot(emu);
  await bot.login();
  await bot.client.application!.commands.set(COMMANDS);
});

afterAll(async () => {
  await bot?.client.destroy();
  await emu?.close();
});

const lastCaught = (where: string) => bot.caught.filter((c) => c.where === where).at(-1)?.error;

describe('login and commands', () => {
  it('logs in, becomes ready and sees the lab guild with its channels', () => {
    const guild = bot.client.guilds.cache.get(emu.guildId);
    expect(guild?.name).toBe('Lab');
    expect(guild?.channels.cache.get(emu.channelId)?.name).toBe('papers');
    expect(guild?.channels.cache.get(emu.adminChannelId)?.name).toBe('lab-admin');
    expect(bot.client.user?.id).toBe(emu.botUser.id);
    expect(bot.client.application?.id).toBe(emu.applicationId);
  });

  it('stores commands registered with one bulk PUT, keeping ids on re-registration', async () => {
    const put = emu.requests.filter((r) => r.method === 'PUT' && r.path === `/applications/${emu.applicationId}/commands`);
    expect(put).toHaveLength(1);
    const before = emu.commands();
    expect(before.map((c) => c.name)).toEqual(['probe']);
    await bot.client.application!.commands.set(COMMANDS, emu.guildId);
    expect(emu.commands(emu.guildId).map((c) => c.name)).toEqual(['probe']);
    await bot.client.application!.commands.set(COMMANDS);
    expect(emu.commands()[0]!.id).toBe(before[0]!.id);
    await bot.client.application!.commands.set([], emu.guildId);
  });

  it('rejects an invalid command definition with 50035, which discord.js raises as DiscordAPIError', async () => {
    const error = await bot.client.application!.commands.set([{ name: 'Bad Name', description: 'x' }]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DiscordAPIError);
    expect((error as DiscordAPIError).code).toBe(50035);
    expect(emu.commands().map((c) => c.name)).toEqual(['probe']);
  });
});

describe('interactions', () => {
  it('delivers a slash command to interactionCreate and returns the embed reply the user sees', async () => {
    const reply = await emu.runCommand('probe', 'embed', { title: 'Attention is all you need' });
    expect(reply.kind).toBe('message');
    expect(reply.callbackType).toBe(4);
    expect(reply.ephemeral).toBe(false);
    expect(reply.latencyMs).toBeGreaterThan(0);
    expect(reply.message?.embeds[0]?.title).toBe('Attention is all you need');
    expect(reply.message?.interaction_metadata?.user.id).toBe(emu.user.id);
    expect(emu.channelMessages().map((m) => m.id)).toContain(reply.message!.id);
    const callback = emu.requests.find((r) => r.path.startsWith(`/interactions/${reply.interactionId}/`));
    expect(callback?.path).toContain(emu.interactions.at(-1)!.token);
  });

  it('resolves user options, keeps ephemeral replies out of the channel and completes deferred replies', async () => {
    const whois = await emu.runCommand('probe', 'whois', { who: emu.otherUser });
    expect(whois.message?.content).toBe(`that is ${emu.otherUser.username}`);
    // with_response=true returns the message the user sees.
    await expect.poll(() => bot.seen.find((s) => s.where === 'whois')?.value).toBe(whois.message!.id);

    const secret = await emu.runCommand('probe', 'secret');
    expect(secret.ephemeral).toBe(true);
    expect(emu.channelMessages().map((m) => m.id)).not.toContain(secret.message!.id);
    expect(emu.channelMessages(emu.channelId, { includeEphemeral: true }).map((m) => m.id)).toContain(secret.message!.id);

    const slow = await emu.runCommand('probe', 'slow');
    expect(slow).toMatchObject({ kind: 'message', deferred: true, callbackType: 5 });
    expect(slow.message?.content).toBe('done after deferring');
    expect(slow.message?.flags ?? 0).toBe(0);

    // A deferred reply completed with an upload (multipart PATCH @original) shows the file.
    const chart = await emu.runCommand('probe', 'chart');
    expect(chart).toMatchObject({ kind: 'message', deferred: true });
    expect(chart.message?.attachments.map((a) => [a.filename, a.size])).toEqual([['stats.png', 4]]);
  });

  it('clicks a button (message updated in place) and picks from a select menu', async () => {
    const menu = await emu.runCommand('probe', 'menu');
    const clicked = await emu.clickButton(menu.message!, 'next', { user: emu.otherUser });
    expect(clicked.kind).toBe('update');
    expect(clicked.message?.id).toBe(menu.message!.id);
    expect(clicked.message?.content).toBe(`clicked next by ${emu.otherUser.username}`);
    expect(emu.channelMessages().find((m) => m.id === menu.message!.id)?.content).toBe(clicked.message?.content);

    const picked = await emu.selectOption(menu.message!, 'pick', ['b']);
    expect(picked).toMatchObject({ kind: 'message', ephemeral: true });
    expect(picked.message?.content).toBe('picked b');
    const note = await emu.clickButton(menu.message!, 'note', { user: emu.otherUser });
    expect(note).toMatchObject({ kind: 'followup', callbackType: 6, ephemeral: true });
    expect(note.message?.content).toBe('only the searcher can page');
    await expect(emu.clickButton(menu.message!, 'missing')).rejects.toThrow(/no button "missing"/);
  });

  it('returns autocomplete choices, and rejects more than 25 with 50035', async () => {
    const reply = await emu.autocomplete('probe', 'topic', { name: 'trans' }, 'name');
    expect(reply.kind).toBe('autocomplete');
    expect(reply.choices?.map((c) => c.value)).toEqual(['trans-0', 'trans-1', 'trans-2']);

    const flood = emu.autocomplete('probe', 'topic', { name: 'flood' }, 'name', { interactionTimeoutMs: 300 });
    await expect(flood).rejects.toBeInstanceOf(InteractionFailedError);
    const failed = emu.requests.filter((r) => r.route === 'interaction-callback').at(-1)!;
    expect(failed.status).toBe(400);
    expect(failed.response).toMatchObject({ code: 50035, errors: { data: { choices: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH' }] } } } });
  });

  it('shows an interaction reply with its embed where the bot may neither post nor embed, and tells the bot so', async () => {
    // Interaction responses are not channel posts: Discord does not check Send Messages or Embed Links on them.
    emu.denyBotPermissions(emu.adminChannelId, Permission.SendMessages | Permission.EmbedLinks);
    try {
      const reply = await emu.runCommand('probe', 'embed', { title: 'in a read-only channel' }, { channelId: emu.adminChannelId });
      expect(reply.message?.embeds[0]?.title).toBe('in a read-only channel');
      const appPermissions = BigInt(emu.interactions.at(-1)!.payload.app_permissions as string);
      expect(appPermissions & Permission.SendMessages).toBe(0n);
      expect(appPermissions & Permission.ViewChannel).toBe(Permission.ViewChannel);
    } finally {
      emu.denyBotPermissions(emu.adminChannelId, 0n);
    }
  });

  it('rejects an over-long embed with 400/50035, surfaced by discord.js as a DiscordAPIError naming the field', async () => {
    const reply = await emu.runCommand('probe', 'embed', { title: 'x'.repeat(257) });
    expect(reply.message?.content).toBe('That card was too big to show.');
    const error = lastCaught('embed');
    expect(error).toBeInstanceOf(DiscordAPIError);
    expect((error as DiscordAPIError).status).toBe(400);
    expect((error as DiscordAPIError).code).toBe(50035);
    expect((error as DiscordAPIError).message).toContain('data.embeds[0].title[BASE_TYPE_MAX_LENGTH]');
  });

  it('refuses a second callback (40060) and a callback after the window (10062)', async () => {
    const first = await emu.runCommand('probe', 'twice');
    expect(first.message?.content).toBe('first');
    await expect.poll(() => (lastCaught('twice') as DiscordAPIError | undefined)?.code).toBe(40060);

    const late = emu.runCommand('probe', 'late', { delay_ms: 250 }, { interactionTimeoutMs: 100 });
    await expect(late).rejects.toThrow(/This interaction failed/);
    await expect.poll(() => (lastCaught('late') as DiscordAPIError | undefined)?.code).toBe(10062);
  });
});

describe('faults discord.js must ride out', () => {
  it('waits out a 429 with retry_after on the callback, then succeeds', async () => {
    const limit = emu.rateLimitNext({ method: 'POST', path: /\/callback$/, retryAfter: 0.3 });
    const reply = await emu.runCommand('probe', 'embed', { title: 'after a rate limit' });
    expect(limit.hits).toBe(1);
    const attempts = emu.interactions.at(-1)!.requests;
    expect(attempts.map((r) => r.status)).toEqual([429, 204]);
    expect(attempts[1]!.receivedAt - attempts[0]!.answeredAt).toBeGreaterThanOrEqual(250);
    expect(reply.message?.embeds[0]?.title).toBe('after a rate limit');
  });

  it('waits out a global 429 on a channel message, then posts it once', async () => {
    emu.rateLimitNext({ method: 'POST', path: `/channels/${emu.channelId}/messages`, retryAfter: 0.2, global: true });
    const channel = (await bot.client.channels.fetch(emu.channelId)) as TextChannel;
    const sent = await channel.send({ content: 'after a global limit', allowedMentions: { parse: [] } });
    expect(
      emu
        .channelMessages()
        .filter((m) => m.content === 'after a global limit')
        .map((m) => m.id),
    ).toEqual([sent.id]);
  });

  it('retries a 500 on the interaction callback', async () => {
    emu.failNext({ method: 'POST', path: /\/callback$/, status: 500 });
    const reply = await emu.runCommand('probe', 'embed', { title: 'after a 500' });
    expect(emu.interactions.at(-1)!.requests.map((r) => r.status)).toEqual([500, 204]);
    expect(reply.message?.embeds[0]?.title).toBe('after a 500');
  });

  it('answers 404/10003 for an unknown channel and 403/50001 for a forbidden one', async () => {
    const hidden = emu.addChannel({ name: 'staff-only', forbidden: true });
    const post = (id: string) => bot.client.rest.post(Routes.channelMessages(id), { body: { content: 'hi' } }).catch((e: unknown) => e as DiscordAPIError);
    const unknown = await post('1234567890123456789');
    expect(unknown).toMatchObject({ status: 404, code: 10003 });
    const forbidden = await post(hidden.id);
    expect(forbidden).toMatchObject({ status: 403, code: 50001 });
  });

  it('survives a gateway drop: the client resumes and gets the interaction sent meanwhile', async () => {
    const resumes = emu.gateway.resumeCount;
    emu.disconnectGateway();
    const reply = await emu.runCommand('probe', 'embed', { title: 'sent while disconnected' });
    expect(reply.message?.embeds[0]?.title).toBe('sent while disconnected');
    expect(emu.gateway.resumeCount).toBe(resumes + 1);
    const again = await emu.runCommand('probe', 'embed', { title: 'after the resume' });
    expect(again.message?.embeds[0]?.title).toBe('after the resume');
  });
});

describe('channel messages', () => {
  it('de-duplicates a nonce with enforce_nonce: the same message comes back and nothing new is posted', async () => {
    const channel = (await bot.client.channels.fetch(emu.channelId)) as TextChannel;
    const first = await channel.send({ content: 'new paper: 2502.05075', nonce: 'announce-2502.05075', enforceNonce: true });
    const retry = await channel.send({ content: 'new paper: 2502.05075', nonce: 'announce-2502.05075', enforceNonce: true });
    expect(retry.id).toBe(first.id);
    const other = await channel.send({ content: 'new paper: 2502.05075', nonce: 'announce-other', enforceNonce: true });
    expect(other.id).not.toBe(first.id);
    expect(emu.channelMessages().filter((m) => m.content === 'new paper: 2502.05075')).toHaveLength(2);
  });

  it('opens a thread on a message and tells the client about it', async () => {
    const channel = (await bot.client.channels.fetch(emu.channelId)) as TextChannel;
    const pick = await channel.send({ content: 'Reading group pick' });
    const thread = await pick.startThread({ name: 'Discussion: a paper' });
    expect(thread.id).toBe(pick.id);
    await expect.poll(() => bot.client.channels.cache.has(thread.id)).toBe(true);
    const again = await pick.startThread({ name: 'twice' }).catch((e: unknown) => e);
    expect(again).toMatchObject({ code: 160004 });
  });

  it('accepts multipart uploads and shows the file as an attachment', async () => {
    const channel = (await bot.client.channels.fetch(emu.channelId)) as TextChannel;
    const sent = await channel.send({ content: 'citation', files: [{ attachment: Buffer.from('@article{x}'), name: 'cite.bib' }] });
    expect(sent.attachments.first()?.name).toBe('cite.bib');
    expect(emu.requests.at(-1)?.files).toEqual([expect.objectContaining({ name: 'cite.bib', size: 11 })]);
  });

  it('records whom a message pinged under its allowed_mentions (@everyone only with Mention Everyone)', async () => {
    const channel = (await bot.client.channels.fetch(emu.channelId)) as TextChannel;
    const text = `@everyone look <@${emu.user.id}>`;
    const quiet = await channel.send({ content: text, allowedMentions: { parse: [] } });
    expect(emu.storedMessage(quiet.id)?.pinged).toEqual({ users: [], roles: [], everyone: false });
    const loud = await channel.send({ content: text });
    expect(emu.storedMessage(loud.id)?.pinged).toEqual({ users: [emu.user.id], roles: [], everyone: false });
    emu.setBotPermissions(emu.botPermissionsIn(emu.channelId) | Permission.MentionEveryone);
    try {
      const louder = await channel.send({ content: text });
      expect(emu.storedMessage(louder.id)?.pinged).toEqual({ users: [emu.user.id], roles: [], everyone: true });
    } finally {
      emu.setBotPermissions(DEFAULT_BOT_PERMISSIONS);
    }
  });
});

describe('bot lifecycle', () => {
  it('refuses a wrong token: login fails and nothing else is attempted', async () => {
    const impostor = startInlineBot(emu, 'MTIzNDU2Nzg5MDEyMzQ1Njc4OQ.AAAAAA.' + 'x'.repeat(38));
    const error = await impostor.client.login('MTIzNDU2Nzg5MDEyMzQ1Njc4OQ.AAAAAA.' + 'x'.repeat(38)).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'TokenInvalid' });
    expect(emu.requests.at(-1)).toMatchObject({ path: '/gateway/bot', status: 401 });
    await impostor.client.destroy();
  });

  it('hands interactions to a restarted bot, and buttons on old messages still reach it', async () => {
    const menu = await emu.runCommand('probe', 'menu');
    await bot.client.destroy();
    bot = startInlineBot(emu);
    const identified = emu.waitForReady(5000, { next: true });
    await bot.login();
    expect(await identified).toMatchObject({ resumed: false });
    const clicked = await emu.clickButton(menu.message!, 'next');
    expect(clicked.message?.content).toBe(`clicked next by ${emu.user.username}`);
  });
});
