/**
 * The emulator's world: one application and bot user, guilds with channels and roles, human users,
 * the messages each channel shows, the registered application commands and the nonce index.
 * Everything lives in memory for the life of one emulator, so a bot restart keeps seeing the same
 * channels, messages and commands (as it would on Discord).
 */
import type { APIMessage } from 'discord.js';
import { cloneData } from './clone.js';
import { BOT_PERMISSIONS_INTEGER } from '../../../src/bot/permissions.js';
import { SnowflakeGenerator } from './snowflake.js';

type Obj = Record<string, unknown>;

/** Permission bits the emulator refers to (Discord's values). */
export const Permission = {
  CreateInstantInvite: 1n << 0n,
  Administrator: 1n << 3n,
  ManageChannels: 1n << 4n,
  ManageGuild: 1n << 5n,
  AddReactions: 1n << 6n,
  ViewChannel: 1n << 10n,
  SendMessages: 1n << 11n,
  SendTTSMessages: 1n << 12n,
  ManageMessages: 1n << 13n,
  EmbedLinks: 1n << 14n,
  AttachFiles: 1n << 15n,
  ReadMessageHistory: 1n << 16n,
  MentionEveryone: 1n << 17n,
  UseExternalEmojis: 1n << 18n,
  UseApplicationCommands: 1n << 31n,
  ManageEvents: 1n << 33n,
  ManageThreads: 1n << 34n,
  CreatePublicThreads: 1n << 35n,
  SendMessagesInThreads: 1n << 38n,
  CreateEvents: 1n << 44n,
  SendPolls: 1n << 49n,
} as const;

const P = Permission;
/** What a regular member may do in a typical server (the default `member.permissions` of interactions). */
export const MEMBER_PERMISSIONS =
  P.CreateInstantInvite |
  P.AddReactions |
  P.ViewChannel |
  P.SendMessages |
  P.EmbedLinks |
  P.AttachFiles |
  P.ReadMessageHistory |
  P.UseExternalEmojis |
  P.UseApplicationCommands |
  P.CreatePublicThreads |
  P.SendMessagesInThreads;
/**
 * What the bot is granted by default: exactly what its invite URL asks for (its managed role gets these
 * permissions when a server adds it), so a Discord call needing anything else fails in the tests.
 */
export const DEFAULT_BOT_PERMISSIONS = BOT_PERMISSIONS_INTEGER;
/** Every permission bit there is, which Administrator grants. */
const ALL_PERMISSIONS = (1n << 53n) - 1n;

/** Discord's channel types used here. */
export const ChannelKind = {
  GuildText: 0,
  DM: 1,
  GuildVoice: 2,
  GuildCategory: 4,
  GuildAnnouncement: 5,
  PublicThread: 11,
  PrivateThread: 12,
  GuildStageVoice: 13,
  GuildForum: 15,
} as const;

/**
 * How a channel treats the bot, as shorthands for a channel overwrite on the bot's role: 'ok' (none),
 * 'missing-access' (View Channel denied: 403 50001 everywhere) or 'missing-permissions' (Send Messages and
 * Send Messages in Threads denied: readable, but posting gives 403 50013).
 */
export type ChannelAccess = 'ok' | 'missing-access' | 'missing-permissions';

/** The permissions a {@link ChannelAccess} shorthand denies the bot. */
export function accessDeny(access: ChannelAccess): bigint {
  return access === 'missing-access' ? P.ViewChannel : access === 'missing-permissions' ? P.SendMessages | P.SendMessagesInThreads : 0n;
}

/** A user as the emulator knows it (Discord's user object fields). */
export interface EmulatedUser {
  id: string;
  username: string;
  global_name: string | null;
  discriminator: string;
  avatar: string | null;
  bot?: boolean;
}

/** A role (Discord's role object fields the emulator needs). */
export interface EmulatedRole {
  id: string;
  name: string;
  permissions: string;
  position: number;
  color: number;
  hoist: boolean;
  managed: boolean;
  mentionable: boolean;
}

/** A guild channel or thread. */
export interface EmulatedChannel {
  id: string;
  name: string;
  type: number;
  guildId: string | null;
  parentId: string | null;
  position: number;
  topic: string | null;
  /** Permissions a channel overwrite denies the bot's role here (threads also inherit their parent's). */
  botDeny: bigint;
  /** Set on threads. */
  thread?: { ownerId: string; autoArchiveDuration: number; createdAt: string; starterMessageId: string | null };
}

/** A guild with its channels and roles. */
export interface EmulatedGuild {
  id: string;
  name: string;
  ownerId: string;
  /** @everyone (id = guild id), the guild's own roles, and last the bot's managed role. */
  roles: EmulatedRole[];
  /** The bot's managed role, which carries its permissions. */
  botRoleId: string;
  channelIds: string[];
  joinedAt: string;
}

/** Whom a message actually pinged, after applying its `allowed_mentions`. */
export interface Pinged {
  users: string[];
  roles: string[];
  everyone: boolean;
}

/** A message as stored: the Discord object plus what the emulator knows about how it came to be. */
export interface StoredMessage {
  message: APIMessage;
  /** Only the interacting user sees it (flags 64). */
  ephemeral: boolean;
  deleted: boolean;
  /** 'channel' for POST /channels/:id/messages, 'interaction' for a callback or @original, 'followup' for a webhook follow-up. */
  source: 'channel' | 'interaction' | 'followup';
  interactionId: string | null;
  pinged: Pinged;
  createdAt: number;
  /** Every version of the body it was created and edited with, oldest first. */
  history: Obj[];
}

/** A channel option for {@link startDiscordEmulator}. */
export interface ChannelOptions {
  id?: string;
  name: string;
  /** Discord channel type; 0 (text) by default. */
  type?: number;
  topic?: string;
  parentId?: string;
  /** `true` or 'missing-access': 403 50001 on every access; 'missing-permissions': readable, but sending gives 403 50013. */
  forbidden?: boolean | ChannelAccess;
  /** Permissions a channel overwrite denies the bot here (added to what `forbidden` denies). */
  deny?: bigint;
}

/** A role option for {@link startDiscordEmulator}. */
export interface RoleOptions {
  id?: string;
  name: string;
  /** Permission bits as a decimal string or bigint. */
  permissions?: string | bigint;
  mentionable?: boolean;
}

/** A guild option for {@link startDiscordEmulator}. */
export interface GuildOptions {
  id?: string;
  name: string;
  channels?: ChannelOptions[];
  roles?: RoleOptions[];
}

/** A file of a multipart request, as the emulator keeps it. */
export interface UploadedFile {
  name: string;
  size: number;
  contentType: string;
}

/** A registered application command as Discord returns it. */
export type StoredCommand = Obj & { id: string; name: string; type: number; application_id: string; guild_id?: string; version: string };

const MENTION_USER = /<@!?(\d{17,20})>/g;
const MENTION_ROLE = /<@&(\d{17,20})>/g;
const MENTION_EVERYONE = /@(everyone|here)/;

/**
 * Applies Discord's `allowed_mentions` rules to a message's content: who would get a notification.
 * `pingableRoles` are the roles the author may ping (mentionable ones, or every role with Mention
 * Everyone); `mayPingEveryone` is whether @everyone and @here notify (Mention Everyone).
 */
export function computePings(content: string, allowed: unknown, pingableRoles: string[], mayPingEveryone = true): Pinged {
  const users = [...content.matchAll(MENTION_USER)].map((m) => m[1]!);
  const roles = [...content.matchAll(MENTION_ROLE)].map((m) => m[1]!).filter((r) => pingableRoles.includes(r));
  const everyone = mayPingEveryone && MENTION_EVERYONE.test(content);
  // Without allowed_mentions, Discord pings everything the content mentions.
  if (allowed === undefined || allowed === null || typeof allowed !== 'object') {
    return { users: [...new Set(users)], roles: [...new Set(roles)], everyone };
  }
  const a = allowed as { parse?: string[]; users?: string[]; roles?: string[] };
  const parse = a.parse ?? [];
  const allowUsers = (id: string) => parse.includes('users') || (a.users ?? []).includes(id);
  const allowRoles = (id: string) => parse.includes('roles') || (a.roles ?? []).includes(id);
  return {
    users: [...new Set(users.filter(allowUsers))],
    roles: [...new Set(roles.filter(allowRoles))],
    everyone: everyone && parse.includes('everyone'),
  };
}

/** In-memory state shared by the REST routes, the gateway and the interaction driver. */
export class EmulatorState {
  readonly guilds = new Map<string, EmulatedGuild>();
  readonly channels = new Map<string, EmulatedChannel>();
  readonly users = new Map<string, EmulatedUser>();
  readonly messages = new Map<string, StoredMessage>();
  private readonly byChannel = new Map<string, StoredMessage[]>();
  readonly globalCommands = new Map<string, StoredCommand>();
  readonly guildCommands = new Map<string, Map<string, StoredCommand>>();
  /** channelId → `${authorId}:${nonce}` → message id and time. */
  private readonly nonces = new Map<string, Map<string, { messageId: string; at: number }>>();

  /**
   * @param ids - the one generator of every id in this world (bot, application, users, guilds, channels,
   *   messages, interactions), so no two objects share an id
   * @param botPermissions - the bot's permissions in every guild (its managed role's), before channel overwrites
   */
  constructor(
    readonly applicationId: string,
    readonly botUser: EmulatedUser,
    readonly nonceWindowMs: number,
    readonly ids: SnowflakeGenerator,
    public botPermissions: bigint = DEFAULT_BOT_PERMISSIONS,
  ) {
    this.users.set(botUser.id, botUser);
  }

  /**
   * The bot's permissions in a channel, computed as Discord does (docs/topics/permissions: "Implicit
   * Permissions" and "Inherited Permissions (Threads)"): Administrator grants everything; otherwise the
   * role's permissions minus the channel's (and for a thread, its parent's) overwrite; without View
   * Channel nothing else counts; without the right to send (Send Messages, in threads Send Messages in
   * Threads) Mention Everyone, TTS, Attach Files and Embed Links do not count either.
   */
  botPermissionsIn(channel: EmulatedChannel): bigint {
    if (this.botPermissions & P.Administrator) return ALL_PERMISSIONS;
    const parent = channel.thread && channel.parentId ? this.channels.get(channel.parentId) : undefined;
    let bits = this.botPermissions & ~channel.botDeny & ~(parent?.botDeny ?? 0n);
    if (!(bits & P.ViewChannel)) return 0n;
    const send = channel.thread ? P.SendMessagesInThreads : P.SendMessages;
    if (!(bits & send)) bits &= ~(P.MentionEveryone | P.SendTTSMessages | P.AttachFiles | P.EmbedLinks);
    return bits;
  }

  /** Whether the bot has every permission in `bits` in `channel`. */
  botCan(channel: EmulatedChannel, bits: bigint): boolean {
    return (this.botPermissionsIn(channel) & bits) === bits;
  }

  /** Adds a human user; returns it. */
  addUser(partial: Partial<EmulatedUser> & { username: string }): EmulatedUser {
    const user: EmulatedUser = {
      id: partial.id ?? this.ids.next(),
      username: partial.username,
      global_name: partial.global_name ?? partial.username[0]!.toUpperCase() + partial.username.slice(1),
      discriminator: '0',
      avatar: null,
      ...(partial.bot ? { bot: true } : {}),
    };
    this.users.set(user.id, user);
    return user;
  }

  /** Adds a guild with its channels and roles (an @everyone role is always created, id = guild id). */
  addGuild(opts: GuildOptions, ownerId: string): EmulatedGuild {
    const id = opts.id ?? this.ids.next();
    const guild: EmulatedGuild = {
      id,
      name: opts.name,
      ownerId,
      // @everyone grants nothing here, so the bot has exactly its own role's permissions: the strict case
      // of a server that locks its channels, where only what the invite asked for works.
      roles: [{ id, name: '@everyone', permissions: '0', position: 0, color: 0, hoist: false, managed: false, mentionable: false }],
      botRoleId: '',
      channelIds: [],
      joinedAt: new Date().toISOString(),
    };
    (opts.roles ?? []).forEach((r, i) => {
      guild.roles.push({
        id: r.id ?? this.ids.next(),
        name: r.name,
        permissions: (r.permissions ?? 0n).toString(),
        position: i + 1,
        color: 0,
        hoist: false,
        managed: false,
        mentionable: r.mentionable ?? true,
      });
    });
    guild.botRoleId = this.ids.next();
    guild.roles.push({
      id: guild.botRoleId,
      name: this.botUser.username,
      permissions: this.botPermissions.toString(),
      position: guild.roles.length,
      color: 0,
      hoist: false,
      managed: true,
      mentionable: false,
    });
    this.guilds.set(id, guild);
    (opts.channels ?? []).forEach((c) => this.addChannel(id, c));
    return guild;
  }

  /** Adds a channel to a guild; returns it. */
  addChannel(guildId: string, c: ChannelOptions): EmulatedChannel {
    const guild = this.guilds.get(guildId);
    if (!guild) throw new Error(`discord-emulator: unknown guild ${guildId}`);
    const access: ChannelAccess = c.forbidden === true ? 'missing-access' : c.forbidden ? c.forbidden : 'ok';
    const channel: EmulatedChannel = {
      id: c.id ?? this.ids.next(),
      name: c.name,
      type: c.type ?? ChannelKind.GuildText,
      guildId,
      parentId: c.parentId ?? null,
      position: guild.channelIds.length,
      topic: c.topic ?? null,
      botDeny: accessDeny(access) | (c.deny ?? 0n),
    };
    this.channels.set(channel.id, channel);
    guild.channelIds.push(channel.id);
    return channel;
  }

  /** Discord's channel object for a channel or thread. */
  channelObject(channel: EmulatedChannel): Obj {
    const last = this.byChannel.get(channel.id)?.at(-1);
    const base: Obj = {
      id: channel.id,
      type: channel.type,
      guild_id: channel.guildId ?? undefined,
      name: channel.name,
      last_message_id: last?.message.id ?? null,
      rate_limit_per_user: 0,
      flags: 0,
      parent_id: channel.parentId,
    };
    if (channel.thread) {
      return {
        ...base,
        owner_id: channel.thread.ownerId,
        message_count: this.byChannel.get(channel.id)?.length ?? 0,
        total_message_sent: this.byChannel.get(channel.id)?.length ?? 0,
        member_count: 1,
        thread_metadata: {
          archived: false,
          auto_archive_duration: channel.thread.autoArchiveDuration,
          archive_timestamp: channel.thread.createdAt,
          locked: false,
          create_timestamp: channel.thread.createdAt,
        },
      };
    }
    const botRoleId = channel.guildId ? this.guilds.get(channel.guildId)?.botRoleId : undefined;
    const overwrites = channel.botDeny && botRoleId ? [{ id: botRoleId, type: 0, allow: '0', deny: channel.botDeny.toString() }] : [];
    return { ...base, position: channel.position, permission_overwrites: overwrites, topic: channel.topic, nsfw: false };
  }

  /** Discord's guild object (as GET /guilds/:id returns it). */
  guildObject(guild: EmulatedGuild): Obj {
    const firstText = guild.channelIds.map((id) => this.channels.get(id)).find((c) => c?.type === ChannelKind.GuildText);
    return {
      id: guild.id,
      name: guild.name,
      icon: null,
      icon_hash: null,
      splash: null,
      discovery_splash: null,
      banner: null,
      description: null,
      owner_id: guild.ownerId,
      afk_channel_id: null,
      afk_timeout: 300,
      verification_level: 1,
      default_message_notifications: 1,
      explicit_content_filter: 2,
      roles: guild.roles.map((r) => ({
        ...r,
        icon: null,
        unicode_emoji: null,
        flags: 0,
        colors: { primary_color: r.color, secondary_color: null, tertiary_color: null },
        ...(r.id === guild.botRoleId ? { tags: { bot_id: this.botUser.id } } : {}),
      })),
      emojis: [],
      stickers: [],
      features: [],
      mfa_level: 0,
      application_id: null,
      system_channel_id: firstText?.id ?? null,
      system_channel_flags: 0,
      rules_channel_id: null,
      public_updates_channel_id: null,
      safety_alerts_channel_id: null,
      max_members: 500_000,
      max_presences: null,
      max_video_channel_users: 25,
      max_stage_video_channel_users: 50,
      vanity_url_code: null,
      premium_tier: 0,
      premium_subscription_count: 0,
      premium_progress_bar_enabled: false,
      preferred_locale: 'en-US',
      nsfw_level: 0,
      nsfw: false,
      hub_type: null,
      incidents_data: null,
    };
  }

  /** The GUILD_CREATE payload for a guild: the guild plus channels, active threads and the bot's own member. */
  guildCreate(guild: EmulatedGuild): Obj {
    const channels = guild.channelIds.map((id) => this.channels.get(id)!).filter(Boolean);
    return {
      ...this.guildObject(guild),
      joined_at: guild.joinedAt,
      large: false,
      unavailable: false,
      member_count: this.users.size,
      voice_states: [],
      members: [this.memberObject(this.botUser, { joinedAt: guild.joinedAt, roles: [guild.botRoleId] })],
      // Discord omits guild_id on the channels nested in GUILD_CREATE.
      channels: channels
        .filter((c) => !c.thread)
        .map((c) => {
          const { guild_id: _omit, ...rest } = this.channelObject(c);
          void _omit;
          return rest;
        }),
      threads: channels.filter((c) => c.thread).map((c) => this.channelObject(c)),
      presences: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
      embedded_activities: [],
      activity_instances: [],
      lazy: true,
      application_command_counts: {},
    };
  }

  /** Discord's member object for a user in a guild. */
  memberObject(user: EmulatedUser, opts: { permissions?: string; roles?: string[]; joinedAt?: string } = {}): Obj {
    return {
      user: this.userObject(user),
      nick: null,
      avatar: null,
      banner: null,
      roles: opts.roles ?? [],
      joined_at: opts.joinedAt ?? new Date(Date.now() - 86_400_000).toISOString(),
      premium_since: null,
      deaf: false,
      mute: false,
      flags: 0,
      pending: false,
      communication_disabled_until: null,
      ...(opts.permissions !== undefined ? { permissions: opts.permissions } : {}),
    };
  }

  /** Discord's user object. */
  userObject(user: EmulatedUser): Obj {
    return {
      id: user.id,
      username: user.username,
      global_name: user.global_name,
      discriminator: user.discriminator,
      avatar: user.avatar,
      public_flags: 0,
      ...(user.bot ? { bot: true } : {}),
    };
  }

  /**
   * Whom the bot's message content may ping in a channel: a role only if it is mentionable or the bot has
   * Mention Everyone ("also enables mentioning any role"), @everyone and @here only with Mention Everyone.
   */
  private botPings(channelId: string, content: string, allowed: unknown): Pinged {
    const channel = this.channels.get(channelId);
    const guild = channel?.guildId ? this.guilds.get(channel.guildId) : undefined;
    const all = channel ? this.botCan(channel, P.MentionEveryone) : false;
    const roles = (guild?.roles ?? []).filter((r) => r.id !== guild?.id && (r.mentionable || all)).map((r) => r.id);
    return computePings(content, allowed, roles, all);
  }

  /**
   * Stores a new message in `channelId` built from a create body. The caller has validated the body.
   * `extra` carries the Discord fields that depend on where the message came from.
   */
  createMessage(
    channelId: string,
    body: Obj,
    meta: {
      source: StoredMessage['source'];
      interactionId?: string | null;
      author?: EmulatedUser;
      type?: number;
      flags?: number;
      extra?: Obj;
      /** Files uploaded with the request (multipart), shown as attachments. */
      files?: UploadedFile[];
    },
  ): StoredMessage {
    const author = meta.author ?? this.botUser;
    const flags = meta.flags ?? (typeof body.flags === 'number' ? body.flags : 0);
    const content = typeof body.content === 'string' ? body.content : '';
    const pinged = this.botPings(channelId, content, body.allowed_mentions);
    const message = {
      id: this.ids.next(),
      type: meta.type ?? 0,
      channel_id: channelId,
      author: this.userObject(author),
      content,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: body.tts === true,
      mention_everyone: pinged.everyone,
      mentions: pinged.users
        .map((id) => this.users.get(id))
        .filter((u): u is EmulatedUser => !!u)
        .map((u) => this.userObject(u)),
      mention_roles: pinged.roles,
      attachments: (meta.files ?? []).map((f) => this.attachmentObject(channelId, f)),
      embeds: normalizeEmbeds(body.embeds),
      components: Array.isArray(body.components) ? cloneData(body.components) : [],
      pinned: false,
      flags,
      ...(body.nonce !== undefined && body.nonce !== null ? { nonce: body.nonce } : {}),
      ...(meta.extra ?? {}),
    } as unknown as APIMessage;
    const stored: StoredMessage = {
      message,
      ephemeral: (flags & 64) !== 0,
      deleted: false,
      source: meta.source,
      interactionId: meta.interactionId ?? null,
      pinged,
      createdAt: Date.now(),
      history: [cloneData(body)],
    };
    this.messages.set(message.id, stored);
    let list = this.byChannel.get(channelId);
    if (!list) this.byChannel.set(channelId, (list = []));
    list.push(stored);
    return stored;
  }

  /** Discord's attachment object for an uploaded file (its contents are counted, not kept). */
  private attachmentObject(channelId: string, f: UploadedFile): Obj {
    const id = this.ids.next();
    const url = `https://cdn.discordapp.com/attachments/${channelId}/${id}/${encodeURIComponent(f.name)}`;
    return { id, filename: f.name, size: f.size, content_type: f.contentType, url, proxy_url: url };
  }

  /**
   * Applies an edit body to a stored message (fields present replace the old ones, as Discord does). New
   * files are added; an `attachments` list keeps only the existing attachments it names.
   */
  editMessage(stored: StoredMessage, body: Obj, opts: { clearLoading?: boolean; files?: UploadedFile[] } = {}): StoredMessage {
    const m = stored.message as unknown as Obj;
    const files = opts.files ?? [];
    if (files.length > 0 || Array.isArray(body.attachments)) {
      const existing = (m.attachments as Obj[] | undefined) ?? [];
      const named = Array.isArray(body.attachments) ? new Set((body.attachments as Obj[]).map((a) => String(a.id))) : undefined;
      const kept = named ? existing.filter((a) => named.has(String(a.id))) : existing;
      m.attachments = [...kept, ...files.map((f) => this.attachmentObject(m.channel_id as string, f))];
    }
    if ('content' in body) m.content = typeof body.content === 'string' ? body.content : '';
    if ('embeds' in body) m.embeds = normalizeEmbeds(body.embeds);
    if ('components' in body) m.components = Array.isArray(body.components) ? cloneData(body.components) : [];
    if (typeof body.flags === 'number') {
      // Only SUPPRESS_EMBEDS (4) may be toggled by an edit; ephemeral and loading are Discord's to set.
      m.flags = ((m.flags as number) & ~4) | (body.flags & 4);
    }
    if (opts.clearLoading) m.flags = (m.flags as number) & ~128;
    if ('content' in body || 'allowed_mentions' in body) {
      stored.pinged = this.botPings(m.channel_id as string, m.content as string, body.allowed_mentions);
      m.mentions = stored.pinged.users
        .map((id) => this.users.get(id))
        .filter((u): u is EmulatedUser => !!u)
        .map((u) => this.userObject(u));
      m.mention_roles = stored.pinged.roles;
      m.mention_everyone = stored.pinged.everyone;
    }
    m.edited_timestamp = opts.clearLoading ? null : new Date().toISOString();
    stored.history.push(cloneData(body));
    return stored;
  }

  /** Stores a message the emulator did not create (e.g. one a test put into a hand-built payload). */
  adoptMessage(message: APIMessage): StoredMessage {
    const stored: StoredMessage = {
      message: structuredClone(message),
      ephemeral: ((message.flags ?? 0) & 64) !== 0,
      deleted: false,
      source: 'channel',
      interactionId: null,
      pinged: { users: [], roles: [], everyone: false },
      createdAt: Date.now(),
      history: [],
    };
    this.messages.set(message.id, stored);
    let list = this.byChannel.get(message.channel_id);
    if (!list) this.byChannel.set(message.channel_id, (list = []));
    list.push(stored);
    return stored;
  }

  /** Marks a message deleted; it no longer shows in its channel. */
  deleteMessage(stored: StoredMessage): void {
    stored.deleted = true;
  }

  /** Messages shown in a channel, oldest first (deleted ones never; ephemeral ones only if asked). */
  channelMessages(channelId: string, opts: { includeEphemeral?: boolean } = {}): StoredMessage[] {
    return (this.byChannel.get(channelId) ?? []).filter((s) => !s.deleted && (opts.includeEphemeral || !s.ephemeral));
  }

  /** The message a nonce already produced in this channel within the window, if any. */
  findByNonce(channelId: string, authorId: string, nonce: string | number): StoredMessage | undefined {
    const hit = this.nonces.get(channelId)?.get(`${authorId}:${String(nonce)}`);
    if (!hit || Date.now() - hit.at > this.nonceWindowMs) return undefined;
    return this.messages.get(hit.messageId);
  }

  /** Remembers which message a nonce produced. */
  rememberNonce(channelId: string, authorId: string, nonce: string | number, messageId: string): void {
    let map = this.nonces.get(channelId);
    if (!map) this.nonces.set(channelId, (map = new Map()));
    map.set(`${authorId}:${String(nonce)}`, { messageId, at: Date.now() });
  }

  /** The command table for the global scope or a guild. */
  commandTable(guildId: string | null): Map<string, StoredCommand> {
    if (!guildId) return this.globalCommands;
    let table = this.guildCommands.get(guildId);
    if (!table) this.guildCommands.set(guildId, (table = new Map()));
    return table;
  }

  /** Turns a definition into the stored command object Discord returns, keeping the id of a same-named command. */
  materializeCommand(def: Obj, guildId: string | null, existingId?: string): StoredCommand {
    const type = (def.type as number | undefined) ?? 1;
    return {
      ...structuredClone(def),
      id: existingId ?? this.ids.next(),
      application_id: this.applicationId,
      ...(guildId ? { guild_id: guildId } : {}),
      name: def.name as string,
      description: (def.description as string | undefined) ?? '',
      type,
      version: this.ids.next(),
      default_member_permissions: (def.default_member_permissions as string | null | undefined) ?? null,
      dm_permission: guildId ? undefined : ((def.dm_permission as boolean | undefined) ?? true),
      nsfw: (def.nsfw as boolean | undefined) ?? false,
      integration_types: (def.integration_types as number[] | undefined) ?? [0],
      contexts: (def.contexts as number[] | null | undefined) ?? null,
      options: (def.options as unknown[] | undefined) ?? undefined,
    } as StoredCommand;
  }

  /** Finds the command an interaction for `name` would carry: guild commands win over global ones. */
  findCommand(name: string, guildId: string | null, type = 1): StoredCommand | undefined {
    const match = (t: Map<string, StoredCommand> | undefined) => [...(t?.values() ?? [])].find((c) => c.name === name && c.type === type);
    return (guildId ? match(this.guildCommands.get(guildId)) : undefined) ?? match(this.globalCommands);
  }
}

/** Discord adds `type: 'rich'` to embeds that do not say otherwise. */
function normalizeEmbeds(embeds: unknown): unknown[] {
  if (!Array.isArray(embeds)) return [];
  return embeds.map((e) => ({ type: 'rich', ...(cloneData(e) as Obj) }));
}
