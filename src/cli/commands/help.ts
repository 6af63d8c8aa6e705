/** `paperbot help [command]`. */
import type { CliCommand } from '../command.js';
import { UsageError } from '../errors.js';
import { commandHelp, globalHelp } from '../help-text.js';

/**
 * The help command over a list of commands. The registry hands its own list in, so this module never
 * imports the registry that lists it.
 */
export function createHelpCommand(commands: () => readonly CliCommand[]): CliCommand {
  return {
    name: 'help',
    summary: 'show this overview, or the options of one command',
    args: '[command]',
    options: {},
    run(input, ctx) {
      const all = commands();
      const [name] = input.positionals;
      if (name === undefined) {
        ctx.print(globalHelp(all));
        return;
      }
      const command = all.find((c) => c.name === name);
      if (!command) throw new UsageError(`unknown command "${name}" (commands: ${all.map((c) => c.name).join(', ')})`);
      ctx.print(commandHelp(command));
    },
  };
}
