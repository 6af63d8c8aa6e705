/**
 * The process-wide pacing of requests to arXiv.
 *
 * arXiv asks for at most one request every 3 seconds and one connection at a time, per client machine, not
 * per object. So the state lives here, at module level, keyed by host: every `ArxivClient` pointed at the
 * same host queues behind the same turn, and two clients (the scheduler's run and a manual check-now, say)
 * cannot double the rate.
 *
 * The gap is measured from the END of one exchange (response body fully read, or the attempt abandoned) to
 * the START of the next. That is the safer of the two choices: it implies start-to-start spacing of at least
 * the interval too, and a slow answer (arXiv under load) automatically stretches the pause after it instead
 * of letting the next request land right behind it. As a server sees it, request N+1 arrives at least the
 * interval after request N arrived, because N had arrived before its response ended.
 */

interface HostState {
  /** Settles when the current holder of the turn is done; each new request chains onto it. */
  tail: Promise<void>;
  /** When the last exchange ended (0: never). */
  lastEndAt: number;
  /** The interval that exchange was made with; the next waits for the larger of the two. */
  lastIntervalMs: number;
  /** Set after 429/503/"Rate exceeded.": nobody starts before this instant. */
  pausedUntil: number;
}

const hosts = new Map<string, HostState>();

function stateOf(key: string): HostState {
  let state = hosts.get(key);
  if (!state) {
    state = { tail: Promise.resolve(), lastEndAt: 0, lastIntervalMs: 0, pausedUntil: 0 };
    hosts.set(key, state);
  }
  return state;
}

/** The one pacing key for every arXiv host; see {@link hostKey}. */
export const ARXIV_PACE_KEY = 'arxiv.org';

/**
 * The key requests are paced by: the host and port of the URL, except that arxiv.org and all its subdomains
 * (export.arxiv.org for the API, arxiv.org for author feeds) share {@link ARXIV_PACE_KEY}. arXiv asks for
 * one request every 3 s from a machine overall, and the hosts sit behind the same operator, so pacing them
 * apart would let an API query and a feed request land back to back.
 */
export function hostKey(url: string): string {
  const { host, hostname } = new URL(url);
  return /(^|\.)arxiv\.org$/i.test(hostname) ? ARXIV_PACE_KEY : host.toLowerCase();
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted', 'AbortError');
}

/** Sleeps for `ms`, waking early (with a rejection) when the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortReason(signal));
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortReason(signal!));
    };
    const timer = setTimeout(
      () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      },
      Math.max(0, ms),
    );
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function untilSettledOrAborted(promise: Promise<void>, signal?: AbortSignal): Promise<void> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(abortReason(signal));
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(abortReason(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    void promise.then(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    });
  });
}

/**
 * Runs `exchange` when it is this caller's turn at the host: after every earlier exchange has ended, at
 * least `minIntervalMs` after the last one ended, and not before a pause set by {@link pauseHost}.
 * `exchange` must include reading the whole body, so that "ended" means the connection is free.
 *
 * @param signal - aborts the wait (not an exchange already started; give fetch its own signal)
 */
export async function withHostTurn<T>(key: string, minIntervalMs: number, exchange: () => Promise<T>, signal?: AbortSignal): Promise<T> {
  const state = stateOf(key);
  const previous = state.tail;
  let release!: () => void;
  state.tail = new Promise<void>((resolve) => (release = resolve));

  try {
    await untilSettledOrAborted(previous, signal);
  } catch (err) {
    // Leaving the queue early must not let the next caller overtake the exchange still in progress.
    void previous.then(release);
    throw err;
  }

  try {
    for (;;) {
      const readyAt = Math.max(state.lastEndAt + Math.max(state.lastIntervalMs, minIntervalMs), state.pausedUntil);
      const wait = readyAt - Date.now();
      // Re-check after waking: timers may fire a little early, and a pause may have been extended meanwhile.
      if (wait <= 0) break;
      await sleep(wait, signal);
    }
  } catch (err) {
    release();
    throw err;
  }

  try {
    return await exchange();
  } finally {
    state.lastEndAt = Date.now();
    state.lastIntervalMs = minIntervalMs;
    release();
  }
}

/**
 * Holds every request to the host until `until` (epoch ms): arXiv said to slow down, and that applies to
 * the whole process, not just to the request that heard it.
 */
export function pauseHost(key: string, until: number): void {
  const state = stateOf(key);
  state.pausedUntil = Math.max(state.pausedUntil, until);
}
