/**
 * The citation service: refreshes the cached counts from Semantic Scholar at most once a day, in the
 * background, and hands handlers a snapshot of the cache. Nothing a user does ever waits on the network:
 * `snapshot()` reads SQLite, and when the figures are a day old it starts one refresh and returns at once.
 *
 * A failed refresh keeps the cached figures and records why, so the next snapshot can say so plainly
 * ("citation counts unavailable: Semantic Scholar refused (403); showing counts from 2026-11-30"). A failure
 * is retried after `retryAfterFailureMs` (an hour), not at every command.
 */
import type { Config } from '../config.js';
import { loadCorpus } from '../corpus/corpus.js';
import type { Logger } from '../logger.js';
import type { Store } from '../store/store.js';
import { CitationCache } from './cache.js';
import { S2Client, S2Error } from './s2-client.js';
import type { CitationFigures, CitationReader, CitationSnapshot } from './types.js';

/** A successful fetch is repeated after a day. */
export const REFRESH_INTERVAL_MS = 24 * 60 * 60 * 1000;

/** The outcome of one refresh. */
export type RefreshResult = { ok: true; papers: number; at: string } | { ok: false; error: string; at: string };

/** Optional collaborators of {@link createCitationService}; each has a default built from the configuration. */
export interface CitationServiceOptions {
  /** The arXiv ids to fetch; default: the visible papers of `papers.json` and the papers found since. */
  paperIds?: () => string[];
  client?: S2Client;
  now?: () => Date;
  /** After a failed fetch, wait this long before trying again. Default one hour. */
  retryAfterFailureMs?: number;
  /** How often the started service checks whether a refresh is due. Default one hour. */
  checkEveryMs?: number;
}

/** The service: a {@link CitationReader} for handlers, plus the start/stop of a bot service. */
export interface CitationService extends CitationReader {
  readonly name: 'citations';
  /** Fetches now (joining a refresh already running) and stores the outcome. Never rejects. */
  refresh(): Promise<RefreshResult>;
  /** Refreshes when due (a day after a success, an hour after a failure); null when not due. Never rejects. */
  refreshIfDue(): Promise<RefreshResult | null>;
  /** Checks hourly whether a refresh is due, starting with one check now. */
  start(): void;
  /** Stops the hourly check and ends a refresh in progress (nothing of it is recorded). */
  stop(): Promise<void>;
}

/** The day part of an ISO timestamp, as the figures' date is shown. */
const day = (iso: string) => iso.slice(0, 10);

/**
 * Creates the citation service over the Store's database.
 *
 * @param config - `s2.apiUrl` and `s2.apiKey` (the key goes only into the request header)
 * @param store - its connection holds the cache (tables of migration 2)
 * @param logger - one line per refresh; never the key
 */
export function createCitationService(config: Config, store: Store, logger: Logger, options: CitationServiceOptions = {}): CitationService {
  const cache = new CitationCache(store.db);
  const now = options.now ?? (() => new Date());
  // Stopping the bot ends a refresh at once: its waits are cut short and nothing is recorded.
  const abort = new AbortController();
  const client = options.client ?? new S2Client({ apiUrl: config.s2.apiUrl, apiKey: config.s2.apiKey, logger, signal: abort.signal });
  const retryAfterFailureMs = options.retryAfterFailureMs ?? 60 * 60 * 1000;
  const paperIds =
    options.paperIds ??
    (() => {
      const ids = new Set(
        loadCorpus(config.papersPath, { includeOtherAuthors: config.includeOtherAuthors })
          .visible()
          .map((p) => p.arxivId),
      );
      for (const s of store.storedPapers()) ids.add(s.paper.arxivId);
      return [...ids];
    });
  let running: Promise<RefreshResult> | null = null;
  let timer: NodeJS.Timeout | undefined;

  async function fetchAndStore(): Promise<RefreshResult> {
    const at = now().toISOString();
    try {
      const ids = paperIds();
      const figures = await client.fetchPapers(ids);
      cache.saveFetch(figures, at);
      const known = figures.filter((f) => f.citationCount !== null).length;
      logger.info({ papers: figures.length, known }, `citation counts refreshed: ${known} of ${figures.length} papers known to Semantic Scholar`);
      return { ok: true, papers: figures.length, at };
    } catch (err) {
      if (abort.signal.aborted) return { ok: false, error: 'stopped', at };
      // Only an S2Error's message is ours to show; anything else is logged in full and summarised.
      const error = err instanceof S2Error ? err.message : 'an unexpected error while fetching';
      if (!(err instanceof S2Error)) logger.error({ err }, 'citation refresh failed unexpectedly');
      else logger.warn({ kind: err.kind, status: err.status, attempts: err.attempts }, `citation refresh failed: ${err.message}`);
      try {
        cache.saveFailure(error, at);
      } catch (e) {
        logger.error({ err: e }, 'could not record the failed citation refresh');
      }
      return { ok: false, error, at };
    }
  }

  function refresh(): Promise<RefreshResult> {
    running ??= fetchAndStore().finally(() => (running = null));
    return running;
  }

  function isDue(): boolean {
    const last = cache.lastAttempt();
    if (!last) return true;
    const age = now().getTime() - Date.parse(last.attemptedAt);
    return age >= (last.outcome === 'ok' ? REFRESH_INTERVAL_MS : retryAfterFailureMs);
  }

  async function refreshIfDue(): Promise<RefreshResult | null> {
    try {
      return running ? await running : isDue() ? await refresh() : null;
    } catch (err) {
      logger.error({ err }, 'citation refresh check failed');
      return null;
    }
  }

  return {
    name: 'citations',
    refresh,
    refreshIfDue,
    snapshot(): CitationSnapshot {
      void refreshIfDue();
      const papers = cache.all();
      const lastOk = cache.lastSuccessAt();
      const last = cache.lastAttempt();
      let problem: string | null = null;
      if (last && last.outcome === 'failed') {
        problem = `citation counts unavailable: ${last.error ?? 'the last fetch failed'}; ${lastOk ? `showing counts from ${day(lastOk)}` : 'no counts fetched yet'}`;
      }
      return { papers, asOf: lastOk ?? null, problem };
    },
    figures(arxivId: string): CitationFigures | undefined {
      void refreshIfDue();
      return cache.get(arxivId);
    },
    start() {
      void refreshIfDue();
      timer = setInterval(() => void refreshIfDue(), options.checkEveryMs ?? 60 * 60 * 1000);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      abort.abort();
      await running;
    },
  };
}
