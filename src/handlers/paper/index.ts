/**
 * The handlers of `/paper` and of the components on its messages.
 */
import { ACTIONS } from '../../cards/custom-id.js';
import type { CommandHandler, ComponentHandler } from '../types.js';
import { helpCommand } from './help.js';
import { historyCommand, pickButton, randomCommand, rerollButton } from './random.js';
import { openResultSelect, searchCommand, searchPageButton } from './search.js';
import { citeButton, citeCommand, recentCommand, showCommand, similarButton } from './show.js';
import { statsCommand } from './stats.js';

/** `/paper` subcommands by runnable path. */
export const paperCommands: Record<string, CommandHandler> = {
  'paper search': searchCommand,
  'paper random': randomCommand,
  'paper show': showCommand,
  'paper recent': recentCommand,
  'paper cite': citeCommand,
  'paper history': historyCommand,
  'paper help': helpCommand,
  'paper stats': statsCommand,
};

/** Components of /paper messages by custom_id action tag. */
export const paperComponents: Record<string, ComponentHandler> = {
  [ACTIONS.page]: searchPageButton,
  [ACTIONS.open]: openResultSelect,
  [ACTIONS.reroll]: rerollButton,
  [ACTIONS.similar]: similarButton,
  [ACTIONS.cite]: citeButton,
  [ACTIONS.pick]: pickButton,
};
