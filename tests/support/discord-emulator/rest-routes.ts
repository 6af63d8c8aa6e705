/**
 * REST routes authorized by the bot token: gateway lookup, the bot's user and application, application
 * commands (global and per guild, with bulk overwrite), guilds, channels, channel messages (with
 * `nonce` + `enforce_nonce` de-duplication) and threads. Answers follow Discord's status codes and
 * JSON error codes (10003 Unknown Channel, 50001 Missing Access, 50013 Missing Permissions, 50035, 50006).
 */
import { apiError, ErrorCode, FormErrors } from './errors.js';
import type { Route, RouteContext, RouteResult } from './http.js';
import { isEmptyMessage, validateCommand, validateCommands, validateMessageBody, validateThreadBody } from './limits.js';
import { ChannelKind, type EmulatedChannel, type EmulatorState, type StoredCommand } from './state.js';

type Obj = Record<string, unknown>;

/** What the bot-token routes need. */
export interface RestRouteDeps {
  state: EmulatorState;
  gatewayUrl: () => string;
  /** Tells connected clients about a new thread (THREAD_CREATE). */
  onThreadCreate: (thread: Obj) => void;
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

  /** The channel, or Discord's answer when the bot cannot see it (or write to it, with `write`). */
  const channelFor = (id: string, write = false): EmulatedChannel | RouteResult => {
    const channel = state.channels.get(id);
    if (!channel) return unknownChannel;
    const parent = channel.parentId ? state.channels.get(channel.parentId) : undefined;
    const access = channel.access !== 'ok' ? channel.access : channel.thread && parent ? parent.access : 'ok';
    if (access === 'missing-access') return missingAccess;
    if (write && access === 'missing-permissions') return missingPermissions;
    return channel;
  };
  const isChannel = (c: EmulatedChannel | RouteResult): c is EmulatedChannel => 'access' in c;

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

  const listCommands = (ctx: RouteContext): RouteResult => {
    const scope = commandScope(ctx);
    if (!isScope(scope)) return scope;
    return ok([...state.commandTable(scope.guildId).values()]);
  };

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

  const createCommand = (ctx: RouteContext): RouteResult => {
    const scope = commandScope(ctx);
    if (!isScope(scope)) return scope;
    const errors = new FormErrors();
    validateCommand(errors, [], ctx.body, new Set());
    if (!errors.empty) return invalid(errors);
    const def = ctx.body as Obj;
    const table = state.commandTable(scope.guildId);
    const type = (def.type as number | undefined) ?? 1;
    const existing = [...table.values()].find((c) => c.name === def.name && c.type === type);
    const cmd = state.materializeCommand(def, scope.guildId, existing?.id);
    table.set(cmd.id, cmd);
    return ok(cmd, existing ? 200 : 201);
  };

  const commandById = (ctx: RouteContext): { table: Map<string, StoredCommand>; cmd: StoredCommand; guildId: string | null } | RouteResult => {
    const scope = commandScope(ctx);
    if (!isScope(scope)) return scope;
    const table = state.commandTable(scope.guildId);
    const cmd = table.get(ctx.params.command!);
    if (!cmd) return { status: 404, body: apiError(ErrorCode.UnknownApplicationCommand, 'Unknown application command') };
    return { table, cmd, guildId: scope.guildId };
  };

  const getCommand = (ctx: RouteContext): RouteResult => {
    const r = commandById(ctx);
    return 'cmd' in r ? ok(r.cmd) : r;
  };

  const editCommand = (ctx: RouteContext): RouteResult => {
    const r = commandById(ctx);
    if (!('cmd' in r)) return r;
    const merged = { ...r.cmd, ...(ctx.body as Obj) };
    const errors = new FormErrors();
    validateCommand(errors, [], merged, new Set());
    if (!errors.empty) return invalid(errors);
    const cmd = state.materializeCommand(merged, r.guildId, r.cmd.id);
    r.table.set(cmd.id, cmd);
    return ok(cmd);
  };

  const deleteCommand = (ctx: RouteContext): RouteResult => {
    const r = commandById(ctx);
    if (!('cmd' in r)) return r;
    r.table.delete(r.cmd.id);
    return { status: 204 };
  };

  // ---- channels and messages ------------------------------------------------------------------
  const getChannel = (ctx: RouteContext): RouteResult => {
    const c = channelFor(ctx.params.channel!);
    return isChannel(c) ? ok(state.channelObject(c)) : c;
  };

  const createMessage = (ctx: RouteContext): RouteResult => {
    const c = channelFor(ctx.params.channel!, true);
    if (!isChannel(c)) return c;
    const body = (ctx.body ?? {}) as Obj;
    const errors = validateMessageBody(body);
    if (!errors.empty) return invalid(errors);
    if (isEmptyMessage(body)) return emptyMessage;
    const nonce = body.nonce as string | number | undefined;
    if (nonce !== undefined && nonce !== null && body.enforce_nonce === true) {
      // Discord returns the message this nonce already created and creates nothing.
      const previous = state.findByNonce(c.id, state.botUser.id, nonce);
      if (previous && !previous.deleted) return ok(previous.message);
    }
    const flags = (typeof body.flags === 'number' ? body.flags : 0) & (4 | 4096 | 32768);
    const isReply = typeof body.message_reference === 'object' && body.message_reference !== null;
    const stored = state.createMessage(c.id, body, {
      source: 'channel',
      files: ctx.files,
      flags,
      type: isReply ? 19 : 0,
      extra: isReply ? { message_reference: { channel_id: c.id, guild_id: c.guildId ?? undefined, ...(body.message_reference as Obj) } } : {},
    });
    if (nonce !== undefined && nonce !== null) state.rememberNonce(c.id, state.botUser.id, nonce, stored.message.id);
    return ok(stored.message);
  };

  const listMessages = (ctx: RouteContext): RouteResult => {
    const c = channelFor(ctx.params.channel!);
    if (!isChannel(c)) return c;
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

  const getMessage = (ctx: RouteContext): RouteResult => {
    const c = channelFor(ctx.params.channel!);
    if (!isChannel(c)) return c;
    const stored = messageIn(ctx);
    return stored ? ok(stored.message) : unknownMessage;
  };

  const editMessage = (ctx: RouteContext): RouteResult => {
    const c = channelFor(ctx.params.channel!, true);
    if (!isChannel(c)) return c;
    const stored = messageIn(ctx);
    if (!stored) return unknownMessage;
    if (stored.message.author.id !== state.botUser.id) {
      return { status: 403, body: apiError(50005, 'Cannot edit a message authored by another user') };
    }
    const body = (ctx.body ?? {}) as Obj;
    const errors = validateMessageBody(body, { partial: true });
    if (!errors.empty) return invalid(errors);
    if (isEmptyMessage({ ...(stored.message as unknown as Obj), ...body })) return emptyMessage;
    state.editMessage(stored, body);
    return ok(stored.message);
  };

  const deleteMessage = (ctx: RouteContext): RouteResult => {
    const c = channelFor(ctx.params.channel!, true);
    if (!isChannel(c)) return c;
    const stored = messageIn(ctx);
    if (!stored) return unknownMessage;
    state.deleteMessage(stored);
    return { status: 204 };
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
      access: 'ok',
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
    const c = channelFor(ctx.params.channel!, true);
    if (!isChannel(c)) return c;
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

  const threadWithoutMessage = (ctx: RouteContext): RouteResult => {
    const c = channelFor(ctx.params.channel!, true);
    if (!isChannel(c)) return c;
    const errors = validateThreadBody(ctx.body);
    if (!errors.empty) return invalid(errors);
    const body = ctx.body as Obj;
    const type = (body.type as number | undefined) ?? ChannelKind.PrivateThread;
    return ok(makeThread(c, body, null, type), 201);
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
    { method: 'GET', pattern: '/gateway', name: 'gateway', auth: false, handler: () => ok({ url: deps.gatewayUrl() }) },
    {
      method: 'GET',
      pattern: '/users/@me',
      name: 'users-me',
      handler: () =>
        ok({ ...state.userObject(state.botUser), bot: true, verified: true, mfa_enabled: false, flags: 0, email: null, banner: null, accent_color: null }),
    },
    {
      method: 'GET',
      pattern: '/users/:user',
      name: 'user',
      handler: (ctx) => {
        const u = state.users.get(ctx.params.user!);
        return u ? ok(state.userObject(u)) : { status: 404, body: apiError(10013, 'Unknown User') };
      },
    },
    {
      method: 'GET',
      pattern: '/applications/@me',
      name: 'applications-me',
      handler: () =>
        ok({
          id: state.applicationId,
          name: state.botUser.username,
          icon: null,
          description: 'Discord emulator application',
          bot_public: true,
          bot_require_code_grant: false,
          verify_key: '0'.repeat(64),
          flags: 0,
          owner: state.userObject([...state.users.values()].find((u) => !u.bot) ?? state.botUser),
          team: null,
          bot: state.userObject(state.botUser),
          approximate_guild_count: state.guilds.size,
          install_params: { scopes: ['bot', 'applications.commands'], permissions: '0' },
          integration_types_config: { '0': {} },
        }),
    },
    { method: 'GET', pattern: '/applications/:app/commands', name: 'commands-list', handler: listCommands },
    { method: 'PUT', pattern: '/applications/:app/commands', name: 'commands-overwrite', handler: bulkOverwrite },
    { method: 'POST', pattern: '/applications/:app/commands', name: 'commands-create', handler: createCommand },
    { method: 'GET', pattern: '/applications/:app/commands/:command', name: 'command-get', handler: getCommand },
    { method: 'PATCH', pattern: '/applications/:app/commands/:command', name: 'command-edit', handler: editCommand },
    { method: 'DELETE', pattern: '/applications/:app/commands/:command', name: 'command-delete', handler: deleteCommand },
    { method: 'GET', pattern: '/applications/:app/guilds/:guild/commands', name: 'guild-commands-list', handler: listCommands },
    { method: 'PUT', pattern: '/applications/:app/guilds/:guild/commands', name: 'guild-commands-overwrite', handler: bulkOverwrite },
    { method: 'POST', pattern: '/applications/:app/guilds/:guild/commands', name: 'guild-commands-create', handler: createCommand },
    { method: 'GET', pattern: '/applications/:app/guilds/:guild/commands/:command', name: 'guild-command-get', handler: getCommand },
    { method: 'PATCH', pattern: '/applications/:app/guilds/:guild/commands/:command', name: 'guild-command-edit', handler: editCommand },
    { method: 'DELETE', pattern: '/applications/:app/guilds/:guild/commands/:command', name: 'guild-command-delete', handler: deleteCommand },
    {
      method: 'GET',
      pattern: '/guilds/:guild',
      name: 'guild',
      handler: (ctx) => {
        const g = guildFor(ctx);
        return g ? ok(state.guildObject(g)) : missingAccess;
      },
    },
    {
      method: 'GET',
      pattern: '/guilds/:guild/channels',
      name: 'guild-channels',
      handler: (ctx) => {
        const g = guildFor(ctx);
        if (!g) return missingAccess;
        return ok(g.channelIds.map((id) => state.channels.get(id)!).filter((c) => !c.thread).map((c) => state.channelObject(c)));
      },
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
        return u ? ok(state.memberObject(u)) : { status: 404, body: apiError(10007, 'Unknown Member') };
      },
    },
    { method: 'GET', pattern: '/channels/:channel', name: 'channel', handler: getChannel },
    { method: 'GET', pattern: '/channels/:channel/messages', name: 'messages-list', handler: listMessages },
    { method: 'POST', pattern: '/channels/:channel/messages', name: 'message-create', handler: createMessage },
    { method: 'GET', pattern: '/channels/:channel/messages/:message', name: 'message-get', handler: getMessage },
    { method: 'PATCH', pattern: '/channels/:channel/messages/:message', name: 'message-edit', handler: editMessage },
    { method: 'DELETE', pattern: '/channels/:channel/messages/:message', name: 'message-delete', handler: deleteMessage },
    { method: 'POST', pattern: '/channels/:channel/messages/:message/threads', name: 'thread-from-message', handler: threadFromMessage },
    { method: 'POST', pattern: '/channels/:channel/threads', name: 'thread-create', handler: threadWithoutMessage },
    {
      method: 'PUT',
      pattern: '/channels/:channel/thread-members/@me',
      name: 'thread-join',
      handler: (ctx) => {
        const c = channelFor(ctx.params.channel!);
        return isChannel(c) ? { status: 204 } : c;
      },
    },
    {
      method: 'POST',
      pattern: '/channels/:channel/typing',
      name: 'typing',
      handler: (ctx) => {
        const c = channelFor(ctx.params.channel!, true);
        return isChannel(c) ? { status: 204 } : c;
      },
    },
  ];
  return routes.map((r) => ({ auth: true, ...r }));
}
