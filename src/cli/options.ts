/**
 * Flags shared by several subcommands and their validation, in one place so that `search`, `random` and any
 * later subcommand read `--from 2021` or `--limit 5` the same way and reject bad values with the same words.
 */
import { describeFilters as describeFilterWords } from '../text/describe-filters.js';
import type { PaperFilters } from '../search/types.js';
import type { CommandInput, OptionSpec } from './command.js';
import { UsageError } from './errors.js';

/** `--json`: machine-readable output on stdout. */
export const JSON_OPTION: Record<string, OptionSpec> = {
  json: { type: 'boolean', description: 'print JSON only on stdout (logs and errors go to stderr)' },
};

/** `--author`, `--from`, `--to`, `--category`, `--venue`: the filters of search, random and suggestions. */
export const FILTER_OPTIONS: Record<string, OptionSpec> = {
  author: { type: 'string', short: 'a', valueName: 'NAME', description: 'only papers by this author (part of a name is enough)' },
  from: { type: 'string', valueName: 'YEAR', description: 'only papers first published in YEAR or later' },
  to: { type: 'string', valueName: 'YEAR', description: 'only papers first published in YEAR or earlier' },
  category: { type: 'string', short: 'c', valueName: 'CAT', description: 'arXiv category, exact (cs.LG) or archive (stat)' },
  venue: { type: 'string', valueName: 'VENUE', description: 'venue contains this text (NeurIPS, "ICML 2021")' },
};

/** `--limit N`. */
export const LIMIT_OPTION: Record<string, OptionSpec> = {
  limit: { type: 'string', short: 'n', valueName: 'N', description: 'show at most N results (1-100, default 10)' },
};

const MAX_LIMIT = 100;

function stringValue(input: CommandInput, name: string): string | undefined {
  const v = input.values[name];
  return typeof v === 'string' ? v : undefined;
}

function readYear(input: CommandInput, name: string): number | undefined {
  const raw = stringValue(input, name);
  if (raw === undefined) return undefined;
  if (!/^\d{4}$/.test(raw.trim())) throw new UsageError(`--${name}: expected a four-digit year such as 2021, got "${raw}"`);
  return Number(raw.trim());
}

function readText(input: CommandInput, name: string): string | undefined {
  const raw = stringValue(input, name);
  if (raw === undefined) return undefined;
  if (!raw.trim()) throw new UsageError(`--${name}: expected some text, got nothing`);
  return raw.trim();
}

/**
 * Reads the filter flags into the engine's {@link PaperFilters}.
 *
 * @throws UsageError for a year that is not a year, an empty value, or `--from` after `--to`
 */
export function readFilters(input: CommandInput): PaperFilters {
  const filters: PaperFilters = {};
  const author = readText(input, 'author');
  const category = readText(input, 'category');
  const venue = readText(input, 'venue');
  const fromYear = readYear(input, 'from');
  const toYear = readYear(input, 'to');
  if (fromYear !== undefined && toYear !== undefined && fromYear > toYear) {
    throw new UsageError(`--from ${fromYear} is after --to ${toYear}`);
  }
  if (author !== undefined) filters.author = author;
  if (category !== undefined) filters.category = category;
  if (venue !== undefined) filters.venue = venue;
  if (fromYear !== undefined) filters.fromYear = fromYear;
  if (toYear !== undefined) filters.toYear = toYear;
  return filters;
}

/**
 * Reads `--limit`.
 *
 * @throws UsageError unless it is a whole number from 1 to `max` (100 unless given)
 */
export function readLimit(input: CommandInput, fallback = 10, max = MAX_LIMIT): number {
  const raw = stringValue(input, 'limit');
  if (raw === undefined) return fallback;
  const n = Number(raw.trim());
  if (!/^\d+$/.test(raw.trim()) || n < 1 || n > max) {
    throw new UsageError(`--limit: expected a whole number from 1 to ${max}, got "${raw}"`);
  }
  return n;
}

/** Whether `--json` was given. */
export function wantsJson(input: CommandInput): boolean {
  return input.values.json === true;
}

/**
 * The single paper reference a command takes (`show`, `similar`): exactly one positional.
 *
 * @throws UsageError when it is missing or there are several
 */
export function readOnePositional(input: CommandInput, what: string): string {
  const [first, ...rest] = input.positionals;
  if (first === undefined || !first.trim()) throw new UsageError(`missing ${what}`);
  if (rest.length > 0) throw new UsageError(`expected one ${what}, got ${input.positionals.length} arguments`);
  return first.trim();
}

/** The filters in words, for messages such as `No papers match "x" (by Kakade, 2021–2022).` */
export function describeFilters(filters: PaperFilters): string {
  const words = describeFilterWords(filters);
  return words ? ` (${words})` : '';
}
