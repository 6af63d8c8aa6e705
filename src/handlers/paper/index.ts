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
import { READING_LIST_ACTIONS } from '../../cards/reading-list-buttons.js';
import { notRelevantButton, readingListCommand, readingListPageButton, readingListRemoveSelect, saveButton } from './reading-list.js';

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
  'paper reading-list': readingListCommand,
};

/** Components of /paper messages by custom_id action tag. */
export const paperComponents: Record<string, ComponentHandler> = {
  [ACTIONS.page]: searchPageButton,
  [ACTIONS.open]: openResultSelect,
  [ACTIONS.reroll]: rerollButton,
  [ACTIONS.similar]: similarButton,
  [ACTIONS.cite]: citeButton,
  [ACTIONS.pick]: pickButton,
  [READING_LIST_ACTIONS.save]: saveButton,
  [READING_LIST_ACTIONS.notRelevant]: notRelevantButton,
  [READING_LIST_ACTIONS.page]: readingListPageButton,
  [READING_LIST_ACTIONS.remove]: readingListRemoveSelect,
};
