/**
 * The shape of a paper and of `data/papers.json`, as zod schemas: the file is validated at every load, and a
 * paper fetched from arXiv is validated with the same schema before it joins the corpus.
 */
import * as z from '../validation/zod.js';

/** Whose paper it is. The lab's arXiv profile merges namesakes; only `lab` papers are shown by default. */
export const ATTRIBUTIONS = ['lab', 'different-author', 'probably-different-author'] as const;
export type Attribution = (typeof ATTRIBUTIONS)[number];

const arxivIdString = z.string().check(z.regex(/^(\d{4}\.\d{4,5}|[a-z][a-z-]*(\.[A-Z]{2})?\/\d{7})$/, 'expected an arXiv id without version, e.g. 2502.05075'));

/**
 * True for a real calendar day written YYYY-MM-DD (`2025-02-29` and `2025-13-45` are not), a real month
 * written YYYY-MM, or a year alone written YYYY-00.
 */
export function isCalendarDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(value);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), m[3] === undefined ? 1 : Number(m[3])];
  // `YYYY-00`: the year alone is known (BibTeX then leaves the month out).
  if (m[3] === undefined && month === 0) return true;
  if (month < 1 || month > 12 || day < 1) return false;
  // Day 0 of the next month is the last day of this one; UTC, so no time zone moves the date.
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

const dateString = z
  .string()
  .check(
    z.regex(/^\d{4}-\d{2}(-\d{2})?$/, 'expected a date as YYYY-MM-DD or YYYY-MM'),
    z.refine(isCalendarDate, 'expected a real calendar date (month 01-12, a day that month has)'),
  );

const nonEmpty = (message: string) => z.string().check(z.trim(), z.minLength(1, message));

export const paperSchema = z.object({
  arxivId: arxivIdString,
  title: nonEmpty('expected a non-empty title'),
  /** Empty when the author list is unknown (one seed paper has none); every output must cope. */
  authors: z._default(z.array(nonEmpty('expected an author name')), []),
  /** First-version date: YYYY-MM-DD, or YYYY-MM where only the id's month is known. */
  published: dateString,
  /** Date of the latest version seen, when known. */
  updated: z.optional(dateString),
  /** Latest version number seen on arXiv, when known. */
  version: z.optional(z.number().check(z.int(), z.positive())),
  primaryCategory: z._default(z.nullable(z.string()), null),
  categories: z._default(z.array(z.string()), []),
  abstract: z._default(z.string(), ''),
  venue: z._default(z.nullable(z.string()), null),
  doi: z.optional(z.nullable(z.string())),
  comment: z.optional(z.nullable(z.string())),
  attribution: z._default(z.enum(ATTRIBUTIONS), 'lab'),
  attributionNote: z._default(z.nullable(z.string()), null),
  /** Where the record came from: the seed profile, or found later on arXiv. */
  source: z._default(z.enum(['seed', 'arxiv']), 'seed'),
});

/** One paper of the corpus. */
export type Paper = z.infer<typeof paperSchema>;
/** A paper as written in the file, before defaults are applied. */
export type PaperInput = z.input<typeof paperSchema>;

export const papersFileSchema = z.object({
  description: z.optional(z.string()),
  papers: z.array(paperSchema),
});

/** The publication year of a paper, from its first-version date. */
export function paperYear(paper: Pick<Paper, 'published'>): number {
  return Number(paper.published.slice(0, 4));
}

/** True when the paper is attributed to the lab (not to a namesake). */
export function isLabPaper(paper: Pick<Paper, 'attribution'>): boolean {
  return paper.attribution === 'lab';
}
