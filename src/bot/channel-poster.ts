/**
 * The {@link ChannelPoster} over discord.js's REST client: posting in a channel, opening a thread and looking
 * a channel up are plain REST calls, so they need no channel cache and no extra gateway intents.
 */
import {
  DiscordAPIError,
  PermissionFlagsBits,
  Routes,
  ThreadAutoArchiveDuration,
  type APIChannel,
  type APIGuildMember,
  type APIMessage,
  type APIOverwrite,
  type APIRole,
  type APIUser,
  type REST,
} from 'discord.js';
import type { ChannelInspection, ChannelPoster } from '../handlers/types.js';

const ALL_PERMISSIONS = (1n << 64n) - 1n;

/**
 * A member's permissions in a guild channel, computed as Discord does: the @everyone role and the member's
 * roles, Administrator grants everything, then the channel's overwrites for @everyone, for the member's roles
 * (all denies, then all allows) and for the member.
 */
export function channelPermissions(args: {
  guildId: string;
  userId: string;
  memberRoles: readonly string[];
  roles: readonly Pick<APIRole, 'id' | 'permissions'>[];
  overwrites: readonly Pick<APIOverwrite, 'id' | 'allow' | 'deny'>[];
}): bigint {
  const byId = new Map(args.roles.map((r) => [r.id, BigInt(r.permissions)]));
  let perms = byId.get(args.guildId) ?? 0n;
  for (const id of args.memberRoles) perms |= byId.get(id) ?? 0n;
  if ((perms & PermissionFlagsBits.Administrator) !== 0n) return ALL_PERMISSIONS;
  const overwrite = (id: string) => args.overwrites.find((o) => o.id === id);
  const everyone = overwrite(args.guildId);
  if (everyone) perms = (perms & ~BigInt(everyone.deny)) | BigInt(everyone.allow);
  let allow = 0n;
  let deny = 0n;
  for (const id of args.memberRoles) {
    const o = overwrite(id);
    if (o) {
      allow |= BigInt(o.allow);
      deny |= BigInt(o.deny);
    }
  }
  perms = (perms & ~deny) | allow;
  const own = overwrite(args.userId);
  if (own) perms = (perms & ~BigInt(own.deny)) | BigInt(own.allow);
  return perms;
}

/** Creates a ChannelPoster that talks to Discord (or the configured API root) through `rest`. */
export function createRestChannelPoster(rest: REST): ChannelPoster {
  let botUserId: Promise<string> | undefined;
  return {
    async postMessage(channelId, message) {
      // allowed_mentions is already { parse: [] } on every payload built by src/cards; flags do not apply here.
      const { flags: _flags, ...body } = message;
      const posted = (await rest.post(Routes.channelMessages(channelId), { body })) as APIMessage;
      return { id: posted.id };
    },
    async startThread(channelId, messageId, name) {
      const thread = (await rest.post(Routes.threads(channelId, messageId), {
        body: { name, auto_archive_duration: ThreadAutoArchiveDuration.OneWeek },
      })) as APIChannel;
      return { id: thread.id };
    },
    async inspectChannel(channelId): Promise<ChannelInspection> {
      let channel: APIChannel;
      try {
        channel = (await rest.get(Routes.channel(channelId))) as APIChannel;
      } catch (err) {
        if (err instanceof DiscordAPIError && (err.code === 10003 || err.status === 404)) return { kind: 'unknown' };
        if (err instanceof DiscordAPIError && (err.code === 50001 || err.status === 403)) return { kind: 'hidden' };
        throw err;
      }
      const guildId = 'guild_id' in channel && channel.guild_id ? channel.guild_id : null;
      if (!guildId) return { kind: 'found', guildId: null, permissions: 0n };
      botUserId ??= (rest.get(Routes.user()) as Promise<APIUser>).then((u) => u.id);
      const userId = await botUserId.catch((err: unknown) => {
        botUserId = undefined;
        throw err;
      });
      const [member, roles] = (await Promise.all([rest.get(Routes.guildMember(guildId, userId)), rest.get(Routes.guildRoles(guildId))])) as [
        APIGuildMember,
        APIRole[],
      ];
      const overwrites = 'permission_overwrites' in channel ? (channel.permission_overwrites ?? []) : [];
      return { kind: 'found', guildId, permissions: channelPermissions({ guildId, userId, memberRoles: member.roles, roles, overwrites }) };
    },
  };
}
