/**
 * Polls and guild scheduled events, as Discord documents them (docs/resources/poll and
 * docs/resources/guild-scheduled-event): a poll sent with a message (limits checked, Send Polls required),
 * votes cast by the test's users, expiry (on time or early through `POST …/polls/:message/expire`), the
 * results on the message, the voters of an answer; scheduled events created (Create Events required, field
 * rules by entity type checked), listed, read, modified and cancelled.
 */
import { apiError, ErrorCode, FormErrors } from './errors.js';
import type { Route, RouteContext, RouteResult } from './http.js';
import { charLength } from './limits.js';
import { ChannelKind, Permission, type EmulatedChannel, type EmulatorState, type StoredMessage } from './state.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Discord's poll limits (Poll Create Request Object). */
export const POLL_LIMITS = { question: 300, answers: 10, answerText: 55, maxHours: 768, defaultHours: 24 } as const;
/** Discord's scheduled event limits. */
export const EVENT_LIMITS = { name: 100, description: 1000, location: 100, activePerGuild: 100 } as const;

/** Event statuses. */
export const EventStatus = { Scheduled: 1, Active: 2, Completed: 3, Canceled: 4 } as const;

const missingPermissions: RouteResult = { status: 403, body: apiError(ErrorCode.MissingPermissions, 'Missing Permissions') };
const missingAccess: RouteResult = { status: 403, body: apiError(ErrorCode.MissingAccess, 'Missing Access') };
const unknownMessage: RouteResult = { status: 404, body: apiError(ErrorCode.UnknownMessage, 'Unknown Message') };
const unknownEvent: RouteResult = { status: 404, body: apiError(10070, 'Unknown Guild Scheduled Event') };

/** Checks a poll create request object; errors are reported under `poll`. */
export function validatePoll(errors: FormErrors, poll: unknown): void {
  const p = ['poll'];
  if (!isObj(poll)) {
    errors.add(p, 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
    return;
  }
  const q = isObj(poll.question) ? poll.question.text : undefined;
  if (typeof q !== 'string' || charLength(q) < 1) errors.add([...p, 'question', 'text'], 'BASE_TYPE_REQUIRED', 'This field is required');
  else if (charLength(q) > POLL_LIMITS.question) errors.maxLength([...p, 'question', 'text'], POLL_LIMITS.question);
  if (!Array.isArray(poll.answers) || poll.answers.length < 1) {
    errors.add([...p, 'answers'], 'BASE_TYPE_REQUIRED', 'This field is required');
  } else {
    if (poll.answers.length > POLL_LIMITS.answers) errors.maxLength([...p, 'answers'], POLL_LIMITS.answers);
    poll.answers.forEach((a, i) => {
      const text = isObj(a) && isObj(a.poll_media) ? a.poll_media.text : undefined;
      if (typeof text !== 'string' || charLength(text) < 1)
        errors.add([...p, 'answers', i, 'poll_media', 'text'], 'BASE_TYPE_REQUIRED', 'This field is required');
      else if (charLength(text) > POLL_LIMITS.answerText) errors.maxLength([...p, 'answers', i, 'poll_media', 'text'], POLL_LIMITS.answerText);
    });
  }
  if (poll.duration !== undefined) {
    const d = poll.duration;
    if (typeof d !== 'number' || !Number.isInteger(d) || d < 1 || d > POLL_LIMITS.maxHours) {
      errors.add([...p, 'duration'], 'NUMBER_TYPE_MAX', `int value should be between 1 and ${POLL_LIMITS.maxHours}.`);
    }
  }
  if (poll.layout_type !== undefined && poll.layout_type !== 1) errors.add([...p, 'layout_type'], 'BASE_TYPE_CHOICES', 'Value must be one of (1,).');
  if (poll.allow_multiselect !== undefined && typeof poll.allow_multiselect !== 'boolean') {
    errors.add([...p, 'allow_multiselect'], 'BASE_TYPE_BOOLEAN', 'Must be either true or false.');
  }
}

/** The emulator's polls and events. */
export class PollsAndEvents {
  /** message id → user id → answer ids. */
  private readonly votes = new Map<string, Map<string, Set<number>>>();
  readonly events = new Map<string, Obj>();

  constructor(
    private readonly state: EmulatorState,
    private readonly dispatch: (t: string, d: unknown) => void,
  ) {}

  /** Turns a validated poll request into the poll object stored on a new message. */
  attach(stored: StoredMessage, request: Obj): void {
    const hours = typeof request.duration === 'number' ? request.duration : POLL_LIMITS.defaultHours;
    const answers = (request.answers as Obj[]).map((a, i) => ({ answer_id: i + 1, poll_media: structuredClone(a.poll_media) }));
    (stored.message as unknown as Obj).poll = {
      question: structuredClone(request.question),
      answers,
      expiry: new Date(Date.now() + hours * 3_600_000).toISOString(),
      allow_multiselect: request.allow_multiselect === true,
      layout_type: 1,
      results: { is_finalized: false, answer_counts: [] },
    };
    this.votes.set(stored.message.id, new Map());
  }

  private pollOf(messageId: string): { stored: StoredMessage; poll: Obj } | undefined {
    const stored = this.state.messages.get(messageId);
    const poll = stored && !stored.deleted ? ((stored.message as unknown as Obj).poll as Obj | undefined) : undefined;
    return stored && poll ? { stored, poll } : undefined;
  }

  private expired(poll: Obj): boolean {
    return Date.parse(String(poll.expiry)) <= Date.now() || (poll.results as Obj).is_finalized === true;
  }

  /** Recounts a poll's results from its votes; final once the poll has ended. */
  private recount(messageId: string): void {
    const found = this.pollOf(messageId);
    if (!found) return;
    const counts = new Map<number, number>();
    for (const answers of this.votes.get(messageId)?.values() ?? []) for (const a of answers) counts.set(a, (counts.get(a) ?? 0) + 1);
    const answerCounts = (found.poll.answers as { answer_id: number }[])
      .map((a) => ({ id: a.answer_id, count: counts.get(a.answer_id) ?? 0, me_voted: false }))
      .filter((a) => a.count > 0);
    found.poll.results = { is_finalized: this.expired(found.poll), answer_counts: answerCounts };
  }

  /**
   * A user votes (replacing their earlier vote; several answers only with allow_multiselect), as a member
   * clicking the poll does; the bot hears MESSAGE_POLL_VOTE_ADD / _REMOVE.
   *
   * @throws when the poll has ended or the answer does not exist (Discord's client would not let them)
   */
  vote(messageId: string, userId: string, answerIds: number[]): void {
    const found = this.pollOf(messageId);
    if (!found) throw new Error(`discord-emulator: message ${messageId} has no poll`);
    if (this.expired(found.poll)) throw new Error(`discord-emulator: the poll on ${messageId} has ended; nobody can vote`);
    const ids = new Set((found.poll.answers as { answer_id: number }[]).map((a) => a.answer_id));
    if (answerIds.some((a) => !ids.has(a))) throw new Error(`discord-emulator: poll ${messageId} has no answer ${answerIds.join(',')}`);
    if (answerIds.length > 1 && found.poll.allow_multiselect !== true) throw new Error('discord-emulator: this poll takes one answer');
    const byUser = this.votes.get(messageId)!;
    const before = byUser.get(userId) ?? new Set<number>();
    const channel = this.state.channels.get(found.stored.message.channel_id);
    const base = {
      user_id: userId,
      channel_id: found.stored.message.channel_id,
      message_id: messageId,
      ...(channel?.guildId ? { guild_id: channel.guildId } : {}),
    };
    for (const a of before) if (!answerIds.includes(a)) this.dispatch('MESSAGE_POLL_VOTE_REMOVE', { ...base, answer_id: a });
    for (const a of answerIds) if (!before.has(a)) this.dispatch('MESSAGE_POLL_VOTE_ADD', { ...base, answer_id: a });
    byUser.set(userId, new Set(answerIds));
    this.recount(messageId);
  }

  /** The poll's duration runs out now, as if its time had passed: the results become final. */
  finish(messageId: string): void {
    const found = this.pollOf(messageId);
    if (!found) throw new Error(`discord-emulator: message ${messageId} has no poll`);
    found.poll.expiry = new Date(Math.min(Date.now(), Date.parse(String(found.poll.expiry)))).toISOString();
    (found.poll.results as Obj).is_finalized = true;
    this.recount(messageId);
  }

  /** A member cancels an event in Discord (status 4; it then disappears from the list, as on Discord). */
  cancelEvent(eventId: string): void {
    const e = this.events.get(eventId);
    if (!e) throw new Error(`discord-emulator: unknown scheduled event ${eventId}`);
    e.status = EventStatus.Canceled;
  }

  /** Routes: read a message, end a poll, list an answer's voters, and the scheduled-event routes. */
  routes(channelFor: (id: string, needs?: bigint) => EmulatedChannel | RouteResult): Route[] {
    const { state } = this;
    const isChannel = (c: EmulatedChannel | RouteResult): c is EmulatedChannel => 'botDeny' in c;
    const ok = (body: unknown, status = 200): RouteResult => ({ status, body });

    const messageIn = (ctx: RouteContext) => {
      const stored = state.messages.get(ctx.params.message!);
      if (!stored || stored.deleted || stored.ephemeral || stored.message.channel_id !== ctx.params.channel) return undefined;
      return stored;
    };

    const getMessage = (ctx: RouteContext): RouteResult => {
      // Get Channel Message: "requires the READ_MESSAGE_HISTORY permission" (in a guild channel).
      const c = channelFor(ctx.params.channel!, Permission.ReadMessageHistory);
      if (!isChannel(c)) return c;
      const stored = messageIn(ctx);
      if (!stored) return unknownMessage;
      this.recount(stored.message.id);
      return ok(structuredClone(stored.message));
    };

    const expire = (ctx: RouteContext): RouteResult => {
      const c = channelFor(ctx.params.channel!);
      if (!isChannel(c)) return c;
      const stored = messageIn(ctx);
      if (!stored) return unknownMessage;
      const found = this.pollOf(stored.message.id);
      if (!found) return { status: 400, body: apiError(520006, 'Cannot expire a non-poll message') };
      // Only the poll's author may end it early.
      if (stored.message.author.id !== state.botUser.id) return missingPermissions;
      this.finish(stored.message.id);
      return ok(structuredClone(stored.message));
    };

    const voters = (ctx: RouteContext): RouteResult => {
      const c = channelFor(ctx.params.channel!, Permission.ReadMessageHistory);
      if (!isChannel(c)) return c;
      const stored = messageIn(ctx);
      if (!stored || !this.pollOf(stored.message.id)) return unknownMessage;
      const answer = Number(ctx.params.answer);
      const users = [...(this.votes.get(stored.message.id) ?? new Map<string, Set<number>>()).entries()]
        .filter(([, a]) => a.has(answer))
        .map(([id]) => state.users.get(id))
        .filter((u) => u !== undefined)
        .map((u) => state.userObject(u));
      return ok({ users });
    };

    const guildOf = (ctx: RouteContext) => state.guilds.get(ctx.params.guild!);

    const createEvent = (ctx: RouteContext): RouteResult => {
      const guild = guildOf(ctx);
      if (!guild) return missingAccess;
      // Since 2026-02-23 bots need Create Events (1 << 44) to create events; Manage Events alone no longer suffices.
      if ((state.botPermissions & Permission.Administrator) === 0n && (state.botPermissions & Permission.CreateEvents) === 0n) return missingPermissions;
      const body = (ctx.body ?? {}) as Obj;
      const errors = new FormErrors();
      const text = (key: string, max: number, required: boolean) => {
        const v = body[key];
        if (v === undefined || v === null) {
          if (required) errors.add([key], 'BASE_TYPE_REQUIRED', 'This field is required');
        } else if (typeof v !== 'string' || charLength(v) < 1) errors.add([key], 'BASE_TYPE_MIN_LENGTH', 'Must be 1 or more in length.');
        else if (charLength(v) > max) errors.maxLength([key], max);
      };
      text('name', EVENT_LIMITS.name, true);
      text('description', EVENT_LIMITS.description, false);
      if (body.privacy_level !== 2) errors.add(['privacy_level'], 'BASE_TYPE_CHOICES', 'Value must be one of (2,).');
      const type = body.entity_type;
      if (type !== 1 && type !== 2 && type !== 3) errors.add(['entity_type'], 'BASE_TYPE_CHOICES', 'Value must be one of (1, 2, 3).');
      const start = typeof body.scheduled_start_time === 'string' ? Date.parse(body.scheduled_start_time) : NaN;
      const end = typeof body.scheduled_end_time === 'string' ? Date.parse(body.scheduled_end_time) : NaN;
      if (Number.isNaN(start)) errors.add(['scheduled_start_time'], 'DATE_TIME_TYPE_PARSE', 'Could not parse the date and time.');
      else if (start <= Date.now()) errors.add(['scheduled_start_time'], 'GUILD_SCHEDULED_EVENT_SCHEDULE_PAST', 'Cannot schedule event in the past.');
      if (body.scheduled_end_time !== undefined && body.scheduled_end_time !== null && (Number.isNaN(end) || end <= start)) {
        errors.add(['scheduled_end_time'], 'GUILD_SCHEDULED_EVENT_END_BEFORE_START', 'Cannot schedule event to end before starting.');
      }
      let channel: EmulatedChannel | undefined;
      if (type === 3) {
        // EXTERNAL: no channel, a location of 1-100 characters, an end time.
        if (body.channel_id !== undefined && body.channel_id !== null) errors.add(['channel_id'], 'BASE_TYPE_NULL', 'Must be null for external events.');
        const location = isObj(body.entity_metadata) ? body.entity_metadata.location : undefined;
        if (typeof location !== 'string' || charLength(location) < 1)
          errors.add(['entity_metadata', 'location'], 'BASE_TYPE_REQUIRED', 'This field is required');
        else if (charLength(location) > EVENT_LIMITS.location) errors.maxLength(['entity_metadata', 'location'], EVENT_LIMITS.location);
        if (Number.isNaN(end)) errors.add(['scheduled_end_time'], 'BASE_TYPE_REQUIRED', 'This field is required');
      } else if (type === 1 || type === 2) {
        channel = typeof body.channel_id === 'string' ? state.channels.get(body.channel_id) : undefined;
        const wanted = type === 1 ? ChannelKind.GuildStageVoice : ChannelKind.GuildVoice;
        if (!channel || channel.guildId !== guild.id) errors.add(['channel_id'], 'BASE_TYPE_REQUIRED', 'This field is required');
        else if (channel.type !== wanted) errors.add(['channel_id'], 'GUILD_SCHEDULED_EVENT_INVALID_CHANNEL', 'Channel type does not match the entity type.');
      }
      const rule = body.recurrence_rule;
      if (rule !== undefined && rule !== null) {
        const r = isObj(rule) ? rule : {};
        // The combinations Discord's client offers for a weekly rule: every week or every other week, on one day.
        if (r.frequency !== 2 || (r.interval !== 1 && r.interval !== 2) || !Array.isArray(r.by_weekday) || r.by_weekday.length !== 1) {
          errors.add(['recurrence_rule'], 'GUILD_SCHEDULED_EVENT_INVALID_RECURRENCE_RULE', 'Invalid recurrence rule.');
        } else if (typeof r.start !== 'string' || Date.parse(r.start) !== start) {
          errors.add(['recurrence_rule', 'start'], 'GUILD_SCHEDULED_EVENT_INVALID_RECURRENCE_RULE', 'The rule must start with the event.');
        }
      }
      if (!errors.empty) return { status: 400, body: errors.toBody() };
      const live = [...this.events.values()].filter((e) => e.guild_id === guild.id && (e.status === 1 || e.status === 2)).length;
      if (live >= EVENT_LIMITS.activePerGuild) return { status: 400, body: apiError(30038, 'Maximum number of guild scheduled events reached') };
      const id = state.ids.next();
      const event: Obj = {
        id,
        guild_id: guild.id,
        channel_id: channel?.id ?? null,
        creator_id: state.botUser.id,
        creator: state.userObject(state.botUser),
        name: body.name,
        description: body.description ?? null,
        scheduled_start_time: new Date(start).toISOString(),
        scheduled_end_time: Number.isNaN(end) ? null : new Date(end).toISOString(),
        privacy_level: 2,
        status: EventStatus.Scheduled,
        entity_type: type,
        entity_id: null,
        entity_metadata: type === 3 ? { location: (body.entity_metadata as Obj).location } : null,
        user_count: 0,
        image: null,
        recurrence_rule: isObj(rule) ? { end: null, by_n_weekday: null, by_month: null, by_month_day: null, by_year_day: null, count: null, ...rule } : null,
      };
      this.events.set(id, event);
      return ok(structuredClone(event));
    };

    // Cancelled and completed events no longer appear in the guild's list.
    const listEvents = (ctx: RouteContext): RouteResult => {
      const guild = guildOf(ctx);
      if (!guild) return missingAccess;
      return ok([...this.events.values()].filter((e) => e.guild_id === guild.id && (e.status === 1 || e.status === 2)).map((e) => structuredClone(e)));
    };

    const eventIn = (ctx: RouteContext) => {
      const e = this.events.get(ctx.params.event!);
      return e && e.guild_id === ctx.params.guild ? e : undefined;
    };

    const modifyEvent = (ctx: RouteContext): RouteResult => {
      const e = eventIn(ctx);
      if (!e) return unknownEvent;
      // Its creator edits an event with Create Events; anyone else's needs Manage Events.
      const own = e.creator_id === state.botUser.id;
      const needs = own ? Permission.CreateEvents | Permission.ManageEvents : Permission.ManageEvents;
      if ((state.botPermissions & (needs | Permission.Administrator)) === 0n) return missingPermissions;
      if (e.status === EventStatus.Completed || e.status === EventStatus.Canceled)
        return { status: 400, body: apiError(180000, 'Cannot update a finished event') };
      const body = (ctx.body ?? {}) as Obj;
      for (const key of ['name', 'description', 'scheduled_start_time', 'scheduled_end_time', 'entity_metadata', 'status']) if (key in body) e[key] = body[key];
      return ok(structuredClone(e));
    };

    const routes: Route[] = [
      { method: 'GET', pattern: '/channels/:channel/messages/:message', name: 'message-get', auth: true, handler: getMessage },
      { method: 'POST', pattern: '/channels/:channel/polls/:message/expire', name: 'poll-expire', auth: true, handler: expire },
      { method: 'GET', pattern: '/channels/:channel/polls/:message/answers/:answer', name: 'poll-answer-voters', auth: true, handler: voters },
      { method: 'POST', pattern: '/guilds/:guild/scheduled-events', name: 'scheduled-event-create', auth: true, handler: createEvent },
      { method: 'GET', pattern: '/guilds/:guild/scheduled-events', name: 'scheduled-events-list', auth: true, handler: listEvents },
      {
        method: 'GET',
        pattern: '/guilds/:guild/scheduled-events/:event',
        name: 'scheduled-event-get',
        auth: true,
        handler: (ctx) => {
          const e = eventIn(ctx);
          return e ? ok(structuredClone(e)) : unknownEvent;
        },
      },
      { method: 'PATCH', pattern: '/guilds/:guild/scheduled-events/:event', name: 'scheduled-event-modify', auth: true, handler: modifyEvent },
    ];
    return routes;
  }
}
