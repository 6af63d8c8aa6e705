/**
 * Who may do what in the reading group. Defaults: anyone may start a poll or schedule a session; the poll's
 * starter, an organiser or a member with Manage Server may end it or settle its tie; organisers and Manage
 * Server undo picks. With an organiser role set (`/paper-admin reading-group`), starting and scheduling
 * are the organisers' too. Every check runs when the command or button runs, never from what a message says.
 */
import { canManageGuild } from '../admin/access.js';
import type { ReadingGroupApi } from '../../reading-group/types.js';
import type { InteractionActor } from '../types.js';

/** True for a member with Manage Server, or with the server's organiser role. */
export function isOrganiser(actor: InteractionActor, group: ReadingGroupApi): boolean {
  if (canManageGuild(actor.memberPermissions)) return true;
  const role = actor.guildId ? group.store.organiserRole(actor.guildId) : null;
  return role !== null && (actor.memberRoles ?? []).includes(role);
}

/** Whether the member may start a poll or schedule a session: anyone, unless an organiser role is set. */
export function mayOrganise(actor: InteractionActor, group: ReadingGroupApi): boolean {
  if (!actor.guildId) return false;
  return group.store.organiserRole(actor.guildId) === null || isOrganiser(actor, group);
}

/** Whether the member may end a poll or settle its tie: its starter, an organiser, or Manage Server. */
export function mayEnd(actor: InteractionActor, group: ReadingGroupApi, startedBy: string): boolean {
  return actor.userId === startedBy || isOrganiser(actor, group);
}

/** The sentence that says who may do it. */
export function whoMay(what: string, group: ReadingGroupApi, guildId: string, alsoStarter = false): string {
  const role = group.store.organiserRole(guildId);
  const who = [alsoStarter ? 'the member who started the poll' : '', role ? `members with <@&${role}>` : '', 'members with Manage Server'].filter(Boolean);
  return `Only ${who.join(', ')} can ${what}.`;
}
