/**
 * `paperbot` run in-process, as the tests drive it: the real `runCli` with its output collected and exactly the
 * environment given (no `.env`, nothing inherited), on a non-terminal 100 columns wide unless `tty` is set.
 */
import { runCli } from '../../src/cli/run.js';

/** What one run printed and returned. */
export interface PaperbotRun {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout parsed as JSON (throws when it is not). */
  json(): unknown;
}

/** Runs `paperbot <args>` with `env` as its whole environment. */
export async function runPaperbot(args: string[], env: Record<string, string>, options: { tty?: boolean } = {}): Promise<PaperbotRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    stdout: { write: (s: string) => (stdout += s), isTTY: options.tty ?? false, columns: 100 },
    stderr: { write: (s: string) => (stderr += s) },
    env,
  });
  return { code, stdout, stderr, json: () => JSON.parse(stdout) as unknown };
}
