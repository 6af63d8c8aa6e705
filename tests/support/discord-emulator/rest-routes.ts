/**
 * REST routes authorized by the bot token, only those the bot calls: gateway lookup, the bulk overwrite of
 * application commands (global and per guild), a channel and a guild's channel list, channel messages
 * (posting, with `nonce` + `enforce_nonce` de-duplication, and reading history) and threads on a message.
 * Answers follow Discord's status codes and JSON error codes (10003 Unknown Channel, 50001 Missing Access,
 * 50013 Missing Permissions, 50035, 50006), and each route checks the bot's permissions where Discord does.
 */
import { apiError, ErrorCode, FormErrors } from './errors.js';
import type { Route, RouteContext, RouteResult } from './http.js';
import { isEmptyMessage, validateCommands, validateMessageBody, validateThreadBody } from './limits.js';
import { validatePoll, type PollsAndEvents } from './polls-events.js';
import { ChannelKind, Permission, type EmulatedChannel, type EmulatorState } from './state.js';

type Obj = Record<string, unknown>;

/** What the bot-token routes need. */
export interface RestRouteDeps {
  state: EmulatorState;
  gatewayUrl: () => string;
  /** Tells connected clients about a new thread (THREAD_CREATE). */
  onThreadCreate: (thread: Obj) => void;
  /** Polls sent with messages. */
  polls: PollsAndEvents;
}

const unknownChannel: RouteResult = { status: 404, body: apiError(ErrorCode.UnknownChannel, 'Unknown Channel') };
const missingAccess: RouteResult = { status: 403, body: apiError(ErrorCode.MissingAccess, 'Missing Access') };
const missingPermissions: RouteResult = { status: 403, body: apiError(ErrorCode.MissingPermissions, 'Missing Permissions') };
const unknownMessage: RouteResult = { status: 404, body: apiError(ErrorCode.UnknownMessage, 'Unknown Message') };
const emptyMessage: RouteResult = { status: 400, body: apiError(ErrorCode.CannotSendEmptyMessage, 'Cannot send an empty message') };

function invalid(errors: FormErrors): RouteResult {
  return { status: 400, body: errors.toBody() };
}

/** Builds the bot-token routes. */
export function restRoutes(deps: RestRouteDeps): Route[] {
  const { state } = deps;
  const ok = (body: unknown, status = 200): RouteResult => ({ status, body });

  /**
   * The channel, or Discord's answer when the bot cannot use it: 10003 when it does not exist, 50001 without
   * View Channel, 50013 when one of the permissions in `needs` is missing.
   */
  const channelFor = (id: string, needs = 0n): EmulatedChannel | RouteResult => {
    const channel = state.channels.get(id);
    if (!channel) return unknownChannel;
    if (!state.botCan(channel, Permission.ViewChannel)) return missingAccess;
    if (!state.botCan(channel, needs)) return missingPermissions;
    return channel;
  };
  const isChannel = (c: EmulatedChannel | RouteResult): c is EmulatedChannel => 'botDeny' in c;
  /** The permission that lets the bot post here: Send Messages, or in a thread Send Messages in Threads. */
  const sendIn = (id: string) => (state.channels.get(id)?.thread ? Permission.SendMessagesInThreads : Permission.SendMessages);

  // ---- application commands -------------------------------------------------------------------
  const commandScope = (ctx: RouteContext): { guildId: string | null } | RouteResult => {
    if (ctx.params.app !== state.applicationId) {
      return { status: 403, body: apiError(ErrorCode.NotAuthorizedForApplication, 'You are not authorized to perform this action on this application') };
    }
    const guildId = ctx.params.guild ?? null;
    if (guildId && !state.guilds.has(guildId)) return missingAccess;
    return { guildId };
  };
  const isScope = (s: { guildId: string | null } | RouteResult): s is { guildId: string | null } => 'guildId' in s;

  const bulkOverwrite = (ctx: RouteContext): RouteResult => {
    const scope = commandScope(ctx);
    if (!isScope(scope)) return scope;
    const errors = validateCommands(ctx.body);
    if (!errors.empty) return invalid(errors);
    const table = state.commandTable(scope.guildId);
    const previous = [...table.values()];
    table.clear();
    for (const def of ctx.body as Obj[]) {
      const type = (def.type as number | undefined) ?? 1;
      const existing = previous.find((c) => c.name === def.name && c.type === type);
      const cmd = state.materializeCommand(def, scope.guildId, existing?.id);
      table.set(cmd.id, cmd);
    }
    return ok([...table.values()]);
  };

  // ---- channels and messages ------------------------------------------------------------------
  const getChannel = (ctx: RouteContext): RouteResult => {
    const c = channelFor(ctx.params.channel!);
    return isChannel(c) ? ok(state.channelObject(c)) : c;
  };

  const createMessage = (ctx: RouteContext): RouteResult => {
    const c = channelFor(ctx.params.channel!, sendIn(ctx.params.channel!));
    if (!isChannel(c)) return c;
    let body = (ctx.body ?? {}) as Obj;
    const errors = validateMessageBody(body);
    const hasPoll = body.poll !== undefined && body.poll !== null;
    if (hasPoll) validatePoll(errors, body.poll);
    if (!errors.empty) return invalid(errors);
    if (isEmptyMessage(body) && ctx.files.length === 0 && !hasPoll) return emptyMessage;
    // A poll needs Send Polls (docs/topics/permissions: SEND_POLLS, 1 << 49).
    if (hasPoll && !state.botCan(c, Permission.SendPolls)) return missingPermissions;
    // Create Message's limitations: a reply needs Read Message History, an upload Attach Files.
    const isReply = typeof body.message_reference === 'object' && body.message_reference !== null;
    if (isReply && !state.botCan(c, Permission.ReadMessageHistory)) return missingPermissions;
    if (ctx.files.length > 0 && !state.botCan(c, Permission.AttachFiles)) return missingPermissions;
    if (Array.isArray(body.embeds) && body.embeds.length > 0 && !state.botCan(c, Permission.EmbedLinks)) {
      // Without Embed Links Discord drops the embeds, and refuses a message that has nothing else to show.
      body = { ...body, embeds: [] };
      if (isEmptyMessage(body) && ctx.files.length === 0) return missingPermissions;
    }
    const nonce = body.nonce as string | number | undefined;
    if (nonce !== undefined && nonce !== null && body.enforce_nonce === true) {
      // Discord returns the message this nonce already created and creates nothing.
      const previous = state.findByNonce(c.id, state.botUser.id, nonce);
      if (previous && !previous.deleted) return ok(previous.message);
    }
    const flags = (typeof body.flags === 'number' ? body.flags : 0) & (4 | 4096 | 32768);
    const stored = state.createMessage(c.id, body, {
      source: 'channel',
      files: ctx.files,
      flags,
      type: isReply ? 19 : 0,
      extra: isReply ? { message_reference: { channel_id: c.id, guild_id: c.guildId ?? undefined, ...(body.message_reference as Obj) } } : {},
    });
    if (nonce !== undefined && nonce !== null) state.rememberNonce(c.id, state.botUser.id, nonce, stored.message.id);
    if (hasPoll) deps.polls.attach(stored, body.poll as Obj);
    return ok(stored.message);
  };

  const listMessages = (ctx: RouteContext): RouteResult => {
    const c = channelFor(ctx.params.channel!);
    if (!isChannel(c)) return c;
    // Get Channel Messages: "If the current user is missing the READ_MESSAGE_HISTORY permission in the
    // channel, then no messages will be returned." An empty list, not an error.
    if (!state.botCan(c, Permission.ReadMessageHistory)) return ok([]);
    const limit = Math.min(100, Math.max(1, Number(ctx.query.limit ?? 50) || 50));
    let list = state.channelMessages(c.id).map((s) => s.message);
    const big = (id: string) => BigInt(id);
    if (ctx.query.before) list = list.filter((m) => big(m.id) < big(ctx.query.before!));
    if (ctx.query.after) list = list.filter((m) => big(m.id) > big(ctx.query.after!));
    if (ctx.query.after) list = list.slice(0, limit);
    else list = list.slice(-limit);
    return ok(list.reverse());
  };

  const messageIn = (ctx: RouteContext) => {
    const stored = state.messages.get(ctx.params.message!);
    if (!stored || stored.deleted || stored.ephemeral || stored.message.channel_id !== ctx.params.channel) return undefined;
    return stored;
  };

  // ---- threads --------------------------------------------------------------------------------
  const makeThread = (parent: EmulatedChannel, body: Obj, starterMessageId: string | null, type: number): Obj => {
    const now = new Date().toISOString();
    const thread: EmulatedChannel = {
      // A thread started from a message shares the message's id, as on Discord.
      id: starterMessageId ?? state.ids.next(),
      name: body.name as string,
      type,
      guildId: parent.guildId,
      parentId: parent.id,
      position: 0,
      topic: null,
      botDeny: 0n,
      thread: {
        ownerId: state.botUser.id,
        autoArchiveDuration: (body.auto_archive_duration as number | undefined) ?? 4320,
        createdAt: now,
        starterMessageId,
      },
    };
    state.channels.set(thread.id, thread);
    if (parent.guildId) state.guilds.get(parent.guildId)?.channelIds.push(thread.id);
    const obj = state.channelObject(thread);
    deps.onThreadCreate({ ...obj, newly_created: true });
    return obj;
  };

  const threadFromMessage = (ctx: RouteContext): RouteResult => {
    const c = channelFor(ctx.params.channel!, Permission.CreatePublicThreads);
    if (!isChannel(c)) return c;
    // Threads start only in text and announcement channels, never in another thread.
    if (c.type !== ChannelKind.GuildText && c.type !== ChannelKind.GuildAnnouncement) {
      return { status: 400, body: apiError(ErrorCode.CannotExecuteOnChannelType, 'Cannot execute action on this channel type') };
    }
    const stored = messageIn(ctx);
    if (!stored) return unknownMessage;
    const errors = validateThreadBody(ctx.body);
    if (!errors.empty) return invalid(errors);
    const m = stored.message as unknown as Obj;
    if (m.thread || state.channels.has(stored.message.id)) {
      return { status: 400, body: apiError(ErrorCode.ThreadAlreadyCreatedForMessage, 'A thread has already been created for this message') };
    }
    const threadType = c.type === ChannelKind.GuildAnnouncement ? 10 : ChannelKind.PublicThread;
    const thread = makeThread(c, ctx.body as Obj, stored.message.id, threadType);
    m.thread = thread;
    m.flags = ((m.flags as number) ?? 0) | 32; // HAS_THREAD
    return ok(thread, 201);
  };

  /**
   * Start Thread in Forum Channel: a post is a thread (type 11) whose starter message, built from
   * `body.message`, has the thread's id, as on Discord. Needs Send Messages in the forum. Only forums are
   * emulated here; threads without a message in text channels answer 50024.
   */
  const forumPost = (ctx: RouteContext): RouteResult => {
    const c = channelFor(ctx.params.channel!, Permission.SendMessages);
    if (!isChannel(c)) return c;
    if (c.type !== ChannelKind.GuildForum) {
      return { status: 400, body: apiError(ErrorCode.CannotExecuteOnChannelType, 'Cannot execute action on this channel type') };
    }
    const body = (ctx.body ?? {}) as Obj;
    const errors = validateThreadBody(body);
    const message = (typeof body.message === 'object' && body.message !== null ? body.message : {}) as Obj;
    const messageErrors = validateMessageBody(message);
    if (!errors.empty) return invalid(errors);
    if (!messageErrors.empty) return invalid(messageErrors);
    if (isEmptyMessage(message)) return emptyMessage;
    const thread = makeThread(c, body, null, ChannelKind.PublicThread);
    const emulated = state.channels.get(thread.id as string)!;
    emulated.thread!.starterMessageId = emulated.id;
    const stored = state.createMessage(emulated.id, message, { source: 'channel', extra: { id: emulated.id } });
    return ok({ ...state.channelObject(emulated), message: stored.message }, 201);
  };

  // ---- guilds ---------------------------------------------------------------------------------
  const guildFor = (ctx: RouteContext) => state.guilds.get(ctx.params.guild!);

  const routes: Array<Omit<Route, 'auth'> & { auth?: boolean }> = [
    {
      method: 'GET',
      pattern: '/gateway/bot',
      name: 'gateway-bot',
      handler: () =>
        ok({
          url: deps.gatewayUrl(),
          shards: 1,
          session_start_limit: { total: 1000, remaining: 999, reset_after: 14_400_000, max_concurrency: 1 },
        }),
    },
    { method: 'PUT', pattern: '/applications/:app/commands', name: 'commands-overwrite', handler: bulkOverwrite },
    { method: 'PUT', pattern: '/applications/:app/guilds/:guild/commands', name: 'guild-commands-overwrite', handler: bulkOverwrite },
    {
      method: 'GET',
      pattern: '/guilds/:guild/channels',
      name: 'guild-channels',
      handler: (ctx) => {
        const g = guildFor(ctx);
        if (!g) return missingAccess;
        return ok(
          g.channelIds
            .map((id) => state.channels.get(id)!)
            .filter((c) => !c.thread)
            .map((c) => state.channelObject(c)),
        );
      },
    },
    // The bot's own user, its member object and the guild's roles: what `/paper-admin channel` reads to work
    // out the bot's permissions in a channel it is asked to post in.
    {
      method: 'GET',
      pattern: '/users/@me',
      name: 'users-me',
      handler: () => ok({ ...state.userObject(state.botUser), bot: true, verified: true, mfa_enabled: false, flags: 0, email: null }),
    },
    {
      method: 'GET',
      pattern: '/guilds/:guild/roles',
      name: 'guild-roles',
      handler: (ctx) => {
        const g = guildFor(ctx);
        return g ? ok((state.guildObject(g) as { roles: unknown }).roles) : missingAccess;
      },
    },
    {
      method: 'GET',
      pattern: '/guilds/:guild/members/:user',
      name: 'guild-member',
      handler: (ctx) => {
        const g = guildFor(ctx);
        if (!g) return missingAccess;
        const u = state.users.get(ctx.params.user!);
        if (!u) return { status: 404, body: apiError(10007, 'Unknown Member') };
        return ok(u.id === state.botUser.id ? state.memberObject(u, { joinedAt: g.joinedAt, roles: [g.botRoleId] }) : state.memberObject(u));
      },
    },
    { method: 'GET', pattern: '/channels/:channel', name: 'channel', handler: getChannel },
    { method: 'GET', pattern: '/channels/:channel/messages', name: 'messages-list', handler: listMessages },
    { method: 'POST', pattern: '/channels/:channel/messages', name: 'message-create', handler: createMessage },
    { method: 'POST', pattern: '/channels/:channel/messages/:message/threads', name: 'thread-from-message', handler: threadFromMessage },
    { method: 'POST', pattern: '/channels/:channel/threads', name: 'forum-post', handler: forumPost },
    {
      method: 'GET',
      pattern: '/guilds/:guild/threads/active',
      name: 'guild-active-threads',
      handler: (ctx) => {
        const g = guildFor(ctx);
        if (!g) return missingAccess;
        const threads = g.channelIds.map((id) => state.channels.get(id)!).filter((c) => c.thread && state.botCan(c, Permission.ViewChannel));
        return ok({ threads: threads.map((c) => state.channelObject(c)), members: [] });
      },
    },
  ];
  return [...routes.map((r) => ({ auth: true, ...r })), ...deps.polls.routes(channelFor)];
}
