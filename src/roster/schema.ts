/**
 * The lab roster (`data/lab.json`): who the lab's authors are on arXiv and which papers are never theirs.
 * Validated with zod at every load; a mistake is reported with the file and the field.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as z from '../validation/zod.js';
import { displayPath } from '../paths.js';
import { normalizeArxivId } from '../corpus/ids.js';

const arxivIdField = z.pipe(
  z.string(),
  z.transform((v: string, ctx) => {
    const id = normalizeArxivId(v);
    if (!id) {
      ctx.issues.push({ code: 'custom', message: `expected an arXiv id such as 2502.05075, got "${v}"`, input: v });
      return z.NEVER;
    }
    return id;
  }),
);

const trimmed = (message: string) => z.string().check(z.trim(), z.minLength(1, message));
const nullableMatch = (pattern: RegExp, message: string) => z._default(z.nullable(z.string().check(z.regex(pattern, message))), null);

export const rosterAuthorSchema = z.object({
  /** The name as arXiv usually prints it; always a variant itself. */
  name: trimmed('expected the author name'),
  /** Other spellings seen on arXiv ("Lei, Qi"). Accents and case do not matter. */
  variants: z._default(z.array(trimmed('expected a non-empty name variant')), []),
  /** arXiv author identifier (the `lei_q_1` in arxiv.org/a/lei_q_1), when the author has claimed one. */
  arxivAuthorId: nullableMatch(/^[a-z0-9_]+$/i, 'expected an arXiv author id such as lei_q_1'),
  orcid: nullableMatch(/^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$/, 'expected an ORCID iD such as 0000-0002-1825-0097'),
  /** arXiv categories the author publishes in; a name match outside them needs a known co-author. */
  categories: z._default(z.array(z.string().check(z.regex(/^[a-z-]+(\.[A-Za-z-]+)?$/, 'expected an arXiv category such as cs.LG'))), []),
});

export const rosterSchema = z.object({
  description: z.optional(z.string()),
  authors: z.array(rosterAuthorSchema).check(z.minLength(1, 'expected at least one author')),
  /** Papers never announced whatever their authors: namesakes' papers, mostly. */
  exclude: z._default(
    z.array(
      z.union([
        z.pipe(
          arxivIdField,
          z.transform((arxivId: string) => ({ arxivId, reason: null as string | null })),
        ),
        z.object({ arxivId: arxivIdField, reason: z._default(z.nullable(z.string()), null) }),
      ]),
    ),
    [],
  ),
});

/** One author of the lab as the roster describes them. */
export type RosterAuthor = z.infer<typeof rosterAuthorSchema>;
/** The validated roster. */
export type Roster = z.infer<typeof rosterSchema>;

/** A roster file that cannot be read or does not validate; the message names the file and the field. */
export class RosterError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RosterError';
  }
}

function describe(file: string, raw: unknown, issue: z.core.$ZodIssue): string {
  const p = issue.path;
  if (p[0] === 'authors' && typeof p[1] === 'number') {
    const entry = (raw as { authors?: { name?: unknown }[] }).authors?.[p[1]];
    const who = typeof entry?.name === 'string' ? ` (${entry.name})` : '';
    const field = p.slice(2).join('.') || '(the entry itself)';
    return `${file}: author #${p[1]}${who}, field "${field}": ${issue.message}`;
  }
  return `${file}: ${p.length ? `field "${p.join('.')}"` : 'top level'}: ${issue.message}`;
}

/**
 * Parses and validates roster JSON.
 *
 * @param text - the file's contents
 * @param file - the name used in messages
 * @throws RosterError naming the file and the field at fault
 */
export function parseRoster(text: string, file: string): Roster {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new RosterError(`${file}: not valid JSON (${(err as Error).message})`);
  }
  const parsed = rosterSchema.safeParse(raw);
  if (!parsed.success) {
    throw new RosterError(
      parsed.error.issues
        .slice(0, 5)
        .map((i) => describe(file, raw, i))
        .join('\n'),
    );
  }
  return parsed.data;
}

/**
 * Loads `data/lab.json` (or another roster file) synchronously, at start-up.
 *
 * @throws RosterError when the file is missing, is not JSON, or does not validate
 */
export function loadRoster(file: string): Roster {
  const shown = displayPath(file);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new RosterError(
        `${shown}: not found. The lab's roster ships with the bot as data/lab.json: point DATA_DIR at the folder holding papers.json and lab.json ` +
          `(now ${displayPath(path.dirname(file))}), or restore the file with "git checkout data/lab.json".`,
      );
    }
    throw new RosterError(`${shown}: cannot read the roster (${code ?? (err as Error).message})`);
  }
  return parseRoster(text, shown);
}

/** Every spelling of an author the classifier accepts: the name plus its variants. */
export function authorVariants(author: RosterAuthor): string[] {
  return [author.name, ...author.variants];
}
