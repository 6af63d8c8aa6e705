/**
 * `/paper-admin channel`, `alerts` and `role`: where announcements, reviews and failure reports go, and
 * which role is pinged. Settings are per server and override `ANNOUNCE_CHANNEL_ID` / `ADMIN_CHANNEL_ID`.
 * A channel is stored only once Discord confirms it is in this server and the bot can post cards there.
 */
import { PermissionFlagsBits } from 'discord.js';
import { noticeMessage } from '../../cards/cards.js';
import { reply, type ChannelInspection, type CommandHandler, type CommandInput, type HandlerContext, type Reply } from '../types.js';
import { authorize, isReply } from './access.js';

/** What the bot needs in a channel it announces in or reports to, with the names an admin sees in Discord. */
const NEEDED: readonly [bigint, string][] = [
  [PermissionFlagsBits.ViewChannel, 'View Channel'],
  [PermissionFlagsBits.SendMessages, 'Send Messages'],
  [PermissionFlagsBits.EmbedLinks, 'Embed Links'],
];

/**
 * The `channel` option, checked with Discord: present, a channel of this server, and one the bot can post
 * cards in. Discord's resolved channel data carries neither the server nor the bot's permissions (its
 * `permissions` are the invoking member's), so the bot asks for the channel itself.
 */
export async function targetChannel(input: CommandInput, ctx: HandlerContext, guildId: string, subcommand: string): Promise<{ channelId: string } | Reply> {
  const raw = input.options.channel;
  if (typeof raw !== 'string' || !/^\d{15,22}$/.test(raw)) {
    return reply(noticeMessage(`Pick a channel: \`/paper-admin ${subcommand} channel:#papers\`.`));
  }
  let found: ChannelInspection;
  try {
    found = await ctx.discord.inspectChannel(raw);
  } catch (err) {
    ctx.logger.warn({ err, guildId, channelId: raw }, 'could not look up a channel for /paper-admin');
    return reply(noticeMessage(`I could not check <#${raw}> with Discord just now; nothing was changed. Please try again.`));
  }
  if (found.kind === 'unknown') return reply(noticeMessage('Discord knows no such channel (was it deleted?). Nothing was changed.'));
  if (found.kind === 'hidden') {
    return reply(noticeMessage(`I cannot see <#${raw}>: the bot lacks View Channel there. Grant it, then run this again. Nothing was changed.`));
  }
  if (found.guildId !== guildId) return reply(noticeMessage('That channel is not in this server. Pick one of this server’s channels. Nothing was changed.'));
  const missing = NEEDED.filter(([bit]) => (found.permissions & bit) === 0n).map(([, name]) => name);
  if (missing.length > 0) {
    const list = missing.length === 1 ? missing[0] : `${missing.slice(0, -1).join(', ')} and ${missing.at(-1)}`;
    return reply(
      noticeMessage(
        `I cannot post cards in <#${raw}>: the bot lacks ${list} there. Grant ${missing.length === 1 ? 'it' : 'them'}, then run this again. Nothing was changed.`,
      ),
    );
  }
  return { channelId: raw };
}

/** `/paper-admin channel <#channel>`. */
export const channelCommand: CommandHandler = {
  // Looking the channel up is a few REST calls: acknowledge first.
  defer: 'ephemeral',
  async run(input, ctx) {
    const req = authorize(input, ctx);
    if (isReply(req)) return req;
    const target = await targetChannel(input, ctx, req.guildId, 'channel');
    if ('kind' in target) return target;
    const { channelId } = target;
    req.admin.store.setAnnounceChannel(req.guildId, channelId);
    // Setting the channel again is how an admin says "fixed": announcements that failed there are resent.
    const resent = req.admin.store.requeueFailed(channelId);
    if (resent > 0)
      void req.admin
        .runner()
        ?.deliverNow()
        .catch((err: unknown) => ctx.logger.error({ err }, 'resending failed announcements failed'));
    const first = req.admin.store.isBaselined(channelId)
      ? 'Papers found from the next check on are posted there.'
      : 'The next check records what already exists and posts nothing there; papers after it are announced.';
    const again = resent > 0 ? ` ${resent} announcement${resent === 1 ? '' : 's'} that failed there before will be sent again now.` : '';
    ctx.logger.info({ guildId: req.guildId, channelId, userId: input.userId, resent }, 'announcement channel set');
    return reply(noticeMessage(`New lab papers will be announced in <#${channelId}>. ${first}${again}`));
  },
};

/** `/paper-admin alerts <#channel>`: also sends the cards of reviews still waiting, and what failed there. */
export const alertsCommand: CommandHandler = {
  defer: 'ephemeral',
  async run(input, ctx) {
    const req = authorize(input, ctx);
    if (isReply(req)) return req;
    const target = await targetChannel(input, ctx, req.guildId, 'alerts');
    if ('kind' in target) return target;
    const { channelId } = target;
    const queued = req.admin.store.setAdminChannel(req.guildId, channelId) + req.admin.store.requeueFailed(channelId);
    if (queued > 0)
      void req.admin
        .runner()
        ?.deliverNow()
        .catch((err: unknown) => ctx.logger.error({ err }, 'delivering review cards failed'));
    ctx.logger.info({ guildId: req.guildId, channelId, userId: input.userId, queued }, 'admin channel set');
    const waiting = queued > 0 ? ` ${queued} waiting card${queued === 1 ? '' : 's'} (reviews, earlier failures) will be posted there now.` : '';
    return reply(noticeMessage(`Review cards and delivery failures will go to <#${channelId}>.${waiting}`));
  },
};

/** `/paper-admin role [role] [clear]`. */
export const roleCommand: CommandHandler = {
  run(input, ctx) {
    const req = authorize(input, ctx);
    if (isReply(req)) return req;
    const role = input.options.role === undefined ? undefined : String(input.options.role);
    if (input.options.clear === true) {
      req.admin.store.setRole(req.guildId, null);
      return reply(noticeMessage('Announcements will ping no role.'));
    }
    if (role) {
      req.admin.store.setRole(req.guildId, role);
      ctx.logger.info({ guildId: req.guildId, roleId: role, userId: input.userId }, 'announcement role set');
      return reply(noticeMessage(`Announcements will ping <@&${role}> (and no one else). Make sure the role is mentionable or the bot may mention it.`));
    }
    const current = req.admin.store.guildSettings(req.guildId)?.roleId;
    return reply(
      noticeMessage(current ? `Announcements ping <@&${current}>. Use \`clear:True\` to stop.` : 'Announcements ping no role. Pick one with `role:`.'),
    );
  },
};
