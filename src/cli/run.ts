/**
 * `paperbot` as a function: parse the subcommand and its flags strictly, run it, and turn any failure into
 * one line on stderr and an exit code. The process entry (`main.ts`) is a thin wrapper, so tests call
 * {@link runCli} in-process with collected output.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { CliCommand, CliIO, CommandInput } from './command.js';
import { COMMANDS, findCommand } from './commands/index.js';
import { createCliContext, type ContextDeps } from './context.js';
import { describeError, EXIT, UsageError } from './errors.js';
import { commandHelp, globalHelp } from './help-text.js';

/** Node's own wording ("Unknown option '--x'. To specify a positional…") rephrased in one short line. */
function usageErrorFromParseArgs(err: NodeJS.ErrnoException, command: CliCommand): UsageError {
  // "'-n, --limit <value>'" names the flag as declared; the long form is the one to show.
  const option = /'([^']+)'/
    .exec(err.message)?.[1]
    ?.replace(/ <value>$/, '')
    .split(', ')
    .pop();
  const hint = `(see "paperbot help ${command.name}")`;
  switch (err.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return new UsageError(`unknown option ${option ?? err.message} ${hint}`);
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return new UsageError(
        /does not take/.test(err.message)
          ? `option ${option} takes no value ${hint}`
          : /ambiguous/.test(err.message)
            ? `option ${option} needs a value; write ${option}=VALUE for a value starting with "-"`
            : `option ${option} needs a value ${hint}`,
      );
    default:
      return new UsageError(`${err.message} ${hint}`);
  }
}

/** Parses a command's flags strictly; null means `--help` was asked for. */
function parseCommandArgs(command: CliCommand, args: string[]): CommandInput | null {
  const options: NonNullable<ParseArgsConfig['options']> = { help: { type: 'boolean', short: 'h' } };
  for (const [name, spec] of Object.entries(command.options)) {
    options[name] = { type: spec.type, ...(spec.short ? { short: spec.short } : {}), ...(spec.multiple ? { multiple: true } : {}) };
  }
  try {
    const { values, positionals } = parseArgs({ args, options, strict: true, allowPositionals: true });
    if (values.help) return null;
    return { values: values as CommandInput['values'], positionals };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS')) {
      throw usageErrorFromParseArgs(err as NodeJS.ErrnoException, command);
    }
    throw err;
  }
}

/** The process's own streams and environment. */
export function processIO(): CliIO {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env };
}

/**
 * Runs `paperbot` with the given arguments (without `node` and the script path).
 *
 * @returns the exit code: 0 success (also when nothing matches), 1 unexpected failure, 2 bad input
 */
export async function runCli(argv: readonly string[], io: CliIO = processIO(), deps: ContextDeps = {}): Promise<number> {
  const [name, ...rest] = argv;
  let command: CliCommand | undefined;
  try {
    if (name === undefined) {
      io.stderr.write(`${globalHelp(COMMANDS)}\n`);
      return EXIT.usage;
    }
    if (name === '--help' || name === '-h') {
      io.stdout.write(`${globalHelp(COMMANDS)}\n`);
      return EXIT.ok;
    }
    command = findCommand(name);
    if (!command) {
      throw new UsageError(`unknown command "${name}" (commands: ${COMMANDS.map((c) => c.name).join(', ')})`);
    }
    const input = parseCommandArgs(command, rest);
    if (!input) {
      io.stdout.write(`${commandHelp(command)}\n`);
      return EXIT.ok;
    }
    const ctx = createCliContext(io, deps);
    // An explicit LOG_LEVEL asks for logs: set the logger up first, so what loads synchronously (the corpus) logs too.
    if (io.env.LOG_LEVEL && command.name !== 'help') await ctx.logger();
    const code = await command.run(input, ctx);
    return code ?? EXIT.ok;
  } catch (err) {
    const { message, exitCode } = describeError(err);
    io.stderr.write(`paperbot${command ? ` ${command.name}` : ''}: ${message}\n`);
    // A bug deserves its stack, but only when asked for: the default stays one line.
    if (exitCode === EXIT.failure && io.env.PAPERBOT_DEBUG && err instanceof Error) io.stderr.write(`${err.stack}\n`);
    return exitCode;
  }
}
