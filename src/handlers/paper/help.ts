/**
 * `/paper help`, written from the command definition itself so it can never drift from what is registered.
 */
import { ApplicationCommandOptionType } from 'discord.js';
import paperCommand from '../../../commands/paper.js';
import { commandPaths } from '../../bot/command-module.js';
import { helpMessage, type HelpEntry } from '../../cards/cards.js';
import { reply, type CommandHandler } from '../types.js';

const EXTRA: Record<string, string> = {
  'paper search': 'Prev/Next turn pages; the menu opens one paper’s full card.',
  'paper random': 'Reroll draws again; “Pick for reading group” posts it here and opens a discussion thread.',
  'paper poll': 'The winner becomes the pick when the poll ends; a tie goes to buttons for whoever started it.',
  'paper schedule': 'A reminder with the paper’s card goes to this channel before each session.',
  'paper reading-list': 'Digest cards have “Save to reading list” and “Not relevant” for everyone; the menu removes a paper.',
};

/** The usage lines of every /paper subcommand. */
export function paperHelpEntries(): HelpEntry[] {
  return commandPaths(paperCommand.definition).map((p) => {
    const options = p.options
      .filter((o) => o.type !== ApplicationCommandOptionType.Subcommand && o.type !== ApplicationCommandOptionType.SubcommandGroup)
      .map((o) => ('required' in o && o.required ? `${o.name}:<…>` : `[${o.name}]`));
    const extra = EXTRA[p.key];
    return { usage: `/${[p.key, ...options].join(' ')}`, description: extra ? `${p.description}. ${extra}` : `${p.description}.` };
  });
}

/** `/paper help`. */
export const helpCommand: CommandHandler = {
  run: () => reply(helpMessage(paperHelpEntries())),
};
