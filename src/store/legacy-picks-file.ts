/**
 * The reading-group picks file of the bot's first versions (`DATA_DIR/picks.json`), read once so that
 * {@link migratePicksFile} can move its picks into the state database. Nothing writes this format any more.
 */
import { readFileSync } from 'node:fs';
import * as z from '../validation/zod.js';
import type { ReadingPick } from '../picks/types.js';

/** A picks file that cannot be read or parsed; the message names the file and what is wrong. */
export class PicksFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PicksFileError';
  }
}

const filled = () => z.string().check(z.minLength(1));

const pickSchema = z.object({
  arxivId: filled(),
  title: z.string(),
  guildId: filled(),
  channelId: filled(),
  messageId: z.optional(z.string()),
  threadId: z.optional(z.string()),
  pickedBy: filled(),
  pickedAt: filled(),
});

const fileSchema = z.object({ version: z.literal(1), picks: z.array(pickSchema) });

/** The old picks file's name inside `DATA_DIR`. */
export const LEGACY_PICKS_FILE = 'picks.json';

/**
 * Reads and validates an old picks file.
 *
 * @param shown - the file's name as messages show it
 * @throws PicksFileError when the file cannot be read or is not a valid picks file (it is never modified)
 */
export function readLegacyPicksFile(file: string, shown = file): ReadingPick[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new PicksFileError(`${shown}: cannot read the reading-group picks (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new PicksFileError(`${shown}: not valid JSON (${(err as Error).message}); fix or move the file, it was left untouched`);
  }
  const parsed = fileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `field "${issue.path.join('.')}"` : 'top level';
    throw new PicksFileError(`${shown}: ${where}: ${issue?.message ?? 'invalid'}; fix or move the file, it was left untouched`);
  }
  return parsed.data.picks as ReadingPick[];
}
