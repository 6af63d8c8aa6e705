/**
 * How the command line fails: bad input is the user's to fix and exits 2 with one line on stderr; anything
 * else is a bug or an environment problem and exits 1, still without a stack trace unless asked for.
 */
import { ConfigError } from '../config.js';
import { CorpusError } from '../corpus/corpus.js';

/** Exit codes of `paperbot`, as documented in `paperbot help`. */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

/** Bad input on the command line: an empty query, an unknown id or flag, a year that is not a year. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Multi-line messages (config and corpus errors list every problem) folded onto one line for a terminal. */
function oneLine(text: string): string {
  return text
    .split('\n')
    .map((l) => l.trim().replace(/^- /, ''))
    .filter(Boolean)
    .join('; ');
}

/**
 * The one line to print for an error and the exit code that goes with it. Configuration and data-file errors
 * count as bad input (exit 2): the admin fixes them, the program is not at fault.
 */
export function describeError(err: unknown): { message: string; exitCode: number } {
  if (err instanceof UsageError) return { message: oneLine(err.message), exitCode: EXIT.usage };
  if (err instanceof ConfigError) return { message: `invalid configuration: ${oneLine(err.problems.join('\n'))}`, exitCode: EXIT.usage };
  if (err instanceof CorpusError) return { message: oneLine(err.message), exitCode: EXIT.usage };
  const message = err instanceof Error ? err.message : String(err);
  return { message: `unexpected failure: ${oneLine(message)}`, exitCode: EXIT.failure };
}
