/**
 * Where the digest's candidates come from: arXiv's daily listing feed for the digest categories (one
 * request, categories joined with `+`), and, when the listing cannot be read, the API with a
 * `submittedDate` window for the same announcement. Three outcomes are kept apart on purpose: a day's
 * listing (possibly with no new papers in it), a day on which arXiv announced nothing (weekends, holidays:
 * the feed has no items), and a failure to read arXiv at all, which the caller reports to the admins and
 * never as "nothing new".
 */
import type { ArxivClient, ArxivRequestOptions } from '../arxiv/client.js';
import { ArxivError } from '../arxiv/errors.js';
import type { AnnounceType } from '../arxiv/listing.js';
import { entryToPaper } from '../arxiv/paper.js';
import { paperSchema, type Paper } from '../corpus/schema.js';
import type { Logger } from '../logger.js';

/** One candidate of the day, as stored in `field_papers`. */
export interface FieldPaper {
  paper: Paper;
  announceType: Extract<AnnounceType, 'new' | 'cross'>;
}

/** What reading a day gave. */
export type DayListing =
  | {
      kind: 'listing';
      /** The announcement day (YYYY-MM-DD, arXiv's Eastern date). */
      day: string;
      via: 'rss' | 'api';
      /** New submissions and cross-lists: the candidates. Replacements are never among them. */
      candidates: FieldPaper[];
      /** Entries the listing held in all, replacements included. */
      listed: number;
      /** Entries that could not be read, one sentence each. */
      skipped: string[];
    }
  | { kind: 'no-announcement'; day: string | null; via: 'rss' | 'api' };

/** The arXiv calls the digest makes. */
export type DigestClient = Pick<ArxivClient, 'fetchListing' | 'query'>;

/** Options of {@link readDay}. */
export interface ReadDayOptions {
  client: DigestClient;
  categories: readonly string[];
  logger: Logger;
  /** The run's clock: the fallback's window is the announcement due on this Eastern day. */
  now: Date;
  request?: ArxivRequestOptions;
  /** Pages of the API fallback at most (default 10 of 200). */
  maxApiPages?: number;
  /** Read this past announcement day (YYYY-MM-DD) from the API: the listing feed holds only the latest. */
  apiDay?: string;
}

/** YYYY-MM-DD of an instant in New York, where arXiv's days are counted. */
export function easternDay(at: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York', year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

function addDays(day: string, n: number): string {
  const t = new Date(`${day}T12:00:00Z`);
  t.setUTCDate(t.getUTCDate() + n);
  return t.toISOString().slice(0, 10);
}

const weekday = (day: string) => new Date(`${day}T12:00:00Z`).getUTCDay();

/** The weekday before `day` (Friday before a Monday). */
function previousWeekday(day: string): string {
  let d = addDays(day, -1);
  while (weekday(d) === 0 || weekday(d) === 6) d = addDays(d, -1);
  return d;
}

/**
 * The submission window of the listing dated `day`: arXiv's 14:00 Eastern cut-offs of the two weekdays
 * before it (a Wednesday listing holds Monday 14:00 to Tuesday 14:00). 19:00 UTC stands for 14:00
 * Eastern; in summer time the window is one hour late, and holidays are not modelled.
 */
export function submissionWindow(day: string): { from: string; to: string } {
  const end = previousWeekday(day);
  const start = previousWeekday(end);
  const stamp = (d: string) => `${d.replace(/-/g, '')}1900`;
  return { from: stamp(start), to: stamp(end) };
}

function validPaper(input: Parameters<typeof paperSchema.safeParse>[0], skipped: string[], id: string): Paper | undefined {
  const parsed = paperSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  skipped.push(`entry ${id} is not a valid paper (${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')})`);
  return undefined;
}

/**
 * Reads the latest announcement of the categories.
 *
 * @throws ArxivError when neither the listing nor the API could be read (refused, unreachable, broken)
 */
export async function readDay(options: ReadDayOptions): Promise<DayListing> {
  const { client, categories, logger } = options;
  if (options.apiDay) return readDayFromApi(options, null);
  try {
    const listing = await client.fetchListing(categories, options.request);
    if (listing.entries.length === 0 && listing.skipped.length === 0) return { kind: 'no-announcement', day: listing.announcedOn, via: 'rss' };
    const skipped = [...listing.skipped];
    const candidates: FieldPaper[] = [];
    const seen = new Set<string>();
    for (const { entry, announceType } of listing.entries) {
      if (announceType !== 'new' && announceType !== 'cross') continue;
      if (seen.has(entry.arxivId)) continue;
      const paper = validPaper(entryToPaper(entry, { attribution: 'different-author' }), skipped, entry.arxivId);
      if (!paper) continue;
      seen.add(entry.arxivId);
      candidates.push({ paper, announceType });
    }
    const day = listing.announcedOn ?? listing.entries[0]?.entry.published ?? easternDay(options.now);
    return { kind: 'listing', day, via: 'rss', candidates, listed: listing.entries.length + listing.skipped.length, skipped };
  } catch (err) {
    if (!(err instanceof ArxivError) || options.request?.signal?.aborted) throw err;
    logger.warn({ err: err.message }, 'arXiv listing feed unavailable; falling back to the API');
    return readDayFromApi(options, err);
  }
}

/** The API fallback: papers first submitted in the day's window, in the categories, primary ones as new. */
async function readDayFromApi(options: ReadDayOptions, listingError: ArxivError | null): Promise<DayListing> {
  const { client, categories } = options;
  const day = options.apiDay ?? easternDay(options.now);
  const { from, to } = submissionWindow(day);
  const cats = categories.map((c) => `cat:${c}`).join(' OR ');
  const query = `(${cats}) AND submittedDate:[${from} TO ${to}]`;
  const pageSize = 200;
  const skipped: string[] = [];
  const candidates: FieldPaper[] = [];
  const seen = new Set<string>();
  let listed = 0;
  try {
    for (let page = 0; page < (options.maxApiPages ?? 10); page++) {
      const feed = await client.query(query, {
        start: page * pageSize,
        maxResults: pageSize,
        sortBy: 'submittedDate',
        sortOrder: 'ascending',
        ...options.request,
      });
      listed += feed.entries.length + feed.skipped.length;
      skipped.push(...feed.skipped);
      for (const entry of feed.entries) {
        // The API knows no announce types: a version past v1 submitted in the window is a replacement.
        if (seen.has(entry.arxivId) || entry.version > 1) continue;
        const paper = validPaper(entryToPaper(entry, { attribution: 'different-author' }), skipped, entry.arxivId);
        if (!paper) continue;
        seen.add(entry.arxivId);
        candidates.push({ paper, announceType: entry.primaryCategory && categories.includes(entry.primaryCategory) ? 'new' : 'cross' });
      }
      if (feed.entries.length < pageSize || (page + 1) * pageSize >= feed.totalResults) break;
    }
  } catch (err) {
    if (err instanceof ArxivError && listingError)
      throw new ArxivError(`arXiv listing: ${listingError.message}; API fallback: ${err.message}`, err.retryable, { cause: err });
    throw err;
  }
  // An empty API answer cannot tell a quiet day from a holiday: like the feed, it posts nothing.
  if (listed === 0) return { kind: 'no-announcement', day, via: 'api' };
  return { kind: 'listing', day, via: 'api', candidates, listed, skipped };
}
