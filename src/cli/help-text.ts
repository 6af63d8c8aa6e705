/** The text of `paperbot help` and `paperbot help <command>`, generated from the command declarations. */
import type { CliCommand, OptionSpec } from './command.js';

function optionLine(name: string, spec: OptionSpec): [string, string] {
  const flag = `${spec.short ? `-${spec.short}, ` : '    '}--${name}${spec.type === 'string' ? ` ${spec.valueName ?? 'VALUE'}` : ''}`;
  return [flag, spec.description + (spec.multiple ? ' (repeatable)' : '')];
}

function table(rows: [string, string][]): string[] {
  const width = Math.max(...rows.map(([left]) => left.length));
  return rows.map(([left, right]) => `  ${left.padEnd(width)}  ${right}`);
}

/** One usage line: `paperbot search <query...> [options]`. */
export function usageLine(command: CliCommand): string {
  const hasOptions = Object.keys(command.options).length > 0;
  return `paperbot ${command.name}${command.args ? ` ${command.args}` : ''}${hasOptions ? ' [options]' : ''}`;
}

/** The overview: every command, exit codes and the environment the CLI reads. */
export function globalHelp(commands: readonly CliCommand[]): string {
  return [
    "paperbot: search the lab's papers from the terminal (no Discord token, no network).",
    '',
    'Usage: paperbot <command> [arguments] [options]',
    '',
    'Commands:',
    ...table(commands.map((c) => [c.name, c.summary])),
    '',
    'Run "paperbot help <command>" or "paperbot <command> --help" for its options.',
    '',
    'Exit codes: 0 success (also when nothing matches), 1 unexpected failure,',
    '            2 bad input (unknown command, flag or id; empty query; bad year; bad config or papers file).',
    '',
    "Environment: DATA_DIR (folder of papers.json; default ./data, or the package's own data for an installed",
    "  paperbot), INCLUDE_OTHER_AUTHORS=true (show namesakes' papers), LOG_LEVEL (logs go to stderr),",
    "  NO_COLOR (plain output; matches are then shown as [word]), DB_PATH (the bot's state database, where",
    '  stats reads cached citation counts; never written).',
  ].join('\n');
}

/** Usage, options and notes of one command. */
export function commandHelp(command: CliCommand): string {
  const options = Object.entries(command.options).map(([name, spec]) => optionLine(name, spec));
  options.push(['-h, --help', 'show this help']);
  return [
    `Usage: ${usageLine(command)}`,
    '',
    command.summary,
    '',
    'Options:',
    ...table(options),
    ...(command.details?.length ? ['', ...command.details] : []),
  ].join('\n');
}
