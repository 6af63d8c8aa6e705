/**
 * The registry of `paperbot` subcommands, in the order `help` lists them. A new subcommand is one module in
 * this folder exporting a `CliCommand`, plus one line here.
 */
import type { CliCommand } from '../command.js';
import { announceCommand } from './announce.js';
import { citeCommand } from './cite.js';
import { digestCommand } from './digest.js';
import { createHelpCommand } from './help.js';
import { historyCommand } from './history.js';
import { randomCommand } from './random.js';
import { searchCommand } from './search.js';
import { showCommand } from './show.js';
import { similarCommand } from './similar.js';
import { statsCommand } from './stats.js';
import { suggestCommand } from './suggest.js';
import { syncCommand } from './sync.js';

export const COMMANDS: readonly CliCommand[] = [
  searchCommand,
  randomCommand,
  showCommand,
  similarCommand,
  citeCommand,
  statsCommand,
  suggestCommand,
  syncCommand,
  announceCommand,
  historyCommand,
  digestCommand,
  createHelpCommand(() => COMMANDS),
];

/** The subcommand with this name, if any. */
export function findCommand(name: string): CliCommand | undefined {
  return COMMANDS.find((c) => c.name === name);
}
