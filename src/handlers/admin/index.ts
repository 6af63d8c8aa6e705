/**
 * The handlers of `/paper-admin` and of the review buttons.
 */
import { REVIEW_ACTION } from '../../announce/messages.js';
import type { CommandHandler, ComponentHandler } from '../types.js';
import { checkNowCommand } from './check-now.js';
import { digestCommand } from './digest.js';
import { reviewButton, reviewCommand } from './review.js';
import { alertsCommand, channelCommand, roleCommand } from './settings.js';
import { statusCommand } from './status.js';

/** `/paper-admin` subcommands by runnable path. */
export const adminCommands: Record<string, CommandHandler> = {
  'paper-admin channel': channelCommand,
  'paper-admin alerts': alertsCommand,
  'paper-admin role': roleCommand,
  'paper-admin status': statusCommand,
  'paper-admin check-now': checkNowCommand,
  'paper-admin review': reviewCommand,
  'paper-admin digest': digestCommand,
};

/** Components of admin messages by custom_id action tag. */
export const adminComponents: Record<string, ComponentHandler> = {
  [REVIEW_ACTION]: reviewButton,
};
