/**
 * The arXiv API client: author searches and metadata by id, paced and retried the way arXiv asks.
 *
 * Every HTTP exchange goes through the process-wide turn in `pacing.ts` (one at a time per host, a
 * minimum gap between the end of one and the start of the next). Failures that arXiv produces under load
 * (429, 503, "Rate exceeded." as plain text, truncated XML, timeouts, reset connections) are retried with
 * exponential backoff and jitter, honouring Retry-After, never past the caller's deadline; what cannot
 * succeed (an error entry, a 400 or 404, a host name that does not resolve, a host that never accepted a
 * connection) fails at once. Either way the caller gets a typed error from `errors.ts` saying what happened.
 *
 * Author feeds (`https://arxiv.org/a/<author-id or ORCID>.atom2`) live on arxiv.org, not on the API's
 * export.arxiv.org; they take the same turn, retries and parser, and `hostKey` gives both hosts one pace.
 */
import pino, { type Logger } from 'pino';
import type { Config } from '../config.js';
import { parseArxivId } from '../corpus/ids.js';
import { ArxivApiError, ArxivError, ArxivFeedError, ArxivFetchError, type ArxivFetchFailure } from './errors.js';
import { parseArxivListing, type ArxivListing } from './listing.js';
import { parseArxivFeed, parseArxivFeedAsync, type ArxivEntry, type ArxivFeed } from './parse.js';
import { authorQuery, type ArxivSortBy, type ArxivSortOrder } from './search-query.js';
import { hostKey, pauseHost, withHostTurn } from './pacing.js';

/** The client's version as it appears in the User-Agent. */
export const CLIENT_NAME = 'lab-paper-bot/0.1';

/** Where arXiv publishes author feeds unless told otherwise (config: `ARXIV_FEED_URL`). */
export const DEFAULT_FEED_URL = 'https://arxiv.org/a';

/** Where arXiv publishes the daily listing feeds unless told otherwise (config: `ARXIV_LISTING_URL`). */
export const DEFAULT_LISTING_URL = 'https://rss.arxiv.org/atom';

/** Options for {@link ArxivClient}; only `apiUrl` is required. */
export interface ArxivClientOptions {
  /** The query endpoint, e.g. `https://export.arxiv.org/api/query` (config: `ARXIV_API_URL`). */
  apiUrl: string;
  /** The base of author feeds, `<feedUrl>/<id>.atom2` (config: `ARXIV_FEED_URL`). Default {@link DEFAULT_FEED_URL}. */
  feedUrl?: string;
  /** The base of the daily listing feeds, `<listingUrl>/<cat+cat>` (config: `ARXIV_LISTING_URL`). Default {@link DEFAULT_LISTING_URL}. */
  listingUrl?: string;
  /** Minimum gap between the end of one request and the start of the next, process-wide. Default 3000. */
  minIntervalMs?: number;
  /** Limit for one attempt, body included. Default 30000. */
  timeoutMs?: number;
  /** Retries after the first attempt. Default 4. */
  maxRetries?: number;
  /** First backoff delay; doubles each retry, with jitter. Default 2000. */
  backoffBaseMs?: number;
  /** Largest backoff delay. Default 60000. */
  backoffMaxMs?: number;
  /** A Retry-After longer than this is not waited out: the request fails instead. Default 300000. */
  maxRetryAfterMs?: number;
  /** Ids per `id_list` request. Default 100. */
  idsPerRequest?: number;
  /** Full User-Agent; by default built from {@link CLIENT_NAME}, `homepage` and `contact`. */
  userAgent?: string;
  /** Where arXiv can read about the bot (repository URL). */
  homepage?: string;
  /** An e-mail address arXiv can write to about this client's traffic. */
  contact?: string;
  /** Receives one debug line per request and a warning per retry. Default: silent. */
  logger?: Logger;
}

/** Paging, sorting and cancellation for {@link ArxivClient.query}. */
export interface ArxivQueryOptions {
  start?: number;
  /** Default 50. */
  maxResults?: number;
  sortBy?: ArxivSortBy;
  sortOrder?: ArxivSortOrder;
  /** Aborts waiting for a turn, the request and the backoff (e.g. at shutdown); not retried. */
  signal?: AbortSignal;
  /**
   * Epoch ms after which no retry wait may end: a retry whose wait (backoff or Retry-After) would run past
   * it fails the request at once instead. Bounds how long a run holds its lock.
   */
  deadline?: number;
  /** Told before each retry wait, e.g. so a manual check can answer its admin instead of staying silent. */
  onRetryWait?: (wait: RetryWait) => void;
}

/** A retry wait the client is about to sleep through. */
export interface RetryWait {
  delayMs: number;
  /** Whether arXiv itself asked for the pause (429/503 with Retry-After, "Rate exceeded."). */
  rateLimited: boolean;
  /** What failed, e.g. `HTTP 503 ("Service Unavailable")`. */
  what: string;
}

/** Per-request controls every method accepts: cancellation, the deadline of retry waits, and the wait callback. */
export type ArxivRequestOptions = Pick<ArxivQueryOptions, 'signal' | 'deadline' | 'onRetryWait'>;

/** Options for {@link ArxivClient.searchByAuthor}: newest submissions first, always. */
export type ArxivAuthorSearchOptions = Pick<ArxivQueryOptions, 'start' | 'maxResults' | 'signal' | 'deadline' | 'onRetryWait'>;

/** An arXiv author identifier as arxiv.org/a/ spells it: `lei_q_1`. */
const AUTHOR_ID = /^[a-z0-9_]+$/;
/** An ORCID iD: four groups of four digits, the last character a check digit that may be X. */
const ORCID = /^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$/;

/**
 * Which kind of author feed an identifier names: an arXiv author id (`lei_q_1`), an ORCID iD
 * (`0000-0002-1825-0097`), or null for anything else (it would make a URL arXiv cannot answer, or one
 * that is not under `/a/` at all).
 */
export function authorFeedKind(id: string): 'author-id' | 'orcid' | null {
  if (ORCID.test(id)) return 'orcid';
  if (AUTHOR_ID.test(id)) return 'author-id';
  return null;
}

/**
 * A descriptive User-Agent, as arXiv's terms ask: who we are, where to read about us, whom to write to.
 * `lab-paper-bot/0.1 (+https://github.com/…; mailto:someone@nyu.edu)`.
 */
export function buildUserAgent(homepage?: string, contact?: string): string {
  const parts = ["Discord bot announcing a research lab's arXiv papers"];
  if (homepage) parts.push(`+${homepage}`);
  if (contact) parts.push(`mailto:${contact}`);
  return `${CLIENT_NAME} (${parts.join('; ')})`;
}

/** Client options from the validated configuration (`ARXIV_API_URL`, `ARXIV_FEED_URL`, `ARXIV_MIN_INTERVAL_MS`, `ARXIV_TIMEOUT_MS`, `ARXIV_CONTACT`). */
export function arxivClientOptionsFromConfig(config: Pick<Config, 'arxiv'>, logger?: Logger): ArxivClientOptions {
  const { apiUrl, feedUrl, listingUrl, minIntervalMs, timeoutMs, contact } = config.arxiv;
  const options: ArxivClientOptions = { apiUrl, feedUrl, minIntervalMs, timeoutMs };
  if (listingUrl) options.listingUrl = listingUrl;
  if (contact) options.contact = contact;
  if (logger) options.logger = logger;
  return options;
}

/** Seconds or an HTTP date, as Retry-After allows; null when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | null {
  if (!value) return null;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

interface AttemptFailure {
  failure: ArxivFetchFailure;
  what: string;
  retryable: boolean;
  status?: number;
  retryAfterMs?: number | null;
  /** The connection was refused: nobody listens there (or not yet). */
  refused?: boolean;
  cause?: unknown;
}

function isFailure(outcome: unknown): outcome is AttemptFailure {
  return typeof outcome === 'object' && outcome !== null && 'failure' in outcome && 'retryable' in outcome;
}

/** getaddrinfo's answers when a name does not resolve (or the resolver cannot be reached at all). */
const DNS_FAILURES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_FAIL']);

const TRANSIENT_STATUS: Record<number, ArxivFetchFailure> = {
  429: 'rate-limited',
  503: 'rate-limited',
  500: 'server-error',
  502: 'server-error',
  504: 'server-error',
};

function statusText(status: number, body: string): string {
  const start = body.replace(/\s+/g, ' ').trim().slice(0, 80);
  return start ? `HTTP ${status} ("${start}")` : `HTTP ${status}`;
}

/**
 * A client for the arXiv query API. Cheap to create; instances pointed at the same host share one pace.
 */
export class ArxivClient {
  readonly apiUrl: string;
  readonly feedUrl: string;
  readonly listingUrl: string;
  readonly minIntervalMs: number;
  readonly timeoutMs: number;
  readonly maxRetries: number;
  readonly userAgent: string;
  private readonly backoffBaseMs: number;
  private readonly backoffMaxMs: number;
  private readonly maxRetryAfterMs: number;
  private readonly idsPerRequest: number;
  private readonly host: string;
  private readonly feedHost: string;
  private readonly listingHost: string;
  private readonly log: Logger;
  /** Hosts that answered at least once: a refused connection there is a restart, worth retrying. */
  private readonly answered = new Set<string>();

  constructor(options: ArxivClientOptions) {
    this.apiUrl = options.apiUrl;
    this.host = hostKey(options.apiUrl);
    // A trailing slash in the setting must not turn into `//` in the URL.
    this.feedUrl = (options.feedUrl ?? DEFAULT_FEED_URL).replace(/\/+$/, '');
    this.feedHost = hostKey(this.feedUrl);
    this.listingUrl = (options.listingUrl ?? DEFAULT_LISTING_URL).replace(/\/+$/, '');
    this.listingHost = hostKey(this.listingUrl);
    this.minIntervalMs = options.minIntervalMs ?? 3000;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.maxRetries = options.maxRetries ?? 4;
    this.backoffBaseMs = options.backoffBaseMs ?? 2000;
    this.backoffMaxMs = options.backoffMaxMs ?? 60_000;
    this.maxRetryAfterMs = options.maxRetryAfterMs ?? 300_000;
    this.idsPerRequest = Math.max(1, options.idsPerRequest ?? 100);
    this.userAgent = options.userAgent ?? buildUserAgent(options.homepage, options.contact);
    this.log = (options.logger ?? pino({ level: 'silent' })).child({ component: 'arxiv' });
  }

  /**
   * Papers by an author, newest submission first: `search_query=au:"First Last"`, sorted by submittedDate.
   * Several spellings may be given ("Qi Lei", "Lei, Qi"); they are ORed. arXiv matches names, not people:
   * namesakes come back too.
   */
  searchByAuthor(name: string | readonly string[], options: ArxivAuthorSearchOptions = {}): Promise<ArxivFeed> {
    return this.query(authorQuery(name), { ...options, sortBy: 'submittedDate', sortOrder: 'descending' });
  }

  /** Runs any `search_query` (arXiv's syntax: `au:`, `ti:`, `cat:`, AND/OR/ANDNOT) and returns one page. */
  query(searchQuery: string, options: ArxivQueryOptions = {}): Promise<ArxivFeed> {
    const params = new URLSearchParams({
      search_query: searchQuery,
      start: String(options.start ?? 0),
      max_results: String(options.maxResults ?? 50),
    });
    if (options.sortBy) params.set('sortBy', options.sortBy);
    if (options.sortOrder) params.set('sortOrder', options.sortOrder);
    return this.request(params, options);
  }

  /**
   * The current metadata of papers by id (`id_list`), in any form (`2502.05075v2`, `arXiv:…`, URLs).
   * Versions are stripped, so the latest version comes back; ids arXiv does not know are simply absent
   * from the result. Long lists are split into several paced requests.
   *
   * @throws TypeError naming the inputs that are not arXiv ids (nothing is requested then)
   */
  async fetchByIds(ids: readonly string[], options: ArxivRequestOptions = {}): Promise<ArxivEntry[]> {
    const bad = ids.filter((id) => !parseArxivId(id));
    if (bad.length > 0) throw new TypeError(`not arXiv ids: ${bad.map((b) => JSON.stringify(b)).join(', ')}`);
    const unique = [...new Set(ids.map((id) => parseArxivId(id)!.id))];
    const entries: ArxivEntry[] = [];
    for (let i = 0; i < unique.length; i += this.idsPerRequest) {
      const chunk = unique.slice(i, i + this.idsPerRequest);
      const params = new URLSearchParams({ id_list: chunk.join(','), start: '0', max_results: String(chunk.length) });
      const feed = await this.request(params, options);
      entries.push(...feed.entries);
    }
    return entries;
  }

  /**
   * Every paper an arXiv author has claimed, from their Atom feed at `<feedUrl>/<id>.atom2`: by arXiv
   * author id (`lei_q_1`) or by an ORCID iD linked to their arXiv account. Unlike a name search, the feed
   * lists only that person's papers, so no namesake comes back. It is one document, not paged, and has no
   * OpenSearch totals (`totalResults` is then the number of entries). Paced and retried like every API
   * request, in the same process-wide turn.
   *
   * @throws TypeError when `authorIdOrOrcid` is neither form (nothing is requested then)
   * @throws ArxivFetchError with status 404 when arXiv knows no such author, or when the request fails
   *   after its retries
   */
  async fetchAuthorFeed(authorIdOrOrcid: string, options: ArxivRequestOptions = {}): Promise<ArxivFeed> {
    if (!authorFeedKind(authorIdOrOrcid)) {
      throw new TypeError(
        `not an arXiv author id (lowercase letters, digits and underscores, e.g. lei_q_1) or an ORCID iD (e.g. 0000-0002-1825-0097): ${JSON.stringify(authorIdOrOrcid)}`,
      );
    }
    return this.requestUrl(`${this.feedUrl}/${authorIdOrOrcid}.atom2`, this.feedHost, options, 'ARXIV_FEED_URL');
  }

  /**
   * The latest daily announcement of some categories, in one request: `<listingUrl>/cs.LG+stat.ML`. Paced,
   * retried and timed out like every API request, in the same process-wide turn.
   *
   * @throws TypeError when a category is not of arXiv's shape (nothing is requested then)
   * @throws ArxivFetchError when the request fails after its retries
   */
  fetchListing(categories: readonly string[], options: ArxivRequestOptions = {}): Promise<ArxivListing> {
    const bad = categories.filter((c) => !/^[a-z-]+(\.[A-Za-z-]+)?$/.test(c));
    if (categories.length === 0 || bad.length) throw new TypeError(`not arXiv categories: ${JSON.stringify(bad.length ? bad : categories)}`);
    return this.requestUrl(`${this.listingUrl}/${categories.join('+')}`, this.listingHost, options, 'ARXIV_LISTING_URL', async (body) =>
      parseArxivListing(body),
    );
  }

  private backoffMs(retry: number): number {
    const ceiling = Math.min(this.backoffMaxMs, this.backoffBaseMs * 2 ** retry);
    // "Equal jitter": at least half the ceiling, so retries from several processes spread out but never hammer.
    return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
  }

  private request(params: URLSearchParams, options: ArxivRequestOptions): Promise<ArxivFeed> {
    return this.requestUrl(`${this.apiUrl}?${params.toString()}`, this.host, options, 'ARXIV_API_URL');
  }

  private async requestUrl<T = ArxivFeed>(
    url: string,
    host: string,
    options: ArxivRequestOptions,
    setting: string,
    parse: (body: string, signal?: AbortSignal) => Promise<T> = parseArxivFeedAsync as unknown as (body: string, signal?: AbortSignal) => Promise<T>,
  ): Promise<T> {
    const { signal } = options;
    const attempts = this.maxRetries + 1;
    let last: AttemptFailure | undefined;
    let made = 0;

    for (let attempt = 1; attempt <= attempts; attempt++) {
      made = attempt;
      const outcome = await withHostTurn(host, this.minIntervalMs, () => this.attempt(url, attempt, parse, signal), signal);
      if (!isFailure(outcome)) {
        this.answered.add(host);
        return outcome;
      }
      if (outcome.status !== undefined) this.answered.add(host);
      last = outcome;
      if (outcome.failure === 'unreachable') {
        // Nothing will change within a backoff: say once, plainly, what to check.
        throw new ArxivFetchError(`cannot reach ${new URL(url).hostname} (${outcome.what}): check the network or ${setting}`, {
          failure: 'unreachable',
          attempts: made,
          url,
          retryable: false,
          cause: outcome.cause,
        });
      }
      if (outcome.failure === 'network' && outcome.refused && !this.answered.has(host)) {
        throw new ArxivFetchError(`cannot reach ${new URL(url).host} (connection refused): check the network or ${setting}`, {
          failure: 'unreachable',
          attempts: made,
          url,
          retryable: false,
          cause: outcome.cause,
        });
      }
      if (!outcome.retryable || attempt === attempts) break;

      const retryAfterMs = outcome.retryAfterMs ?? null;
      if (retryAfterMs !== null && retryAfterMs > this.maxRetryAfterMs) {
        last = { ...outcome, failure: 'retry-after-too-long', what: `${outcome.what}; arXiv asked to wait ${Math.round(retryAfterMs / 1000)} s` };
        break;
      }
      const delay = Math.max(retryAfterMs ?? 0, this.backoffMs(attempt - 1));
      if (options.deadline !== undefined && Date.now() + delay > options.deadline) {
        last = {
          ...outcome,
          failure: 'retry-after-too-long',
          what: `${outcome.what}; arXiv asked us to wait ${Math.ceil(delay / 1000)} s, longer than this run may wait`,
        };
        break;
      }
      // The pause holds every client of this host: arXiv's "slow down" is addressed to the machine.
      pauseHost(host, Date.now() + delay);
      this.log.warn(
        { url, attempt, of: attempts, failure: outcome.failure, status: outcome.status, delayMs: delay },
        `arXiv request failed (${outcome.what}); retrying`,
      );
      options.onRetryWait?.({ delayMs: delay, rateLimited: outcome.failure === 'rate-limited', what: outcome.what });
    }

    const f = last!;
    const details: ConstructorParameters<typeof ArxivFetchError>[1] = { failure: f.failure, attempts: made, url, retryable: f.retryable, cause: f.cause };
    if (f.status !== undefined) details.status = f.status;
    throw new ArxivFetchError(`arXiv request failed after ${made} attempt${made === 1 ? '' : 's'}: ${f.what}`, details);
  }

  /** One HTTP exchange, body included, inside the host's turn. Returns a feed or a classified failure. */
  private async attempt<T>(
    url: string,
    attempt: number,
    parse: (body: string, signal?: AbortSignal) => Promise<T>,
    signal?: AbortSignal,
  ): Promise<T | AttemptFailure> {
    const timeout = AbortSignal.timeout(this.timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    const started = Date.now();
    this.log.debug({ url, attempt }, 'arXiv request');
    let status: number;
    let body: string;
    let retryAfter: string | null;
    try {
      const res = await fetch(url, {
        headers: { 'User-Agent': this.userAgent, Accept: 'application/atom+xml, application/xml;q=0.9, */*;q=0.1' },
        signal: combined,
      });
      status = res.status;
      retryAfter = res.headers.get('retry-after');
      body = await res.text();
    } catch (err) {
      if (signal?.aborted) throw err;
      if (timeout.aborted) {
        return { failure: 'timeout', retryable: true, what: `no complete answer within ${this.timeoutMs} ms`, cause: err };
      }
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      const reason = cause?.code ?? cause?.message ?? (err as Error).message;
      if (cause?.code && DNS_FAILURES.has(cause.code)) return { failure: 'unreachable', retryable: false, what: 'DNS lookup failed', cause: err };
      return { failure: 'network', retryable: true, what: `network error (${reason})`, refused: cause?.code === 'ECONNREFUSED', cause: err };
    }
    this.log.debug({ url, attempt, status, bytes: body.length, ms: Date.now() - started }, 'arXiv response');

    const transient = TRANSIENT_STATUS[status];
    if (status >= 200 && status < 300) {
      try {
        return await parse(body, signal);
      } catch (err) {
        if (err instanceof ArxivFeedError) {
          const failure: ArxivFetchFailure = err.isRateExceeded ? 'rate-limited' : 'not-a-feed';
          return { failure, retryable: true, status, what: err.isRateExceeded ? `HTTP ${status} with "Rate exceeded."` : err.message, cause: err };
        }
        throw err;
      }
    }
    // arXiv reports a bad query as an error entry, sometimes with a 400: surface its message, do not retry.
    try {
      parseArxivFeed(body);
    } catch (err) {
      if (err instanceof ArxivApiError) throw err;
      if (!(err instanceof ArxivError)) throw err;
    }
    if (transient) {
      return { failure: transient, retryable: true, status, retryAfterMs: parseRetryAfter(retryAfter), what: statusText(status, body) };
    }
    return { failure: 'http-status', retryable: false, status, what: statusText(status, body) };
  }
}
