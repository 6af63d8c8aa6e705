/**
 * The emulator's polls and scheduled events over plain HTTP, as the bot's REST client meets them: poll
 * limits rejected one past and accepted at the limit, Send Polls required, votes, results final at expiry
 * or after an early end, voters per answer; events created only with Create Events and by Discord's field
 * rules, listed until cancelled.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flattenErrors } from '../support/discord-emulator/errors.js';
import { DEFAULT_BOT_PERMISSIONS, Permission, startDiscordEmulator, type DiscordEmulator } from '../support/discord-emulator/index.js';

let emu: DiscordEmulator;
beforeAll(async () => void (emu = await startDiscordEmulator()));
afterAll(async () => emu?.close());

async function call(method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> & { errors?: never } }> {
  const res = await fetch(`${emu.apiUrl}/v10${path}`, {
    method,
    headers: { authorization: `Bot ${emu.token}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: res.status === 204 ? {} : ((await res.json()) as never) };
}

const x = (n: number) => 'x'.repeat(n);
const poll = (over: Record<string, unknown> = {}) => ({
  poll: { question: { text: 'Which?' }, answers: [{ poll_media: { text: 'A' } }, { poll_media: { text: 'B' } }], duration: 48, ...over },
});
const errorPaths = (body: unknown) => flattenErrors((body as { errors?: never }).errors).map((e) => e.path);

describe('polls', () => {
  it.each([
    ['question', { question: { text: x(300) } }, { question: { text: x(301) } }, 'poll.question.text'],
    ['answer text', { answers: [{ poll_media: { text: x(55) } }] }, { answers: [{ poll_media: { text: x(56) } }] }, 'poll.answers.0.poll_media.text'],
    [
      'answers',
      { answers: Array.from({ length: 10 }, () => ({ poll_media: { text: 'a' } })) },
      { answers: Array.from({ length: 11 }, () => ({ poll_media: { text: 'a' } })) },
      'poll.answers',
    ],
    ['duration', { duration: 768 }, { duration: 769 }, 'poll.duration'],
  ])('refuse a %s one past Discord’s limit and accept it at the limit', async (_name, atLimit, past, path) => {
    expect((await call('POST', `/channels/${emu.channelId}/messages`, poll(atLimit))).status).toBe(200);
    const refused = await call('POST', `/channels/${emu.channelId}/messages`, poll(past));
    expect(refused.status).toBe(400);
    expect(errorPaths(refused.body)).toContain(path);
  });

  it('need Send Polls', async () => {
    emu.setBotPermissions(DEFAULT_BOT_PERMISSIONS & ~Permission.SendPolls);
    try {
      const refused = await call('POST', `/channels/${emu.channelId}/messages`, poll());
      expect(refused).toMatchObject({ status: 403, body: { code: 50013 } });
    } finally {
      emu.setBotPermissions(DEFAULT_BOT_PERMISSIONS);
    }
  });

  it('count votes, become final at expiry or when ended early, and list the voters of an answer', async () => {
    const created = await call('POST', `/channels/${emu.channelId}/messages`, poll());
    const id = String(created.body.id);
    emu.votePoll(id, emu.user, [1]);
    emu.votePoll(id, emu.otherUser, [2]);
    emu.votePoll(id, emu.otherUser, [1]);
    const open = await call('GET', `/channels/${emu.channelId}/messages/${id}`);
    expect(open.body.poll).toMatchObject({ results: { is_finalized: false, answer_counts: [{ id: 1, count: 2 }] } });
    const voters = await call('GET', `/channels/${emu.channelId}/polls/${id}/answers/1`);
    expect((voters.body.users as { id: string }[]).map((u) => u.id).sort()).toEqual([emu.user.id, emu.otherUser.id].sort());
    const ended = await call('POST', `/channels/${emu.channelId}/polls/${id}/expire`);
    expect(ended.body.poll).toMatchObject({ results: { is_finalized: true, answer_counts: [{ id: 1, count: 2 }] } });
    expect(() => emu.votePoll(id, emu.user, [2])).toThrow(/has ended/);
    const plain = await call('POST', `/channels/${emu.channelId}/messages`, { content: 'hi' });
    expect(await call('POST', `/channels/${emu.channelId}/polls/${String(plain.body.id)}/expire`)).toMatchObject({ status: 400, body: { code: 520006 } });

    const other = await call('POST', `/channels/${emu.channelId}/messages`, poll());
    emu.finishPoll(String(other.body.id));
    expect((await call('GET', `/channels/${emu.channelId}/messages/${String(other.body.id)}`)).body.poll).toMatchObject({ results: { is_finalized: true } });
  });
});

describe('scheduled events', () => {
  const inDays = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString();
  const external = (over: Record<string, unknown> = {}) => ({
    name: 'Reading group',
    privacy_level: 2,
    entity_type: 3,
    entity_metadata: { location: 'Room 101' },
    scheduled_start_time: inDays(2),
    scheduled_end_time: inDays(2.1),
    ...over,
  });

  it('are created with Create Events only (Manage Events alone is refused), listed, and gone from the list once cancelled', async () => {
    emu.setBotPermissions((DEFAULT_BOT_PERMISSIONS & ~Permission.CreateEvents) | Permission.ManageEvents);
    try {
      expect(await call('POST', `/guilds/${emu.guildId}/scheduled-events`, external())).toMatchObject({ status: 403, body: { code: 50013 } });
    } finally {
      emu.setBotPermissions(DEFAULT_BOT_PERMISSIONS);
    }
    const created = await call(
      'POST',
      `/guilds/${emu.guildId}/scheduled-events`,
      external({ recurrence_rule: { start: '', frequency: 2, interval: 2, by_weekday: [3] } }),
    );
    expect(created.status).toBe(400);
    const start = inDays(3);
    const ok = await call(
      'POST',
      `/guilds/${emu.guildId}/scheduled-events`,
      external({ scheduled_start_time: start, scheduled_end_time: inDays(3.1), recurrence_rule: { start, frequency: 2, interval: 2, by_weekday: [3] } }),
    );
    expect(ok).toMatchObject({ status: 200, body: { status: 1, entity_type: 3, creator_id: emu.botUser.id, recurrence_rule: { interval: 2 } } });
    const listed = await call('GET', `/guilds/${emu.guildId}/scheduled-events`);
    expect((listed.body as unknown as { id: string }[]).map((e) => e.id)).toContain(ok.body.id);
    emu.cancelScheduledEvent(String(ok.body.id));
    const after = await call('GET', `/guilds/${emu.guildId}/scheduled-events`);
    expect((after.body as unknown as { id: string }[]).map((e) => e.id)).not.toContain(ok.body.id);
    expect((await call('GET', `/guilds/${emu.guildId}/scheduled-events/${String(ok.body.id)}`)).body).toMatchObject({ status: 4 });
  });

  it.each([
    ['an external event without a location', { entity_metadata: null }, 'entity_metadata.location'],
    ['an external event without an end', { scheduled_end_time: null }, 'scheduled_end_time'],
    ['a start in the past', { scheduled_start_time: new Date(Date.now() - 60_000).toISOString() }, 'scheduled_start_time'],
    ['a name over 100 characters', { name: x(101) }, 'name'],
    ['a voice event in a text channel', { entity_type: 2, entity_metadata: undefined, channel_id: 'CHANNEL' }, 'channel_id'],
  ])('refuse %s', async (_name, over, path) => {
    const refused = await call('POST', `/guilds/${emu.guildId}/scheduled-events`, external(JSON.parse(JSON.stringify(over).replace('CHANNEL', emu.channelId))));
    expect(refused.status).toBe(400);
    expect(errorPaths(refused.body)).toContain(path);
  });
});
