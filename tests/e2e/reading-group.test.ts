/**
 * The reading group end to end: the real bot and discord.js against the emulator's polls and scheduled
 * events. A poll chosen by votes becomes the pick exactly once (on time, early, and when it ended while the
 * bot was down), a tie is settled by its starter's button and not by a forged click, sessions are created
 * as events (a bad date and a missing permission answered clearly, a cancellation noticed), a reminder goes
 * out once across restarts and late rather than never, and the message command finds papers like a message.
 * The bot's clock is the test's, so hours pass without waiting.
 */
import type { APIMessage } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_BOT_PERMISSIONS, MEMBER_PERMISSIONS, Permission, type EmulatedUser } from '../support/discord-emulator/index.js';
import { paperSchema, type Paper } from '../../src/corpus/schema.js';
import { customIds, startHarness, type Harness } from './harness.js';

let h: Harness;
let offsetMs = 0;
const clock = () => new Date(Date.now() + offsetMs);
let carol: EmulatedUser;

beforeAll(async () => {
  // The periodic check is left to the test (checkNow), so nothing happens between two assertions by itself.
  h = await startHarness({ app: { now: clock, readingGroup: { tickMs: 3_600_000, random: () => 0 } } });
  carol = h.emu.addUser({ username: 'carol' });
});
afterAll(async () => h?.close());

type PollMessage = Omit<APIMessage, 'poll'> & { poll: { answers: { answer_id: number; poll_media: { text: string } }[]; expiry: string } };

const pollMessages = () => h.emu.channelMessages().filter((m) => m.poll !== undefined) as unknown as PollMessage[];
const winnerPosts = () => h.emu.channelMessages().filter((m) => m.content.startsWith('📚 **Reading group pick**'));
const picks = () => h.app.picks.list(h.emu.guildId);

/** Runs `/paper poll` and returns the new poll message and the ids of its candidates. */
async function startPoll(options: Record<string, number | string> = {}): Promise<{ poll: PollMessage; candidates: string[] }> {
  const before = pollMessages().length;
  const reply = await h.emu.runCommand('paper', 'poll', options);
  expect(reply.ephemeral).toBe(true);
  expect(reply.message!.content).toContain('Poll started');
  const poll = pollMessages()[before]!;
  const stored = h.app.readingGroup.api.store.poll(poll.id)!;
  return { poll, candidates: stored.candidates.map((c) => c.arxivId) };
}

async function endRunningPoll(): Promise<void> {
  const running = h.app.readingGroup.api.store.latestUnsettled(h.emu.guildId);
  if (!running) return;
  h.app.readingGroup.api.store.markVoid(running.messageId, new Date().toISOString());
}

describe('a poll', () => {
  it('shows the candidates’ cards, then a native poll within Discord’s limits', async () => {
    // Votes reach the bot: it identified with the non-privileged GuildMessagePolls intent beside Guilds, and nothing privileged.
    const intents = [...h.emu.gateway.sessions.values()].at(-1)!.intents;
    expect(intents).toBe((1 << 0) | (1 << 24));
    const { poll, candidates } = await startPoll({ count: 10, hours: 768 });
    const messages = h.emu.channelMessages();
    const cards = messages[messages.indexOf(messages.find((m) => m.id === poll.id)!) - 1]!;
    expect(cards.content).toContain('Reading group poll');
    expect(cards.embeds.map((e) => e.url!.split('/abs/')[1])).toEqual(candidates);
    const texts = poll.poll.answers.map((a) => a.poll_media.text);
    expect(texts).toHaveLength(10);
    expect(new Set(texts.map((t) => t.toLowerCase())).size).toBe(10);
    for (const t of texts) expect([...t].length).toBeLessThanOrEqual(55);
    // Long titles are cut at a word boundary, with an ellipsis.
    for (const t of texts.filter((x) => x.endsWith('…'))) expect(t.slice(0, -1)).not.toMatch(/\s$/);
    await endRunningPoll();
  });

  it('chosen by votes becomes the pick exactly once, with its vote count, a thread, and no second draw', async () => {
    const { poll, candidates } = await startPoll({ count: 3 });
    h.emu.votePoll(poll.id, h.emu.user, [2]);
    h.emu.votePoll(poll.id, h.emu.otherUser, [2]);
    h.emu.votePoll(poll.id, carol, [1]);
    // Discord ends it when its 48 hours are up; the bot's clock is moved past that.
    h.emu.finishPoll(poll.id);
    offsetMs += 49 * 3_600_000;
    await h.app.readingGroup.checkNow();
    await h.app.readingGroup.checkNow();
    const winners = winnerPosts();
    expect(winners).toHaveLength(1);
    expect(winners[0]!.content).toContain('chosen by poll with 2 votes');
    expect(winners[0]!.embeds[0]!.url).toContain(candidates[1]);
    expect(h.emu.storedMessage(winners[0]!.id)!.message.thread).toBeDefined();
    const recorded = picks().filter((p) => p.arxivId === candidates[1]);
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({ how: 'poll', votes: 2, pollMessageId: poll.id });

    const history = await h.emu.runCommand('paper', 'history');
    expect(history.message!.embeds[0]!.description).toContain('by poll (2 votes)');
    // The winner is never a candidate again.
    const again = await startPoll({ count: 10 });
    expect(again.candidates).not.toContain(candidates[1]);
    await endRunningPoll();
  });

  it('that ended while the bot was down is picked at the next start, once', async () => {
    const { poll, candidates } = await startPoll({ count: 2 });
    h.emu.votePoll(poll.id, h.emu.user, [1]);
    await h.running.stop();
    h.emu.finishPoll(poll.id);
    await h.restartBot();
    const posts = winnerPosts().filter((m) => m.embeds[0]!.url!.endsWith(candidates[0]!));
    expect(posts).toHaveLength(1);
    expect(posts[0]!.content).toContain('1 vote');
    await h.restartBot();
    expect(winnerPosts().filter((m) => m.embeds[0]!.url!.endsWith(candidates[0]!))).toHaveLength(1);
    expect(picks().filter((p) => p.arxivId === candidates[0])).toHaveLength(1);
  });

  it('ended early in a tie is settled by its starter’s button, not by anyone else’s or a forged click', async () => {
    const { poll, candidates } = await startPoll({ count: 3 });
    h.emu.votePoll(poll.id, h.emu.user, [1]);
    h.emu.votePoll(poll.id, h.emu.otherUser, [3]);
    const byBob = await h.emu.runCommand('paper', 'poll-end', {}, { user: h.emu.otherUser });
    expect(byBob.message!.content).toMatch(/^Only the member who started the poll/);
    const ended = await h.emu.runCommand('paper', 'poll-end');
    expect(ended.message!.content).toContain('tie between 2 papers');
    const tie = h.emu.channelMessages().at(-1)!;
    expect(tie.content).toContain('ended in a tie (1 vote each)');
    const ids = customIds(tie);
    expect(ids).toHaveLength(3);

    // bob may not settle it: checked when the button runs, whatever the message shows.
    const forged = await h.emu.clickButton(tie, ids[1]!, { user: h.emu.otherUser });
    expect(forged.message!.content).toMatch(/^Only the member who started the poll/);
    // A click naming a button the message does not carry (a hand-built payload).
    const payload = h.emu.build.button(tie, ids[0]!);
    (payload.data as { custom_id: string }).custom_id = ids[0]!.replace(/:\d$/, ':1');
    const record = await h.emu.dispatchInteraction(payload);
    expect((await record.reply).message!.content).toBe('This button does not belong to this message.');
    expect(picks().some((p) => p.pollMessageId === poll.id)).toBe(false);

    const settled = await h.emu.clickButton(tie, ids[1]!);
    expect(settled.message!.content).toContain('📚 The reading group picked');
    const pick = picks().find((p) => p.pollMessageId === poll.id)!;
    expect(pick).toMatchObject({ arxivId: candidates[2], how: 'poll', votes: 1, tieBreak: 'starter' });
    const twice = await h.emu.clickButton(tie, ids[0]!);
    expect(twice.message!.content).toContain('already settled');
    expect(picks().filter((p) => p.pollMessageId === poll.id)).toHaveLength(1);
  });

  it('without a vote goes to the starter, who may have it drawn at random, and the post says so', async () => {
    const { poll } = await startPoll({ count: 3 });
    const ended = await h.emu.runCommand('paper', 'poll-end');
    expect(ended.message!.content).toContain('tie between 3 papers');
    const tie = h.emu.channelMessages().at(-1)!;
    expect(tie.content).toContain('The poll ended without a vote');
    const random = customIds(tie).find((id) => id.endsWith(':r'))!;
    const drawn = await h.emu.clickButton(tie, random);
    expect(drawn.message!.content).toMatch(/^🎲 Drawn at random among the tied papers\./);
    expect(winnerPosts().at(-1)!.content).toContain('a tie drawn at random');
    expect(picks().find((p) => p.pollMessageId === poll.id)).toMatchObject({ tieBreak: 'random', votes: 0 });
  });

  it('whose winner cannot be posted records nothing, and is picked once the bot may post again', async () => {
    const { poll, candidates } = await startPoll({ count: 2 });
    h.emu.votePoll(poll.id, h.emu.user, [2]);
    h.emu.setChannelAccess(h.emu.channelId, 'missing-permissions');
    try {
      const ended = await h.emu.runCommand('paper', 'poll-end');
      expect(ended.message!.content).toContain('could not post its winner');
      expect(picks().some((p) => p.pollMessageId === poll.id)).toBe(false);
    } finally {
      h.emu.setChannelAccess(h.emu.channelId, 'ok');
    }
    await h.app.readingGroup.checkNow();
    expect(picks().filter((p) => p.pollMessageId === poll.id)).toMatchObject([{ arxivId: candidates[1], votes: 1 }]);
  });

  it('says which permission is missing when the bot may not post polls', async () => {
    h.emu.setBotPermissions(DEFAULT_BOT_PERMISSIONS & ~Permission.SendPolls);
    const posts = h.emu.channelMessages().length;
    try {
      const reply = await h.emu.runCommand('paper', 'poll', { count: 2 });
      expect(reply.message!.content).toContain('the bot lacks **Send Polls**');
      expect(h.app.readingGroup.api.store.latestUnsettled(h.emu.guildId)).toBeUndefined();
      // Nothing is posted: no cards without their poll.
      expect(h.emu.channelMessages()).toHaveLength(posts);
    } finally {
      h.emu.setBotPermissions(DEFAULT_BOT_PERMISSIONS);
    }
  });
});

describe('a poll with scope:reading-list', () => {
  /** A paper from the digest, not the lab's: only the reading list knows it. */
  const saved = (n: number): Paper =>
    paperSchema.parse({
      arxivId: `2612.${30000 + n}`,
      title: `Saved field paper number ${n} on ocelot estimation`,
      authors: ['Field Author'],
      published: '2026-12-01',
      abstract: 'A paper members saved from the digest.',
      source: 'arxiv',
    });

  it('draws only saved papers, and the winner, unknown to the lab index, becomes the pick with its card', async () => {
    await endRunningPoll();
    const [a, b] = [saved(1), saved(2)];
    for (const p of [a, b]) h.app.readingList.save(h.emu.guildId, p, carol.id, clock().toISOString());
    expect(h.app.engine.get(a.arxivId)).toBeUndefined();

    const { poll, candidates } = await startPoll({ count: 2, scope: 'reading-list' });
    expect([...candidates].sort()).toEqual([a.arxivId, b.arxivId]);
    const winnerIndex = candidates.indexOf(b.arxivId);
    h.emu.votePoll(poll.id, h.emu.user, [poll.poll.answers[winnerIndex]!.answer_id]);
    h.emu.finishPoll(poll.id);
    offsetMs += 49 * 3_600_000;
    await h.app.readingGroup.checkNow();

    const winner = winnerPosts().at(-1)!;
    expect(winner.embeds[0]!.url).toContain(b.arxivId);
    expect(winner.embeds[0]!.title).toContain('Saved field paper number 2');
    expect(picks().filter((p) => p.arxivId === b.arxivId)).toMatchObject([{ how: 'poll', votes: 1 }]);
  });
});

describe('sessions', () => {
  const paper = '2502.05075';

  it('answer a date that cannot be read, or lies in the past, privately with an example', async () => {
    const bad = await h.emu.runCommand('paper', 'schedule', { paper, when: 'next thursday-ish', where: 'Room 101' });
    expect(bad.ephemeral).toBe(true);
    expect(bad.message!.content).toContain('could not read');
    expect(bad.message!.content).toContain('2026-12-10 15:30');
    const feb30 = await h.emu.runCommand('paper', 'schedule', { paper, when: '2027-02-30 15:00', where: 'Room 101' });
    expect(feb30.message!.content).toContain('is not a date on the calendar');
    const past = await h.emu.runCommand('paper', 'schedule', { paper, when: '2020-01-09 15:00', where: 'Room 101' });
    expect(past.message!.content).toContain('is in the past');
    expect(h.emu.scheduledEvents()).toHaveLength(0);
  });

  it('say exactly which permission to grant when the bot lacks Create Events', async () => {
    h.emu.setBotPermissions((DEFAULT_BOT_PERMISSIONS & ~Permission.CreateEvents) | Permission.ManageEvents);
    try {
      const reply = await h.emu.runCommand('paper', 'schedule', { paper, when: isoLocal(3 * 86_400_000), where: 'Room 101' });
      expect(reply.message!.content).toContain('requires the **Create Events** permission');
      expect(reply.message!.content).toContain('Nothing was scheduled');
      expect(h.emu.scheduledEvents()).toHaveLength(0);
    } finally {
      h.emu.setBotPermissions(DEFAULT_BOT_PERMISSIONS);
    }
  });

  it('in a voice channel become a voice event; a text channel is refused before Discord is asked', async () => {
    const voice = h.emu.addChannel({ name: 'Reading room', type: 2 });
    const reply = await h.emu.runCommand('paper', 'schedule', { paper, when: isoLocal(4 * 86_400_000), channel: voice, minutes: 90 });
    expect(reply.message!.content).toContain(`at <#${voice.id}>`);
    const event = h.emu.scheduledEvents().at(-1)!;
    expect(event).toMatchObject({ entity_type: 2, channel_id: voice.id, entity_metadata: null, recurrence_rule: null });
    expect(Date.parse(String(event.scheduled_end_time)) - Date.parse(String(event.scheduled_start_time))).toBe(90 * 60_000);
    h.emu.cancelScheduledEvent(String(event.id));
    await h.emu.runCommand('paper', 'sessions');
  });

  it('become a weekly external event with a 1 h default, listed by /paper sessions until cancelled in Discord', async () => {
    // A paper no earlier poll picked, so the history line is the schedule's own (a pick made earlier keeps its
    // "by poll" and only gains the presenter).
    const paper = h.app.engine.recent(100).find((p) => !picks().some((k) => k.arxivId === p.arxivId))!.arxivId;
    const reply = await h.emu.runCommand('paper', 'schedule', {
      paper,
      when: isoLocal(5 * 86_400_000),
      where: 'CDS 7th floor',
      repeat: 'weekly',
      presenter: carol,
    });
    expect(reply.message!.content).toContain('📅 Scheduled');
    const event = h.emu.scheduledEvents().at(-1);
    expect(event).toMatchObject({ entity_type: 3, entity_metadata: { location: 'CDS 7th floor' }, recurrence_rule: { frequency: 2, interval: 1 } });
    expect(Date.parse(String(event!.scheduled_end_time)) - Date.parse(String(event!.scheduled_start_time))).toBe(3_600_000);
    expect(String(event!.name)).toMatch(/^Reading group: /);
    expect(String(event!.description)).toContain(`https://arxiv.org/abs/${paper}`);
    const listed = await h.emu.runCommand('paper', 'sessions');
    expect(listed.message!.embeds[0]!.description).toContain(`presented by <@${carol.id}>`);
    expect(listed.message!.embeds[0]!.description).toContain('weekly');
    // The history shows how the paper was chosen and who presents it.
    const history = await h.emu.runCommand('paper', 'history');
    const line = history.message!.embeds[0]!.description!.split('\n').find((l) => l.includes(`/abs/${paper})`))!;
    expect(line).toMatch(/scheduled by <@\d+>/);
    expect(line).toContain(`presented by <@${carol.id}>`);

    h.emu.cancelScheduledEvent(String(event!.id));
    const after = await h.emu.runCommand('paper', 'sessions');
    expect(after.message!.embeds[0]!.description).toContain('was cancelled in Discord');
    const again = await h.emu.runCommand('paper', 'sessions');
    expect(again.message!.content).toContain('No reading-group session is scheduled');
  });

  it('get one reminder, across restarts, and late rather than never when the bot was down when it was due', async () => {
    const reminders = () => h.emu.channelMessages().filter((m) => m.content.startsWith('⏰ **Reading group**'));
    await h.emu.runCommand('paper', 'schedule', { paper: '2407.06120', when: isoLocal(30 * 3_600_000), where: 'Zoom', presenter: carol });
    await h.app.readingGroup.checkNow();
    // 30 h ahead and a 24 h lead: not due yet.
    expect(reminders()).toHaveLength(0);
    await h.running.stop();
    offsetMs += 10 * 3_600_000;
    await h.restartBot();
    expect(reminders()).toHaveLength(1);
    expect(reminders()[0]!.content).toContain(`presented by <@${carol.id}>`);
    expect(reminders()[0]!.content).toContain('https://discord.com/events/');
    expect(reminders()[0]!.embeds[0]!.url).toContain('2407.06120');
    await h.app.readingGroup.checkNow();
    await h.restartBot();
    expect(reminders()).toHaveLength(1);
  });
});

describe('organisers', () => {
  const manager = MEMBER_PERMISSIONS | Permission.ManageGuild;
  const roleId = () => h.emu.state.guilds.get(h.emu.guildId)!.roles.find((r) => r.name === 'Reading Group')!.id;

  it('once set, are the only ones to start polls and undo picks; the check runs at every command', async () => {
    const set = await h.emu.runCommand('paper-admin', 'reading-group', { role: roleId() }, { memberPermissions: manager });
    expect(set.message!.content).toContain(`<@&${roleId()}> now organises the reading group`);
    const refused = await h.emu.runCommand('paper', 'poll', { count: 2 }, { user: h.emu.otherUser });
    expect(refused.message!.content).toBe(`Only members with <@&${roleId()}>, members with Manage Server can start a reading-group poll.`);
    const started = await h.emu.runCommand('paper', 'poll', { count: 2 }, { user: h.emu.otherUser, memberRoles: [roleId()] });
    expect(started.message!.content).toContain('Poll started');
    // alice neither started it nor organises: she may not end it.
    const notHers = await h.emu.runCommand('paper', 'poll-end');
    expect(notHers.message!.content).toMatch(/^Only the member who started the poll/);
    await endRunningPoll();

    const picked = picks()[0]!;
    const undoRefused = await h.emu.runCommand('paper', 'unpick', { paper: picked.arxivId }, { user: h.emu.otherUser });
    expect(undoRefused.message!.content).toContain('can undo a reading-group pick');
    const undone = await h.emu.runCommand('paper', 'unpick', { paper: picked.arxivId }, { user: h.emu.otherUser, memberRoles: [roleId()] });
    expect(undone.message!.content).toContain('Took back the pick');
    expect(picks().some((p) => p.arxivId === picked.arxivId)).toBe(false);

    const cleared = await h.emu.runCommand('paper-admin', 'reading-group', { clear: true }, { memberPermissions: manager });
    expect(cleared.message!.content).toContain('No organiser role any more');
    const notAdmin = await h.emu.runCommand('paper-admin', 'reading-group', { role: roleId() });
    expect(notAdmin.message!.content).toContain('Manage Server');
  });
});

describe('Find lab papers like this', () => {
  const post = (content: string) => h.emu.state.createMessage(h.emu.channelId, { content }, { source: 'channel', author: h.emu.otherUser }).message;

  it('answers privately with the closest lab papers for a paragraph, and for a lab paper’s link', async () => {
    const paragraph = post('Weak-to-strong generalization: can a weak supervisor elicit the capabilities of a strong student model?');
    const reply = await h.emu.runMessageCommand('Find lab papers like this', paragraph);
    expect(reply.ephemeral).toBe(true);
    expect(reply.message!.embeds.length).toBeGreaterThan(0);
    expect(reply.message!.embeds[0]!.url).toMatch(/^https:\/\/arxiv\.org\/abs\//);
    const link = post('Have you seen https://arxiv.org/abs/2502.05075v2 ?');
    const linked = await h.emu.runMessageCommand('Find lab papers like this', link);
    expect(linked.message!.embeds[0]!.url).toBe('https://arxiv.org/abs/2502.05075');
    expect(linked.message!.embeds.length).toBeGreaterThan(1);
  });

  it('says so when the message has nothing to match', async () => {
    const reply = await h.emu.runMessageCommand('Find lab papers like this', post('lol 👍'));
    expect(reply.ephemeral).toBe(true);
    expect(reply.message!.content).toContain('too little text to match');
  });
});

/** A date and time `ms` from the bot's now, written in the reading group's zone as a user would type it. */
function isoLocal(ms: number): string {
  const at = new Date(clock().getTime() + ms);
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: h.config.readingGroup.timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(at);
  const v = (t: string) => parts.find((p) => p.type === t)!.value;
  return `${v('year')}-${v('month')}-${v('day')} ${v('hour')}:${v('minute')}`;
}
