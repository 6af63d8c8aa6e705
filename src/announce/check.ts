/**
 * One check of arXiv for new papers by the lab's authors: fetch, compare with what is known, classify,
 * and record everything in one transaction (papers, outbox rows, reviews), then make the new papers
 * searchable at once. Sending is {@link deliverPending}'s job; a check never talks to Discord.
 *
 * Two sources per roster author: the name search (which also returns namesakes, hence the roster rule)
 * and, when the roster gives an arXiv author id or ORCID, that author's feed (only their claimed papers,
 * so lab papers without any rule). The sources are merged by id without version before anything is
 * classified.
 */
import type * as z from '../validation/zod.js';
import type { ArxivClient, ArxivRequestOptions } from '../arxiv/client.js';
import { entryToPaper } from '../arxiv/paper.js';
import type { ArxivEntry } from '../arxiv/parse.js';
import type { Corpus } from '../corpus/corpus.js';
import { paperSchema, type Paper, type PaperInput } from '../corpus/schema.js';
import type { Logger } from '../logger.js';
import type { EntryOrigin } from '../roster/classify.js';
import { authorVariants, classifyPaper, labCoauthors, type Roster, type RosterAuthor } from '../roster/index.js';
import type { SearchEngine } from '../search/types.js';
import type { ChannelTarget, Store } from '../store/index.js';
import { adminTargets, announcementTargets, type ChannelDefaults } from './targets.js';

/** Default of `ANNOUNCE_MAX_PER_RUN`: more new papers and reviews than this in one run is a flood, not news. */
export const DEFAULT_MAX_PER_RUN = 25;

/** Entries classified or papers indexed between two yields to the event loop. */
const WORK_CHUNK = 50;

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The arXiv calls a check makes: name searches and author feeds. */
export type CheckClient = Pick<ArxivClient, 'searchByAuthor' | 'fetchAuthorFeed'>;

/** What a check needs. `client` is the process's rate-limited arXiv client; never bypass it. */
export interface CheckDeps {
  client: CheckClient;
  store: Store;
  /** The corpus the search engine indexes: known papers, and the co-authors that vouch for a name match. */
  corpus: Corpus;
  /** The engine over `corpus`: new papers are added at once so `/paper search` finds them the same evening. */
  engine?: Pick<SearchEngine, 'upsert'> | undefined;
  roster: Roster;
  logger: Logger;
  defaults?: ChannelDefaults;
  /** Results per arXiv page (default 50). */
  pageSize?: number;
  /** Pages per author at most when catching up after a long downtime (default 4). */
  maxPages?: number;
  /** Report what would happen and write nothing (`paperbot announce --dry-run`). */
  dryRun?: boolean;
  /**
   * More new papers plus reviews than this in one run announces none of them and alerts the admins instead
   * (config: `ANNOUNCE_MAX_PER_RUN`; default {@link DEFAULT_MAX_PER_RUN}).
   */
  maxPerRun?: number;
  signal?: AbortSignal;
  /** Deadline and wait callback for every arXiv request of the check (see {@link ArxivRequestOptions}). */
  request?: Omit<ArxivRequestOptions, 'signal'>;
}

/**
 * Adds or refreshes a paper in the corpus and the search index. The engine indexes `corpus` and upserts
 * into it itself (doing both here would leave a refreshed paper's index entry stale).
 */
export function addToIndex(corpus: Corpus, engine: Pick<SearchEngine, 'upsert'> | undefined, paper: Paper): void {
  if (engine) engine.upsert(paper);
  else corpus.upsert(paper);
}

/** What a check found and did. */
export interface CheckResult {
  /** Entries arXiv returned (all authors, all pages, after removing repeats). */
  found: number;
  /** New lab papers, oldest first. */
  newPapers: Paper[];
  /** Known papers refreshed by a new version (never announced again). */
  updated: Paper[];
  /** Name matches sent to admin review. */
  reviews: { paper: Paper; reasons: string[] }[];
  /** Outbox rows created (or, in a dry run, that would be). */
  queued: number;
  /** Channels whose first, silent run this was. */
  baselined: string[];
  /** True for the very first successful check: everything recorded, nothing posted. */
  silent: boolean;
  /** Channels the new papers are (or, in a dry run, would be) queued for. */
  announceTargets: ChannelTarget[];
  /** Entries arXiv listed that could not be read or validated, one readable sentence each; the rest went on. */
  skipped: string[];
  /**
   * Set when the run found more new papers and reviews than `maxPerRun`: how many. None of them was
   * recorded or queued then; the admins got one alert.
   */
  withheld?: number;
}

/** A zod failure as one sentence: `version: Too small: expected number to be >0; published: …`. */
export function describeInvalid(err: z.core.$ZodError): string {
  return err.issues.map((i) => `${i.path.length ? `${i.path.join('.')}: ` : ''}${i.message}`).join('; ');
}

function requestOptions(deps: CheckDeps): ArxivRequestOptions {
  return { ...deps.request, ...(deps.signal ? { signal: deps.signal } : {}) };
}

function knownVersion(deps: CheckDeps, id: string): number | null | undefined {
  const stored = deps.store.storedPaper(id);
  const inCorpus = deps.corpus.get(id);
  if (!stored && !inCorpus) return undefined;
  return Math.max(stored?.latestVersion ?? 0, stored?.paper.version ?? 0, inCorpus?.version ?? 0) || null;
}

/** Fetches an author's newest submissions, paging back until a known paper shows up (or the page cap). */
async function fetchAuthor(deps: CheckDeps, names: string[], onePage: boolean, skipped: string[]): Promise<ArxivEntry[]> {
  const pageSize = deps.pageSize ?? 50;
  const maxPages = onePage ? 1 : (deps.maxPages ?? 4);
  const out: ArxivEntry[] = [];
  for (let page = 0; page < maxPages; page++) {
    const feed = await deps.client.searchByAuthor(names, { start: page * pageSize, maxResults: pageSize, ...requestOptions(deps) });
    // Kept whole, so a flood is counted as it is (and then capped by maxPerRun) rather than hidden.
    if (feed.entries.length > pageSize) deps.logger.warn({ asked: pageSize, got: feed.entries.length }, 'arXiv answered more entries than asked for');
    out.push(...feed.entries);
    skipped.push(...feed.skipped);
    const reachedKnown = feed.entries.some((e) => knownVersion(deps, e.arxivId) !== undefined);
    if (reachedKnown || feed.entries.length < pageSize || (page + 1) * pageSize >= feed.totalResults) break;
  }
  return out;
}

/** The author feeds the roster names for an author: arXiv author id and ORCID, each when given. */
function authorFeeds(author: RosterAuthor): { id: string; origin: EntryOrigin }[] {
  const feeds: { id: string; origin: EntryOrigin }[] = [];
  // arXiv author ids are lowercase; the roster tolerates "Lei_Q_1" and the client would refuse it.
  if (author.arxivAuthorId) feeds.push({ id: author.arxivAuthorId.toLowerCase(), origin: { kind: 'author-id', author: author.name } });
  if (author.orcid) feeds.push({ id: author.orcid, origin: { kind: 'orcid', author: author.name } });
  return feeds;
}

/** An entry and the source that vouches for it best. */
interface Found {
  entry: ArxivEntry;
  origin: EntryOrigin;
  /** Whether the name search returned it too (then the feed-history cut-off does not apply). */
  byName: boolean;
}

/**
 * How far before the last successful run a paper listed only by an author feed may have appeared and still
 * be announced: arXiv announces a submission a day or more after it, longer when moderation holds it.
 */
export const FEED_HISTORY_MARGIN_MS = 7 * 24 * 3600 * 1000;

/**
 * Adds an entry to what the check found, keyed by the id without version: the newest version's metadata
 * is kept, and an author feed's word outranks a name match whichever arrived first (a feed lists only
 * that person's papers, so no rule is needed).
 */
function merge(found: Map<string, Found>, entry: ArxivEntry, origin: EntryOrigin): void {
  const seen = found.get(entry.arxivId);
  const byName = origin.kind === 'name-search';
  if (!seen) {
    found.set(entry.arxivId, { entry, origin, byName });
    return;
  }
  found.set(entry.arxivId, {
    entry: entry.version > seen.entry.version ? entry : seen.entry,
    origin: seen.origin.kind !== 'name-search' ? seen.origin : origin,
    byName: seen.byName || byName,
  });
}

/**
 * Asks arXiv for each roster author's newest papers and records what is new, in one transaction.
 *
 * A new lab paper is saved and queued once per baselined announcement channel; a new version of a known
 * paper refreshes its metadata and is never queued; a name match that fails the roster rule becomes a
 * review (a card in the admin channel), never an announcement. The very first check records and posts
 * nothing, and a channel's first check posts nothing in that channel. Papers from an author's arXiv-id or
 * ORCID feed are the lab's whatever their spelling or category; they are read after the name search.
 *
 * @throws the arXiv client's error when a request fails after its retries, a name search or a feed alike
 *   (an unknown author id is a 404): nothing is recorded then, not even what the name search of the same
 *   run found, so no run is half-recorded and the next run finds the same papers again
 */
export async function checkForNewPapers(deps: CheckDeps): Promise<CheckResult> {
  const { store, corpus, roster, logger } = deps;
  const silent = !store.hasBaseline();

  const found = new Map<string, Found>();
  const skipped: string[] = [];
  const nameSearch: EntryOrigin = { kind: 'name-search' };
  for (const author of roster.authors) {
    for (const e of await fetchAuthor(deps, authorVariants(author), silent, skipped)) merge(found, e, nameSearch);
    for (const feed of authorFeeds(author)) {
      const { entries: listed, skipped: unreadable } = await deps.client.fetchAuthorFeed(feed.id, requestOptions(deps));
      for (const e of listed) merge(found, e, feed.origin);
      skipped.push(...unreadable);
    }
  }
  // One bad entry must not block every announcement: it is skipped, said once, and the rest goes on.
  const validPaper = (entry: ArxivEntry, input: PaperInput): Paper | undefined => {
    const parsed = paperSchema.safeParse(input);
    if (parsed.success) return parsed.data;
    skipped.push(`entry ${entry.arxivId} is not a valid paper (${describeInvalid(parsed.error)})`);
    return undefined;
  };

  // A feed lists the author's whole history at once, unlike the name search that pages back only to the
  // first known paper. When an author id or ORCID is added to a running bot, its old papers missing from
  // the corpus must not flood the channel: a paper only a feed lists, first published well before the
  // last successful run, is history, left to `paperbot sync`.
  const lastOk = store.lastSuccessfulRun();
  const feedCutoff = silent || !lastOk ? null : Date.parse(lastOk.startedAt) - FEED_HISTORY_MARGIN_MS;
  const reviewed = store.reviewedIds();
  const rejected = store.rejectedIds();
  const coauthors = labCoauthors(corpus, roster);
  const fresh: { entry: ArxivEntry; paper: Paper }[] = [];
  const updated: Paper[] = [];
  const reviews: CheckResult['reviews'] = [];

  let done = 0;
  for (const { entry, origin, byName } of found.values()) {
    // A feed of thousands of entries must not hold the event loop: interactions are answered in between.
    if (++done % WORK_CHUNK === 0) await nextTurn();
    deps.signal?.throwIfAborted();
    const known = knownVersion(deps, entry.arxivId);
    if (known !== undefined) {
      if (entry.version > (known ?? 1)) {
        const attribution = store.storedPaper(entry.arxivId)?.paper.attribution ?? corpus.get(entry.arxivId)?.attribution ?? 'lab';
        const paper = validPaper(entry, entryToPaper(entry, { attribution }));
        if (!paper) continue;
        updated.push(paper);
        logger.info({ arxivId: entry.arxivId, version: entry.version }, 'new version of a known paper: metadata refreshed, not announced');
      }
      continue;
    }
    if (reviewed.has(entry.arxivId)) continue;
    if (!byName && feedCutoff !== null && Date.parse(entry.publishedAt) < feedCutoff) {
      logger.debug({ arxivId: entry.arxivId, published: entry.published }, 'old paper listed only by an author feed: not announced');
      continue;
    }
    const verdict = classifyPaper(entry, roster, corpus, { origin, extraExcluded: rejected, coauthors });
    if (verdict.verdict === 'lab') {
      const paper = validPaper(entry, entryToPaper(entry, { attribution: 'lab' }));
      if (paper) fresh.push({ entry, paper });
    } else if (verdict.verdict === 'review') {
      const paper = validPaper(entry, entryToPaper(entry, { attribution: 'probably-different-author', attributionNote: verdict.reasons.join('; ') }));
      if (paper) reviews.push({ paper, reasons: verdict.reasons });
    } else {
      logger.debug({ arxivId: entry.arxivId, reasons: verdict.reasons }, 'not the lab’s paper');
    }
  }
  // Announce in the order the papers appeared on arXiv, so a catch-up after downtime reads as a timeline.
  fresh.sort((a, b) => a.entry.publishedAt.localeCompare(b.entry.publishedAt) || a.entry.arxivId.localeCompare(b.entry.arxivId));
  let newPapers = fresh.map((f) => f.paper);
  if (skipped.length)
    logger.warn(
      { skipped: skipped.slice(0, 10) },
      `skipped ${skipped.length} arXiv entr${skipped.length === 1 ? 'y' : 'ies'} that could not be read; the rest goes on`,
    );

  // A flood (arXiv ignoring max_results, a broken feed) must not post hundreds of messages: above the cap
  // nothing new is recorded or posted, and the admins hear about it once.
  const maxPerRun = deps.maxPerRun ?? DEFAULT_MAX_PER_RUN;
  const wouldPost = newPapers.length + reviews.length;
  const withheld = !silent && wouldPost > maxPerRun ? wouldPost : undefined;
  if (withheld !== undefined) {
    logger.warn({ newPapers: newPapers.length, reviews: reviews.length, maxPerRun }, 'too many new papers for one run: none announced, admins alerted');
    newPapers = [];
    reviews.length = 0;
  }

  const defaults = deps.defaults ?? {};
  const targets = announcementTargets(store, defaults);
  // Channels that get the new papers: those past their first run, and none at all on the very first check.
  const live = silent ? [] : targets.filter((t) => store.isBaselined(t.channelId));
  const firstRun = targets.filter((t) => !store.isBaselined(t.channelId)).map((t) => t.channelId);
  const base = { found: found.size, newPapers, updated, reviews, silent, announceTargets: live, skipped, ...(withheld !== undefined ? { withheld } : {}) };

  if (deps.dryRun) {
    // New papers are in no outbox yet (they are not in the store), so each live channel would get each one.
    return { ...base, queued: live.length * newPapers.length, baselined: firstRun };
  }

  const recorded = store.recordDiscoveries({
    newPapers,
    updated,
    reviews,
    announceTargets: targets,
    adminTargets: adminTargets(store, defaults),
    silent,
  });
  if (withheld !== undefined) {
    const text =
      `arXiv listed ${withheld} new papers and namesake matches for the lab’s authors in one check, more than ANNOUNCE_MAX_PER_RUN (${maxPerRun}) allows, ` +
      'so none was announced or recorded. If they are real, raise ANNOUNCE_MAX_PER_RUN and run `/paper-admin check-now`; otherwise arXiv is misbehaving and the next run looks again.';
    // One alert per admin channel and day, however often the flood repeats.
    const key = `flood:${new Date().toISOString().slice(0, 10)}`;
    for (const target of adminTargets(store, defaults)) store.queueAlert(target, key, text);
  }

  // Only after the commit: the index never shows a paper the store does not hold.
  let indexed = 0;
  for (const p of [...newPapers, ...updated]) {
    if (++indexed % WORK_CHUNK === 0) await nextTurn();
    addToIndex(corpus, deps.engine, p);
  }
  logger.info(
    {
      found: found.size,
      new: newPapers.length,
      updated: updated.length,
      reviews: reviews.length,
      queued: recorded.queued,
      baselined: recorded.baselined,
      silent,
    },
    silent ? 'first check: recorded what exists, posting nothing' : 'checked arXiv for new papers',
  );
  return { ...base, queued: recorded.queued, baselined: recorded.baselined };
}
