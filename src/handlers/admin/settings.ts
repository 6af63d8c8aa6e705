/**
 * `/paper-admin channel`, `alerts` and `role`: where announcements, reviews and failure reports go, and
 * which role is pinged. Settings are per server and override `ANNOUNCE_CHANNEL_ID` / `ADMIN_CHANNEL_ID`.
 */
import { noticeMessage } from '../../cards/cards.js';
import { reply, type CommandHandler } from '../types.js';
import { authorize, isReply } from './access.js';

/** `/paper-admin channel <#channel>`. */
export const channelCommand: CommandHandler = {
  run(input, ctx) {
    const req = authorize(input, ctx);
    if (isReply(req)) return req;
    const channelId = String(input.options.channel ?? '');
    req.admin.store.setAnnounceChannel(req.guildId, channelId);
    // Setting the channel again is how an admin says "fixed": announcements that failed there are resent.
    const resent = req.admin.store.requeueFailed(channelId);
    if (resent > 0) void req.admin.runner()?.deliverNow().catch((err: unknown) => ctx.logger.error({ err }, 'resending failed announcements failed'));
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
  run(input, ctx) {
    const req = authorize(input, ctx);
    if (isReply(req)) return req;
    const channelId = String(input.options.channel ?? '');
    const queued = req.admin.store.setAdminChannel(req.guildId, channelId) + req.admin.store.requeueFailed(channelId);
    if (queued > 0) void req.admin.runner()?.deliverNow().catch((err: unknown) => ctx.logger.error({ err }, 'delivering review cards failed'));
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
    return reply(noticeMessage(current ? `Announcements ping <@&${current}>. Use \`clear:True\` to stop.` : 'Announcements ping no role. Pick one with `role:`.'));
  },
};
