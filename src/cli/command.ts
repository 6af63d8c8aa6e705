/**
 * The shape of a `paperbot` subcommand. Each subcommand is one module in `src/cli/commands/` exporting a
 * {@link CliCommand}; the registry in `commands/index.ts` lists them, and `run.ts` parses flags from the
 * declared options, so adding a subcommand touches one new file and one line.
 */
import type { Config } from '../config.js';
import type { Corpus } from '../corpus/corpus.js';
import type { Logger } from '../logger.js';
import type { SearchEngine } from '../search/types.js';
import type { Style } from './format.js';

/** One flag of a subcommand, as `node:util` `parseArgs` takes it plus what `help` prints. */
export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  multiple?: boolean;
  /** Placeholder shown in help, e.g. `YEAR` for `--from YEAR`. */
  valueName?: string;
  description: string;
}

/** Flags and positionals after strict parsing. */
export interface CommandInput {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}

/** A writable text stream; `process.stdout` qualifies, and tests pass a collector. */
export interface OutputStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

/** Where the command line reads its environment and writes its output. */
export interface CliIO {
  stdout: OutputStream;
  stderr: OutputStream;
  env: Record<string, string | undefined>;
}

/** What a subcommand may use. Config, corpus and engine are built on first use, so `help` needs none. */
export interface CliContext {
  readonly io: CliIO;
  /** Validated with `loadConfig(env, 'cli')`: no Discord variable is needed. */
  readonly config: Config;
  /** The papers file at `config.papersPath`, validated, namesakes hidden unless `INCLUDE_OTHER_AUTHORS`. */
  readonly corpus: Corpus;
  /** Logs go to stderr so that stdout stays clean for `--json`; created (and pino loaded) on first call. */
  logger(): Promise<Logger>;
  /** ANSI styling when stdout is a terminal and `NO_COLOR` is unset; plain markers otherwise. */
  readonly style: Style;
  /** Terminal width used to wrap cards. */
  readonly width: number;
  /** The search engine over the corpus (loaded on first use). */
  engine(): Promise<SearchEngine>;
  /** Writes one or more lines to stdout. */
  print(text?: string): void;
  /** Writes a value as pretty JSON to stdout, and nothing else. */
  printJson(value: unknown): void;
}

/** One subcommand of `paperbot`. */
export interface CliCommand {
  name: string;
  /** One line for the command list in `paperbot help`. */
  summary: string;
  /** Positional arguments as shown in usage, e.g. `<query...>`. */
  args: string;
  options: Record<string, OptionSpec>;
  /** Extra lines for `paperbot help <name>`: notes and examples. */
  details?: string[];
  /** Runs the command; returns the exit code (0 when omitted). Throws `UsageError` for bad input. */
  run(input: CommandInput, ctx: CliContext): Promise<number | void> | number | void;
}
