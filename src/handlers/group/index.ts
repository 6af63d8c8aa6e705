/**
 * The handlers of the reading group: polls, sessions, undoing picks, the organiser role and the
 * "Find lab papers like this" message command.
 */
import { TIE_ACTION } from '../../reading-group/messages.js';
import type { CommandHandler, ComponentHandler } from '../types.js';
import { readingGroupRoleCommand } from './admin.js';
import { unpickCommand } from './history.js';
import { pollCommand, pollEndCommand, tieButton } from './poll.js';
import { scheduleCommand, sessionsCommand } from './sessions.js';
import { FIND_LIKE_THIS, findLikeThisCommand } from './similar-message.js';

/** Commands by runnable path (a message command by its name). */
export const groupCommands: Record<string, CommandHandler> = {
  'paper poll': pollCommand,
  'paper poll-end': pollEndCommand,
  'paper schedule': scheduleCommand,
  'paper sessions': sessionsCommand,
  'paper unpick': unpickCommand,
  'paper-admin reading-group': readingGroupRoleCommand,
  [FIND_LIKE_THIS]: findLikeThisCommand,
};

/** Components by custom_id action tag. */
export const groupComponents: Record<string, ComponentHandler> = {
  [TIE_ACTION]: tieButton,
};
