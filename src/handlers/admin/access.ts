/**
 * What every `/paper-admin` handler checks first: that the announcements feature is running in this bot,
 * that the interaction comes from a server, and that the member may manage it.
 */
import { PermissionFlagsBits } from 'discord.js';
import { noticeMessage } from '../../cards/cards.js';
import type { AnnouncementAdmin } from '../../app/contracts.js';
import { reply, type HandlerContext, type InteractionActor, type Reply } from '../types.js';

/** True when a permission bitfield (Discord's decimal string) includes Manage Server or Administrator. */
export function canManageGuild(permissions: string | null): boolean {
  if (!permissions || !/^\d+$/.test(permissions)) return false;
  const bits = BigInt(permissions);
  return (bits & (PermissionFlagsBits.ManageGuild | PermissionFlagsBits.Administrator)) !== 0n;
}

/** An admin's request, once every check passed. */
export interface AdminRequest {
  admin: AnnouncementAdmin;
  guildId: string;
}

/**
 * Runs the checks; returns the request, or the ephemeral reply that explains why not.
 * `default_member_permissions` hides the command, but a server may grant it to anyone: this is the real gate.
 */
export function authorize(actor: InteractionActor, ctx: HandlerContext): AdminRequest | Reply {
  const admin = ctx.announcements;
  if (!admin) return reply(noticeMessage('Announcements are not set up in this bot.'));
  if (!actor.guildId) return reply(noticeMessage('This command works in a server only.'));
  if (!canManageGuild(actor.memberPermissions)) return reply(noticeMessage('Only members with the Manage Server permission can do this.'));
  return { admin, guildId: actor.guildId };
}

/** Narrows {@link authorize}'s result. */
export function isReply(x: AdminRequest | Reply): x is Reply {
  return 'kind' in x;
}
