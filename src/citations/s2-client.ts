/**
 * The Semantic Scholar client: citation counts and venues for many arXiv papers at once, through the paper
 * batch endpoint (`POST /graph/v1/paper/batch`, at most 500 ids a request, the answer an array aligned with
 * the ids, `null` where Semantic Scholar does not know the id).
 *
 * Requests go one at a time with a minimum gap between the end of one and the start of the next (the public
 * API is shared by everyone without a key and answers 429 quickly). 429, 5xx, timeouts and network errors are
 * retried with exponential backoff and jitter, honouring Retry-After; anything else (403 for a bad key, 400,
 * a body that is not the documented array) fails at once with an {@link S2Error} that says what happened in
 * words fit for a user. The API key travels only in the `x-api-key` header and never appears in an error.
 */
import type { Logger } from '../logger.js';

/** The most ids Semantic Scholar accepts in one batch request. */
export const S2_BATCH_LIMIT = 500;

/** What Semantic Scholar said about one arXiv paper. */
export interface S2PaperFigures {
  arxivId: string;
  /** Null when Semantic Scholar does not know the paper (never a made-up zero). */
  citationCount: number | null;
  /** The published venue Semantic Scholar lists, when it lists one. */
  venue: string | null;
}

/** Why a fetch failed; `status` is the last HTTP status when there was one. */
export type S2FailureKind = 'refused' | 'rate-limited' | 'server-error' | 'timeout' | 'unreachable' | 'malformed' | 'stopped';

/** A failed fetch, with a message meant for a person ("Semantic Scholar refused (403)"). */
export class S2Error extends Error {
  constructor(
    readonly kind: S2FailureKind,
    message: string,
    readonly status?: number,
    readonly attempts = 1,
  ) {
    super(message);
    this.name = 'S2Error';
  }
}

/** Options for {@link S2Client}. */
export interface S2ClientOptions {
  /** API root without a path, e.g. `https://api.semanticscholar.org` (config: `S2_API_URL`). */
  apiUrl: string;
  /** Sent as `x-api-key` when set (config: `S2_API_KEY`). */
  apiKey?: string;
  /** Minimum gap between the end of one request and the start of the next. Default 1100 ms. */
  minIntervalMs?: number;
  /** Limit of one attempt, body included. Default 30000 ms. */
  timeoutMs?: number;
  /** Retries after the first attempt. Default 3. */
  maxRetries?: number;
  /** First backoff delay, doubled each retry, with jitter. Default 2000 ms. */
  backoffBaseMs?: number;
  /** A Retry-After longer than this fails the fetch instead of being waited out. Default 120000 ms. */
  maxRetryAfterMs?: number;
  logger?: Logger;
  /** Aborted when the bot stops: waits end at once and the fetch fails as `stopped`, recording nothing. */
  signal?: AbortSignal;
}

const FIELDS = 'citationCount,venue,externalIds';

/** Waits `ms`, or less when `signal` aborts (the caller checks the signal afterwards). */
function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** Seconds or an HTTP date, as Retry-After allows; null when absent or unreadable. */
export function parseRetryAfter(value: string | null): number | null {
  if (!value) return null;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.round(Number(value) * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - Date.now());
}

type Attempt = { ok: true; value: unknown } | { ok: false; error: S2Error; retryable: boolean; retryAfterMs: number | null };

/** Reads one array element into figures; anything off the documented shape makes the whole answer malformed. */
function readEntry(entry: unknown, arxivId: string): S2PaperFigures | null {
  if (entry === null) return { arxivId, citationCount: null, venue: null };
  if (typeof entry !== 'object' || Array.isArray(entry)) return null;
  const e = entry as Record<string, unknown>;
  const count = e.citationCount;
  if (count !== undefined && count !== null && !(typeof count === 'number' && Number.isInteger(count) && count >= 0)) return null;
  const venue = typeof e.venue === 'string' && e.venue.trim() ? e.venue.trim() : null;
  return { arxivId, citationCount: typeof count === 'number' ? count : null, venue };
}

/** One Semantic Scholar client; the bot keeps one, so its pacing covers every request the process makes. */
export class S2Client {
  private readonly base: string;
  private readonly minIntervalMs: number;
  private readonly timeoutMs: number;
  private readonly maxRetries: number;
  private readonly backoffBaseMs: number;
  private readonly maxRetryAfterMs: number;
  private turn: Promise<void> = Promise.resolve();
  private lastEndAt = 0;

  constructor(private readonly options: S2ClientOptions) {
    this.base = options.apiUrl.replace(/\/+$/, '');
    this.minIntervalMs = options.minIntervalMs ?? 1100;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.maxRetries = options.maxRetries ?? 3;
    this.backoffBaseMs = options.backoffBaseMs ?? 2000;
    this.maxRetryAfterMs = options.maxRetryAfterMs ?? 120_000;
  }

  /**
   * Citation counts and venues for arXiv ids (without version), in chunks of {@link S2_BATCH_LIMIT}.
   * Resolves with one entry per id, in order; an id Semantic Scholar does not know has a null count.
   *
   * @throws S2Error when any chunk cannot be fetched after the retries it deserves
   */
  async fetchPapers(arxivIds: readonly string[]): Promise<S2PaperFigures[]> {
    const out: S2PaperFigures[] = [];
    for (let i = 0; i < arxivIds.length; i += S2_BATCH_LIMIT) {
      const chunk = arxivIds.slice(i, i + S2_BATCH_LIMIT);
      const body = await this.postWithRetries(chunk);
      if (!Array.isArray(body) || body.length !== chunk.length) {
        throw new S2Error('malformed', 'Semantic Scholar sent an answer that is not the list of papers asked for');
      }
      chunk.forEach((id, k) => {
        const figures = readEntry(body[k], id);
        if (!figures) throw new S2Error('malformed', 'Semantic Scholar sent a paper entry in an unexpected shape');
        out.push(figures);
      });
    }
    return out;
  }

  private async postWithRetries(ids: string[]): Promise<unknown> {
    let last: S2Error | undefined;
    const stopped = () => new S2Error('stopped', 'the bot stopped before Semantic Scholar answered');
    for (let attempt = 0; attempt <= this.maxRetries; attempt++) {
      if (this.options.signal?.aborted) throw stopped();
      const result = await this.paced(() => this.attempt(ids));
      if (this.options.signal?.aborted) throw stopped();
      if (result.ok) return result.value;
      last = new S2Error(result.error.kind, result.error.message, result.error.status, attempt + 1);
      if (!result.retryable || attempt === this.maxRetries) break;
      if (result.retryAfterMs !== null && result.retryAfterMs > this.maxRetryAfterMs) {
        last = new S2Error(
          result.error.kind,
          `${result.error.message}; it asked to wait ${Math.round(result.retryAfterMs / 1000)} s`,
          result.error.status,
          attempt + 1,
        );
        break;
      }
      const backoff = Math.min(60_000, this.backoffBaseMs * 2 ** attempt) * (0.5 + Math.random() / 2);
      const delay = Math.max(result.retryAfterMs ?? 0, backoff);
      this.options.logger?.warn(
        { attempt: attempt + 1, status: result.error.status, kind: result.error.kind, delayMs: Math.round(delay) },
        `Semantic Scholar request failed (${result.error.message}); retrying`,
      );
      await sleep(delay, this.options.signal);
    }
    throw last!;
  }

  /** Runs one exchange in this client's turn, at least `minIntervalMs` after the previous one ended. */
  private paced<T>(run: () => Promise<T>): Promise<T> {
    const next = this.turn.then(async () => {
      const wait = this.lastEndAt + this.minIntervalMs - Date.now();
      if (wait > 0) await sleep(wait, this.options.signal);
      try {
        return await run();
      } finally {
        this.lastEndAt = Date.now();
      }
    });
    this.turn = next.then(
      () => undefined,
      () => undefined,
    );
    return next;
  }

  private async attempt(ids: string[]): Promise<Attempt> {
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
    if (this.options.apiKey) headers['x-api-key'] = this.options.apiKey;
    const timeout = AbortSignal.timeout(this.timeoutMs);
    const signal = this.options.signal ? AbortSignal.any([timeout, this.options.signal]) : timeout;
    let status: number;
    let text: string;
    let retryAfter: string | null;
    try {
      const res = await fetch(`${this.base}/graph/v1/paper/batch?fields=${FIELDS}`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ ids: ids.map((id) => `ARXIV:${id}`) }),
        signal,
      });
      status = res.status;
      retryAfter = res.headers.get('retry-after');
      text = await res.text();
    } catch (err) {
      if (timeout.aborted)
        return {
          ok: false,
          retryable: true,
          retryAfterMs: null,
          error: new S2Error(
            'timeout',
            `Semantic Scholar did not answer within ${this.timeoutMs >= 1000 ? `${Math.round(this.timeoutMs / 1000)} s` : `${this.timeoutMs} ms`}`,
          ),
        };
      const code = (err as { cause?: { code?: string } }).cause?.code;
      return {
        ok: false,
        retryable: true,
        retryAfterMs: null,
        error: new S2Error('unreachable', `Semantic Scholar could not be reached${code ? ` (${code})` : ''}`),
      };
    }
    if (status === 429)
      return {
        ok: false,
        retryable: true,
        retryAfterMs: parseRetryAfter(retryAfter),
        error: new S2Error('rate-limited', 'Semantic Scholar is rate-limiting requests (429)', status),
      };
    if (status >= 500)
      return {
        ok: false,
        retryable: true,
        retryAfterMs: parseRetryAfter(retryAfter),
        error: new S2Error('server-error', `Semantic Scholar failed (${status})`, status),
      };
    if (status < 200 || status >= 300)
      return { ok: false, retryable: false, retryAfterMs: null, error: new S2Error('refused', `Semantic Scholar refused (${status})`, status) };
    try {
      return { ok: true, value: JSON.parse(text) as unknown };
    } catch {
      return { ok: false, retryable: false, retryAfterMs: null, error: new S2Error('malformed', 'Semantic Scholar sent an answer that is not JSON', status) };
    }
  }
}
