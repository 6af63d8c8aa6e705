/**
 * The reading group at work: polls posted and settled (on time, early, or after the bot was down), ties,
 * sessions created as guild scheduled events, and their reminders through the outbox. One periodic check
 * drives everything that happens without a user: a poll whose time is up, a reminder that is due.
 *
 * Exactly once: a poll's outcome and its pick are one transaction that only an open poll passes, and the
 * winner's post carries a nonce; a reminder is one outbox row per session occurrence (UNIQUE), posted with
 * a nonce and marked sent only after Discord accepted it.
 */
import { pickThreadName } from '../cards/cards.js';
import type { Logger } from '../logger.js';
import type { Paper } from '../corpus/schema.js';
import type { ReadingPick } from '../picks/types.js';
import type { SearchEngine } from '../search/types.js';
import type { Store } from '../store/store.js';
import { discordError, groupDiscord, type GroupDiscord, type GroupRest, type PolledMessage } from './discord-calls.js';
import { candidatesMessage, decidedHow, pollBody, reminderMessage, tieMessage, winnerMessage } from './messages.js';
import { pollAnswerTexts } from './poll-answers.js';
import { sessionDescription, sessionName } from './session-text.js';
import { GroupStore, REMINDER_KIND, type GroupPoll, type GroupSession } from './store.js';
import type { ReadingGroupApi, ScheduleInput, ScheduleOutcome, SettleOutcome, StartPollOutcome, UpcomingSession } from './types.js';
import { discordWeekday, nextOccurrence } from './when.js';

/** What the reading group needs from the app. */
export interface ReadingGroupDeps {
  store: Store;
  engine: SearchEngine;
  timeZone: string;
  reminderLeadMs: number;
  now?: () => Date;
  /** How often the periodic check runs (default a minute). */
  tickMs?: number;
  /** Source of randomness for a tie drawn at random. */
  random?: () => number;
  /**
   * Finds a paper a poll or session names beyond the lab's index: a poll drawn with `scope` may hold papers of
   * the server's reading list or of the digest (default: the lab's index only).
   */
  findPaper?: (guildId: string, arxivId: string) => Paper | undefined;
}

/** Discord's permission names, as the server settings show them. */
const SEND_POLLS = 'Send Polls';
const CREATE_EVENTS = 'Create Events';

const isMissingPermission = (err: unknown) => {
  const e = discordError(err);
  return e.code === 50013 || e.code === 50001 || e.status === 403;
};

/** The reading group: the handlers' {@link ReadingGroupApi} plus start/stop for the bot service. */
export class ReadingGroup implements ReadingGroupApi {
  readonly store: GroupStore;
  readonly timeZone: string;
  readonly reminderLeadMs: number;
  private discord: GroupDiscord | undefined;
  private logger: Logger | undefined;
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | undefined;
  /** Polls being settled right now: the timer and `/paper poll-end` must not post a winner twice. */
  private readonly settling = new Map<string, Promise<SettleOutcome>>();
  private readonly now: () => Date;

  constructor(private readonly deps: ReadingGroupDeps) {
    this.store = new GroupStore(deps.store);
    this.timeZone = deps.timeZone;
    this.reminderLeadMs = deps.reminderLeadMs;
    this.now = deps.now ?? (() => new Date());
  }

  connected(): boolean {
    return this.discord !== undefined;
  }

  /**
   * Starts the periodic check with the bot's REST client, after a first pass that reads every open poll's
   * results (a poll that ended while the bot was down is settled now) and sends reminders that are due.
   */
  async start(rest: GroupRest, logger: Logger): Promise<void> {
    this.discord = groupDiscord(rest);
    this.logger = logger;
    await this.runTick(true);
    this.timer = setInterval(() => void this.runTick(false), this.deps.tickMs ?? 60_000);
    this.timer.unref();
  }

  /** Stops the periodic check and waits for a pass in progress. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.ticking;
    await Promise.allSettled([...this.settling.values()]);
    this.discord = undefined;
  }

  /** One pass; never rejects, never overlaps another. */
  runTick(startup: boolean): Promise<void> {
    if (this.ticking) return this.ticking;
    this.ticking = this.tick(startup)
      .catch((err: unknown) => this.logger?.error({ err }, 'reading-group check failed; retrying at the next one'))
      .finally(() => (this.ticking = undefined));
    return this.ticking;
  }

  private async tick(startup: boolean): Promise<void> {
    const now = this.now().getTime();
    for (const poll of this.store.openPolls()) {
      // At start every open poll is read: it may have been ended early in Discord while the bot was down.
      if (!startup && Date.parse(poll.expiresAt) > now) continue;
      await this.check(poll).catch((err: unknown) => this.logger?.warn({ err, poll: poll.messageId }, 'could not read a poll’s results; retrying later'));
    }
    await this.remind();
  }

  // ---- polls ---------------------------------------------------------------------------------------

  async startPoll(input: { guildId: string; channelId: string; userId: string; papers: Paper[]; hours: number }): Promise<StartPollOutcome> {
    const discord = this.discord;
    if (!discord) return { kind: 'failed', reason: 'the bot is not connected to Discord yet' };
    const startedAt = this.now();
    const body = pollBody(pollAnswerTexts(input.papers), input.hours);
    const hours = (body.poll as { duration: number }).duration;
    const expiresAt = new Date(startedAt.getTime() + hours * 3_600_000).toISOString();
    let cardsId: string | null = null;
    let message: PolledMessage;
    try {
      cardsId = (await discord.post(input.channelId, candidatesMessage(input.papers, input.userId, expiresAt) as unknown as Record<string, unknown>)).id;
      message = (await discord.post(input.channelId, body)) as PolledMessage;
    } catch (err) {
      if (isMissingPermission(err)) return { kind: 'missing-permission', permission: cardsId ? SEND_POLLS : 'Send Messages and Embed Links' };
      throw err;
    }
    const answers = (message as { poll?: { answers?: { answer_id: number }[] } }).poll?.answers ?? [];
    const candidates = input.papers.map((p, i) => ({
      // Discord numbers answers itself; they come back in the order sent.
      answerId: answers[i]?.answer_id ?? i + 1,
      arxivId: p.arxivId,
      text: (body.poll as { answers: { poll_media: { text: string } }[] }).answers[i]!.poll_media.text,
    }));
    this.store.addPoll({
      messageId: message.id,
      guildId: input.guildId,
      channelId: input.channelId,
      cardsId,
      startedBy: input.userId,
      startedAt: startedAt.toISOString(),
      // The bot's own clock decides when to look at the results; Discord's expiry is the same instant.
      expiresAt,
      candidates,
    });
    this.logger?.info({ guildId: input.guildId, poll: message.id, candidates: candidates.map((c) => c.arxivId) }, 'reading-group poll started');
    return { kind: 'started', poll: this.store.poll(message.id)! };
  }

  async endPoll(poll: GroupPoll): Promise<SettleOutcome> {
    const discord = this.discord;
    if (!discord) return { kind: 'void', reason: 'the bot is not connected to Discord yet' };
    this.store.setExpiry(poll.messageId, this.now().toISOString());
    let message: PolledMessage;
    try {
      message = await discord.expirePoll(poll.channelId, poll.messageId);
    } catch (err) {
      // Already ended (on time, or by someone in Discord): its results are what counts.
      this.logger?.info({ err, poll: poll.messageId }, 'poll could not be expired; reading its results instead');
      message = await discord.message(poll.channelId, poll.messageId);
    }
    return this.settleOnce(poll.messageId, () => this.settleFrom(poll, message));
  }

  /** Reads a poll's message and settles it when Discord has counted the votes. */
  private async check(poll: GroupPoll): Promise<SettleOutcome> {
    const discord = this.discord;
    if (!discord) return { kind: 'pending' };
    let message: PolledMessage;
    try {
      message = await discord.message(poll.channelId, poll.messageId);
    } catch (err) {
      const e = discordError(err);
      if (e.code === 10008 || e.code === 10003) {
        this.store.markVoid(poll.messageId, this.now().toISOString());
        this.logger?.warn({ poll: poll.messageId }, 'a reading-group poll message was deleted; nothing is picked from it');
        return { kind: 'void', reason: 'the poll message was deleted' };
      }
      throw err;
    }
    return this.settleOnce(poll.messageId, () => this.settleFrom(poll, message));
  }

  private settleOnce(messageId: string, run: () => Promise<SettleOutcome>): Promise<SettleOutcome> {
    const inFlight = this.settling.get(messageId);
    if (inFlight) return inFlight.then((): SettleOutcome => ({ kind: 'already', poll: this.store.poll(messageId)! }));
    const p = run().finally(() => this.settling.delete(messageId));
    this.settling.set(messageId, p);
    return p;
  }

  private async settleFrom(stale: GroupPoll, message: PolledMessage): Promise<SettleOutcome> {
    const poll = this.store.poll(stale.messageId) ?? stale;
    if (poll.status !== 'open') return { kind: 'already', poll };
    const results = message.poll?.results;
    if (!results?.is_finalized) return { kind: 'pending' };
    const counts = new Map(results.answer_counts.map((a) => [a.id, a.count]));
    const scored = poll.candidates.map((c, index) => ({ c, index, votes: counts.get(c.answerId) ?? 0 }));
    const best = Math.max(0, ...scored.map((s) => s.votes));
    const top = scored.filter((s) => s.votes === best);
    if (top.length === 1 && best > 0) return this.decide(poll, top[0]!.c.arxivId, best, 'votes');
    if (
      !this.store.markTie(
        poll.messageId,
        top.map((t) => t.c.arxivId),
        best,
        this.now().toISOString(),
      )
    ) {
      return { kind: 'already', poll: this.store.poll(poll.messageId)! };
    }
    const tiedPoll = this.store.poll(poll.messageId)!;
    try {
      await this.discord!.post(
        poll.channelId,
        tieMessage(
          tiedPoll,
          top.map((t) => ({ index: t.index, text: t.c.text })),
          best,
        ) as unknown as Record<string, unknown>,
        `t${poll.messageId}`,
      );
    } catch (err) {
      this.logger?.warn({ err, poll: poll.messageId }, 'could not post the tie-break buttons; /paper poll-end offers them again');
    }
    this.logger?.info({ poll: poll.messageId, tied: top.map((t) => t.c.arxivId), votes: best }, 'reading-group poll tied');
    return { kind: 'tie', tied: top.map((t) => t.c.arxivId), votes: best };
  }

  async settleTie(stale: GroupPoll, choice: number | 'random', by: string): Promise<SettleOutcome> {
    return this.settleOnce(stale.messageId, async () => {
      const poll = this.store.poll(stale.messageId) ?? stale;
      if (poll.status !== 'tie') return { kind: 'already', poll };
      let arxivId: string | undefined;
      if (choice === 'random') {
        const r = (this.deps.random ?? Math.random)();
        arxivId = poll.tied[Math.min(poll.tied.length - 1, Math.max(0, Math.floor(r * poll.tied.length)))];
      } else {
        arxivId = poll.candidates[choice]?.arxivId;
        if (!arxivId || !poll.tied.includes(arxivId)) return { kind: 'void', reason: 'that paper was not among the tied ones' };
      }
      if (!arxivId) return { kind: 'void', reason: 'no paper was tied' };
      return this.decide(poll, arxivId, poll.votes ?? 0, choice === 'random' ? 'random' : `starter:${by}`);
    });
  }

  /** A paper of the lab's index, or (through `findPaper`) of the server's reading list or the digest. */
  paperOf(guildId: string, arxivId: string): Paper | undefined {
    return this.deps.engine.get(arxivId) ?? this.deps.findPaper?.(guildId, arxivId);
  }

  /** Posts the winner with its thread and records the pick with the poll's outcome, once. */
  private async decide(poll: GroupPoll, arxivId: string, votes: number, decidedBy: string): Promise<SettleOutcome> {
    const discord = this.discord!;
    const paper = this.paperOf(poll.guildId, arxivId);
    if (!paper) {
      this.store.markVoid(poll.messageId, this.now().toISOString());
      return { kind: 'void', reason: `arXiv:${arxivId} is no longer in the index` };
    }
    const tieBreak = decidedBy === 'random' ? 'random' : decidedBy.startsWith('starter:') ? 'starter' : undefined;
    const how = decidedHow(poll, votes, tieBreak, decidedBy.startsWith('starter:') ? decidedBy.slice(8) : undefined);
    // The nonce makes a retry after a crash (within Discord's nonce window) return the same post.
    let posted: { id: string };
    try {
      posted = await discord.post(poll.channelId, winnerMessage(paper, how) as unknown as Record<string, unknown>, `g${poll.messageId}`);
    } catch (err) {
      if (!isMissingPermission(err)) throw err;
      // The poll stays open (or tied): the next check posts the winner once the permission is back.
      this.logger?.warn({ err, poll: poll.messageId }, 'could not post the reading-group winner');
      return { kind: 'blocked', reason: `the bot may not post in <#${poll.channelId}> (it needs Send Messages and Embed Links there)` };
    }
    let threadId: string | undefined;
    try {
      threadId = (await discord.startThread(poll.channelId, posted.id, pickThreadName(paper))).id;
    } catch (err) {
      this.logger?.warn({ err, poll: poll.messageId }, 'could not open a thread on the reading-group pick');
    }
    const pick: ReadingPick = {
      arxivId,
      title: paper.title,
      guildId: poll.guildId,
      channelId: poll.channelId,
      messageId: posted.id,
      ...(threadId ? { threadId } : {}),
      pickedBy: poll.startedBy,
      pickedAt: this.now().toISOString(),
      how: 'poll',
      votes,
      pollMessageId: poll.messageId,
      ...(tieBreak ? { tieBreak } : {}),
    };
    if (!this.store.decide(poll.messageId, { winner: arxivId, votes, decidedBy, at: pick.pickedAt }, pick)) {
      return { kind: 'already', poll: this.store.poll(poll.messageId)! };
    }
    this.logger?.info({ guildId: poll.guildId, poll: poll.messageId, arxivId, votes, decidedBy }, 'reading-group poll decided');
    return { kind: 'decided', pick, ...(threadId ? { threadId } : {}) };
  }

  // ---- sessions ------------------------------------------------------------------------------------

  async schedule(input: ScheduleInput): Promise<ScheduleOutcome> {
    const discord = this.discord;
    if (!discord) return { kind: 'failed', reason: 'the bot is not connected to Discord yet' };
    const end = new Date(input.at.getTime() + input.minutes * 60_000);
    const body: Record<string, unknown> = {
      name: sessionName(input.paper),
      description: sessionDescription(input.paper, input.presenterId),
      privacy_level: 2,
      scheduled_start_time: input.at.toISOString(),
      scheduled_end_time: end.toISOString(),
    };
    let location: string;
    if ('location' in input.where) {
      Object.assign(body, { entity_type: 3, entity_metadata: { location: input.where.location } });
      location = input.where.location;
    } else {
      const type = await discord.channelType(input.where.channelId).catch(() => undefined);
      if (type !== 2 && type !== 13) return { kind: 'bad-channel', reason: 'pick a voice or stage channel of this server, or give `where:` a room or a link' };
      Object.assign(body, { entity_type: type === 13 ? 1 : 2, channel_id: input.where.channelId });
      location = `<#${input.where.channelId}>`;
    }
    if (input.repeatWeeks > 0) {
      body.recurrence_rule = {
        start: input.at.toISOString(),
        frequency: 2,
        interval: input.repeatWeeks,
        by_weekday: [discordWeekday(input.at, this.timeZone)],
      };
    }
    let eventId: string;
    try {
      eventId = (await discord.createEvent(input.guildId, body)).id;
    } catch (err) {
      if (isMissingPermission(err)) return { kind: 'missing-permission', permission: CREATE_EVENTS };
      const e = discordError(err);
      if (e.status === 400) return { kind: 'failed', reason: `Discord refused the event: ${(err as Error).message.split('\n')[0]}` };
      throw err;
    }
    const session: GroupSession = {
      eventId,
      guildId: input.guildId,
      channelId: input.channelId,
      arxivId: input.paper.arxivId,
      title: input.paper.title,
      presenterId: input.presenterId ?? null,
      createdBy: input.userId,
      startsAt: input.at.toISOString(),
      endsAt: end.toISOString(),
      location,
      repeatWeeks: input.repeatWeeks,
      status: 'scheduled',
    };
    const at = this.now().toISOString();
    this.store.addSession(session, at);
    this.store.notePickForSession({
      arxivId: input.paper.arxivId,
      title: input.paper.title,
      guildId: input.guildId,
      channelId: input.channelId,
      pickedBy: input.userId,
      pickedAt: at,
      how: 'schedule',
      ...(input.presenterId ? { presenterId: input.presenterId } : {}),
    });
    this.logger?.info({ guildId: input.guildId, eventId, arxivId: input.paper.arxivId }, 'reading-group session scheduled');
    return { kind: 'created', session };
  }

  async upcoming(guildId: string): Promise<{ upcoming: UpcomingSession[]; cancelled: GroupSession[] }> {
    const cancelled = await this.noticeCancelled(guildId);
    const now = this.now();
    const upcoming: UpcomingSession[] = [];
    for (const session of this.store.scheduledSessions(guildId)) {
      const occurrence = nextOccurrence(session, now, this.timeZone);
      if (occurrence) upcoming.push({ session, occurrence });
      else if (Date.parse(session.endsAt) < now.getTime()) this.store.setSessionStatus(session.eventId, 'completed');
    }
    upcoming.sort((a, b) => a.occurrence.localeCompare(b.occurrence));
    return { upcoming, cancelled };
  }

  /**
   * Marks cancelled the sessions whose event Discord no longer lists as scheduled or active (cancelled or
   * deleted in Discord). A failed lookup changes nothing.
   */
  private async noticeCancelled(guildId: string): Promise<GroupSession[]> {
    const sessions = this.store.scheduledSessions(guildId);
    if (sessions.length === 0 || !this.discord) return [];
    let events: { id: string; status: number }[];
    try {
      events = await this.discord.listEvents(guildId);
    } catch (err) {
      this.logger?.warn({ err, guildId }, 'could not list the server’s scheduled events');
      return [];
    }
    const live = new Set(events.filter((e) => e.status === 1 || e.status === 2).map((e) => e.id));
    const out: GroupSession[] = [];
    const now = this.now().getTime();
    for (const s of sessions) {
      if (live.has(s.eventId)) continue;
      // A one-off session that has ended leaves the list too: it is over, not cancelled.
      if (s.repeatWeeks === 0 && Date.parse(s.endsAt) <= now) {
        this.store.setSessionStatus(s.eventId, 'completed');
        continue;
      }
      if (this.store.setSessionStatus(s.eventId, 'cancelled')) {
        out.push(s);
        this.logger?.info({ guildId, eventId: s.eventId }, 'a reading-group session was cancelled in Discord');
      }
    }
    return out;
  }

  // ---- reminders -----------------------------------------------------------------------------------

  /** Queues the reminders that are due (late ones too, while their session has not begun) and sends them. */
  private async remind(): Promise<void> {
    const now = this.now();
    const due = this.store
      .scheduledSessions()
      .map((s) => ({ s, occurrence: nextOccurrence(s, now, this.timeZone) }))
      .filter((x): x is { s: GroupSession; occurrence: string } => x.occurrence !== null && Date.parse(x.occurrence) - this.reminderLeadMs <= now.getTime())
      .filter((x) => !this.store.reminderQueued(x.s, x.occurrence));
    const pending = () => this.deps.store.pendingOutbox().filter((r) => r.kind === REMINDER_KIND);
    if (due.length === 0 && pending().length === 0) return;
    // A session cancelled in Discord gets no reminder.
    for (const guildId of new Set([...due.map((d) => d.s.guildId), ...pending().map((r) => r.guildId ?? '')])) if (guildId) await this.noticeCancelled(guildId);
    const at = now.toISOString();
    for (const { s, occurrence } of due) if (this.store.session(s.eventId)?.status === 'scheduled') this.store.queueReminder(s, occurrence, at);
    for (const row of pending()) {
      const session = this.store.session(row.payload ?? '');
      const occurrence = row.ref.slice(row.ref.indexOf('@') + 1);
      if (!session || session.status !== 'scheduled') {
        this.deps.store.markFailed([row.id], 'the session was cancelled before its reminder went out');
        continue;
      }
      if (Date.parse(occurrence) <= now.getTime()) {
        this.deps.store.markFailed([row.id], 'the session had begun before its reminder could go out');
        continue;
      }
      const nonce = row.nonce ?? `${this.deps.store.instanceId}r${row.id}`;
      if (!row.nonce) this.deps.store.assignNonce([row.id], nonce);
      try {
        const posted = await this.discord!.post(
          row.channelId,
          reminderMessage(session, this.paperOf(session.guildId, session.arxivId), occurrence) as unknown as Record<string, unknown>,
          nonce,
        );
        this.deps.store.markSent([row.id], posted.id);
        this.logger?.info({ eventId: session.eventId, occurrence, channelId: row.channelId }, 'reading-group reminder sent');
      } catch (err) {
        if (isMissingPermission(err) || discordError(err).code === 10003) {
          this.deps.store.markFailed([row.id], `Discord refused the reminder: ${(err as Error).message.split('\n')[0]}`);
        } else {
          this.deps.store.recordAttempt([row.id], (err as Error).message);
        }
        this.logger?.warn({ err, eventId: session.eventId }, 'could not send a reading-group reminder');
      }
    }
  }
}
