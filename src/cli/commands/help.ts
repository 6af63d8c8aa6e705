/** `paperbot help [command]`. */
import type { CliCommand } from '../command.js';
import { UsageError } from '../errors.js';
import { commandHelp, globalHelp } from '../help-text.js';

export const helpCommand: CliCommand = {
  name: 'help',
  summary: 'show this overview, or the options of one command',
  args: '[command]',
  options: {},
  async run(input, ctx) {
    // Imported here, not at the top: the registry imports this module, and a cycle at load time would
    // leave one side undefined.
    const { COMMANDS, findCommand } = await import('./index.js');
    const [name] = input.positionals;
    if (name === undefined) {
      ctx.print(globalHelp(COMMANDS));
      return;
    }
    const command = findCommand(name);
    if (!command) throw new UsageError(`unknown command "${name}" (commands: ${COMMANDS.map((c) => c.name).join(', ')})`);
    ctx.print(commandHelp(command));
  },
};
