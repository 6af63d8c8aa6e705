/**
 * How every message names a file: relative to the working folder when the file is inside it (what the admin
 * typed or sees in `ls`), absolute otherwise, so a path reads the same in every error of the bot and the CLI.
 */
import path from 'node:path';

/** The path to show a person for `file`. */
export function displayPath(file: string, cwd: string = process.cwd()): string {
  const absolute = path.resolve(cwd, file);
  const relative = path.relative(cwd, absolute);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : absolute;
}
