/**
 * `/paper-admin reading-group [role] [clear]`: the role whose members organise the reading group (end any
 * poll, settle ties, undo picks; and, once set, the only ones who start polls and schedule sessions).
 */
import { noticeMessage } from '../../cards/cards.js';
import { canManageGuild } from '../admin/access.js';
import { reply, type CommandHandler } from '../types.js';

/** `/paper-admin reading-group`. */
export const readingGroupRoleCommand: CommandHandler = {
  run(input, ctx) {
    const group = ctx.readingGroup;
    if (!group) return reply(noticeMessage('The reading group is not set up in this bot.'));
    if (!input.guildId) return reply(noticeMessage('This command works in a server only.'));
    if (!canManageGuild(input.memberPermissions)) return reply(noticeMessage('Only members with the Manage Server permission can do this.'));
    const at = ctx.now().toISOString();
    if (input.options.clear === true) {
      group.store.setOrganiserRole(input.guildId, null, at);
      return reply(noticeMessage('No organiser role any more: anyone may start a poll or schedule a session; the starter or Manage Server ends a poll.'));
    }
    const role = input.options.role;
    if (typeof role !== 'string' || !/^\d{15,22}$/.test(role)) {
      const current = group.store.organiserRole(input.guildId);
      return reply(
        noticeMessage(
          current
            ? `The reading group’s organisers are <@&${current}>. Change it with \`/paper-admin reading-group role:@role\`, or \`clear:true\`.`
            : 'No organiser role is set: anyone may start a poll or schedule a session. Set one with `/paper-admin reading-group role:@role`.',
        ),
      );
    }
    if (role === input.guildId) return reply(noticeMessage('@everyone cannot be the organiser role; leave the role unset for “anyone”.'));
    group.store.setOrganiserRole(input.guildId, role, at);
    return reply(
      noticeMessage(
        `<@&${role}> now organises the reading group: its members (and Manage Server) start polls, schedule sessions, end polls, settle ties and undo picks; a poll’s starter may still end it.`,
      ),
    );
  },
};
