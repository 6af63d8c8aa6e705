/**
 * The ways talking to arXiv can fail, as typed errors. Each says whether trying again may help, so the
 * client's retry loop and the announcement runner decide from the type, never by matching messages.
 */

/** Base class of every arXiv failure; `retryable` says whether the same request may succeed later. */
export class ArxivError extends Error {
  readonly retryable: boolean;

  constructor(message: string, retryable: boolean, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ArxivError';
    this.retryable = retryable;
  }
}

/**
 * The body is not an Atom feed: arXiv's plain-text "Rate exceeded.", an HTML error page from a proxy, or XML
 * cut off mid-transfer. Retryable, because arXiv produces all of these under load.
 */
export class ArxivFeedError extends ArxivError {
  /** The first characters of the body, for the log (never the whole page). */
  readonly bodyStart: string;

  constructor(message: string, body: string, options?: { cause?: unknown }) {
    super(message, true, options);
    this.name = 'ArxivFeedError';
    this.bodyStart = body.slice(0, 200);
  }

  /** True when the body is arXiv's throttling answer, which calls for a longer pause than a broken feed. */
  get isRateExceeded(): boolean {
    return this.bodyStart.trim().toLowerCase().startsWith('rate exceeded');
  }
}

/**
 * arXiv understood the request and refused it with an error entry (`http://arxiv.org/api/errors#…`), e.g.
 * "incorrect id format for 1234.5678v9". Asking again gives the same answer, so it is not retryable.
 */
export class ArxivApiError extends ArxivError {
  /** The error entry's id, e.g. `http://arxiv.org/api/errors#incorrect_id_format_for_1234.5678v9`. */
  readonly errorId: string;

  constructor(message: string, errorId: string) {
    super(`arXiv rejected the query: ${message}`, false);
    this.name = 'ArxivApiError';
    this.errorId = errorId;
  }
}

/** What went wrong with an HTTP exchange, as {@link ArxivFetchError} reports it. */
export type ArxivFetchFailure =
  /** 429, 503, or the "Rate exceeded." body: arXiv asks us to slow down. */
  | 'rate-limited'
  /** 500, 502, 504: arXiv or a proxy in front of it failed. */
  | 'server-error'
  /** Any other non-success status, e.g. 400 or 404 without an error feed. Not retried. */
  | 'http-status'
  /** No complete answer within the timeout. */
  | 'timeout'
  /** A refused or reset connection, worth retrying. */
  | 'network'
  /** The host cannot be reached at all (its name does not resolve, or it never accepted a connection): not retried. */
  | 'unreachable'
  /** An answer arrived but it was not an Atom feed. */
  | 'not-a-feed'
  /** arXiv asked for a pause (Retry-After) longer than we are willing to wait. */
  | 'retry-after-too-long';

/**
 * A request that did not produce a feed: either a failure that retrying cannot fix, or the last of
 * `maxRetries + 1` attempts. The message says what happened on the last attempt and how many were made.
 */
export class ArxivFetchError extends ArxivError {
  readonly failure: ArxivFetchFailure;
  /** Attempts made, including the first. */
  readonly attempts: number;
  /** HTTP status of the last attempt, when one arrived. */
  readonly status?: number;
  /** The request URL (arXiv queries hold no secrets). */
  readonly url: string;

  constructor(message: string, details: { failure: ArxivFetchFailure; attempts: number; status?: number; url: string; retryable?: boolean; cause?: unknown }) {
    super(message, details.retryable ?? false, { cause: details.cause });
    this.name = 'ArxivFetchError';
    this.failure = details.failure;
    this.attempts = details.attempts;
    this.url = details.url;
    if (details.status !== undefined) this.status = details.status;
  }
}
