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
import type { ArxivClient } from '../arxiv/client.js';
import { entryToPaper } from '../arxiv/paper.js';
import type { ArxivEntry } from '../arxiv/parse.js';
import type { Corpus } from '../corpus/corpus.js';
import { paperSchema, type Paper } from '../corpus/schema.js';
import type { Logger } from '../logger.js';
import type { EntryOrigin } from '../roster/classify.js';
import { authorVariants, classifyPaper, labCoauthors, type Roster, type RosterAuthor } from '../roster/index.js';
import type { SearchEngine } from '../search/types.js';
import type { ChannelTarget, Store } from '../store/index.js';
import { adminTargets, announcementTargets, type ChannelDefaults } from './targets.js';

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
  signal?: AbortSignal;
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
}

function knownVersion(deps: CheckDeps, id: string): number | null | undefined {
  const stored = deps.store.storedPaper(id);
  const inCorpus = deps.corpus.get(id);
  if (!stored && !inCorpus) return undefined;
  return Math.max(stored?.latestVersion ?? 0, stored?.paper.version ?? 0, inCorpus?.version ?? 0) || null;
}

/** Fetches an author's newest submissions, paging back until a known paper shows up (or the page cap). */
async function fetchAuthor(deps: CheckDeps, names: string[], onePage: boolean): Promise<ArxivEntry[]> {
  const pageSize = deps.pageSize ?? 50;
  const maxPages = onePage ? 1 : (deps.maxPages ?? 4);
  const out: ArxivEntry[] = [];
  for (let page = 0; page < maxPages; page++) {
    const feed = await deps.client.searchByAuthor(names, { start: page * pageSize, maxResults: pageSize, ...(deps.signal ? { signal: deps.signal } : {}) });
    out.push(...feed.entries);
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
  const nameSearch: EntryOrigin = { kind: 'name-search' };
  for (const author of roster.authors) {
    for (const e of await fetchAuthor(deps, authorVariants(author), silent)) merge(found, e, nameSearch);
    for (const feed of authorFeeds(author)) {
      const { entries: listed } = await deps.client.fetchAuthorFeed(feed.id, deps.signal ? { signal: deps.signal } : {});
      for (const e of listed) merge(found, e, feed.origin);
    }
  }

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

  for (const { entry, origin, byName } of found.values()) {
    const known = knownVersion(deps, entry.arxivId);
    if (known !== undefined) {
      if (entry.version > (known ?? 1)) {
        const attribution = store.storedPaper(entry.arxivId)?.paper.attribution ?? corpus.get(entry.arxivId)?.attribution ?? 'lab';
        updated.push(paperSchema.parse(entryToPaper(entry, { attribution })));
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
      fresh.push({ entry, paper: paperSchema.parse(entryToPaper(entry, { attribution: 'lab' })) });
    } else if (verdict.verdict === 'review') {
      const paper = paperSchema.parse(entryToPaper(entry, { attribution: 'probably-different-author', attributionNote: verdict.reasons.join('; ') }));
      reviews.push({ paper, reasons: verdict.reasons });
    } else {
      logger.debug({ arxivId: entry.arxivId, reasons: verdict.reasons }, 'not the lab’s paper');
    }
  }
  // Announce in the order the papers appeared on arXiv, so a catch-up after downtime reads as a timeline.
  fresh.sort((a, b) => a.entry.publishedAt.localeCompare(b.entry.publishedAt) || a.entry.arxivId.localeCompare(b.entry.arxivId));
  const newPapers = fresh.map((f) => f.paper);

  const defaults = deps.defaults ?? {};
  const targets = announcementTargets(store, defaults);
  // Channels that get the new papers: those past their first run, and none at all on the very first check.
  const live = silent ? [] : targets.filter((t) => store.isBaselined(t.channelId));
  const firstRun = targets.filter((t) => !store.isBaselined(t.channelId)).map((t) => t.channelId);
  const base = { found: found.size, newPapers, updated, reviews, silent, announceTargets: live };

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

  // Only after the commit: the index never shows a paper the store does not hold.
  for (const p of [...newPapers, ...updated]) addToIndex(corpus, deps.engine, p);
  logger.info(
    { found: found.size, new: newPapers.length, updated: updated.length, reviews: reviews.length, queued: recorded.queued, baselined: recorded.baselined, silent },
    silent ? 'first check: recorded what exists, posting nothing' : 'checked arXiv for new papers',
  );
  return { ...base, queued: recorded.queued, baselined: recorded.baselined };
}
