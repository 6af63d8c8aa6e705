/**
 * The announcement service: croner fires the check on the lab's schedule (by default 21:00 New York time,
 * Sunday to Thursday, after arXiv's 20:00 Eastern mailing), a run missed while the bot was down is caught up
 * at start-up, and one lock keeps scheduled and manual runs from overlapping. Each run checks arXiv, then
 * delivers whatever the outbox holds, and leaves a line in the run log.
 */
import { Cron } from 'croner';
import { isZodError } from '../validation/zod.js';
import type { ArxivClient } from '../arxiv/client.js';
import type { Config } from '../config.js';
import type { Corpus } from '../corpus/corpus.js';
import type { Logger } from '../logger.js';
import type { Roster } from '../roster/index.js';
import type { SearchEngine } from '../search/types.js';
import type { RunCounts, RunRecord, Store } from '../store/index.js';
import { addToIndex, checkForNewPapers, describeInvalid, type CheckResult } from '../announce/check.js';
import { deliverPending, type DeliveryResult, type RestLike } from '../announce/deliver.js';
import type { ChannelDefaults } from '../announce/targets.js';
import { RunLock } from './lock.js';

/** What the service needs; the bot passes its own client REST, store, corpus and engine. */
export interface AnnouncementServiceDeps {
  config: Pick<Config, 'announce'> & { discord: Pick<Config['discord'], 'guildId'> };
  store: Store;
  /** The process's one rate-limited arXiv client. */
  client: Pick<ArxivClient, 'searchByAuthor' | 'fetchAuthorFeed'>;
  /** The corpus the engine indexes (the same object), with the seed papers. */
  corpus: Corpus;
  engine?: Pick<SearchEngine, 'upsert'> | undefined;
  roster: Roster;
  /** `client.rest` of the bot, or a `REST` from `@discordjs/rest`. */
  rest: RestLike;
  logger: Logger;
  /** Clock for the catch-up decision, for tests. */
  now?: () => Date;
  /** Delivery retry tuning (tests shorten the backoff). */
  delivery?: { attempts?: number; backoffMs?: number };
  /** After a failed run, try again this much later, up to 3 times (default 30 minutes). */
  retryAfterFailureMs?: number;
  /** Whether to run a missed or first check at start-up (default true; tests of the schedule turn it off). */
  catchUp?: boolean;
  /**
   * The longest a manual run may spend, arXiv's retry waits included (default 10 minutes): a retry wait
   * that would end later fails the run instead. Every run also ends its waits before the next scheduled run.
   */
  manualRunMaxMs?: number;
}

/** What keeps a run from finishing soon, as told to {@link RunOptions.onWait}. */
export type RunWait =
  /** Another run holds the lock; this one starts after it. */
  | { kind: 'queued' }
  /** arXiv failed or asked to slow down; the run sleeps `delayMs` before trying again. */
  | { kind: 'arxiv'; delayMs: number; rateLimited: boolean };

/** Options of {@link AnnouncementService.runNow}. */
export interface RunOptions {
  /** Told each time the run has to wait, so an admin can be answered before the run ends. */
  onWait?: (wait: RunWait) => void;
}

/** Why a run started; it is written to the run log. */
export type RunReason = 'scheduled' | 'catch-up' | 'first-run' | 'manual' | 'retry' | 'startup-delivery' | (string & {});

/** What one run did. */
export interface RunReport {
  runId: number;
  reason: RunReason;
  /** `interrupted`: the bot shut down during the run; nothing half-done was recorded. */
  outcome: 'ok' | 'failed' | 'interrupted';
  check?: CheckResult;
  delivery?: DeliveryResult;
  error?: string;
}

/** The handle the bot keeps: trigger a run, read the schedule, stop on shutdown. */
export interface AnnouncementService {
  /** Runs a check and delivery now (after any run in progress); always asks arXiv afresh. */
  runNow(reason: RunReason, options?: RunOptions): Promise<RunReport>;
  /** Delivers what the outbox holds now (after any run in progress), e.g. after an admin approved a review. */
  deliverNow(): Promise<DeliveryResult>;
  /** The next scheduled run, or null when the schedule is off. */
  nextRun(): Date | null;
  /** The previous scheduled time before now (what the catch-up compares with), or null. */
  previousScheduled(): Date | null;
  /** The start-up work (catch-up or leftover delivery), for callers and tests that need to wait for it. */
  readonly ready: Promise<void>;
  /** Stops the schedule, cancels arXiv waits, and waits for a run in progress to end. */
  stop(): Promise<void>;
}

const MAX_RETRIES = 3;
/** Default of {@link AnnouncementServiceDeps.manualRunMaxMs}: well inside an interaction token's 15 minutes. */
const MANUAL_RUN_MAX_MS = 10 * 60_000;
/** Retry waits end this long before the next scheduled run, so it finds the lock free. */
const NEXT_RUN_MARGIN_MS = 60_000;

/** An error as one sentence for the run log and the admin: never a zod issue dump. */
function readable(err: unknown): string {
  if (isZodError(err)) return `arXiv sent data that is not valid (${describeInvalid(err)})`;
  return err instanceof Error ? err.message : String(err);
}

function countsOf(check?: CheckResult, delivery?: DeliveryResult): RunCounts {
  const c: RunCounts = {};
  if (check)
    Object.assign(c, { found: check.found, new: check.newPapers.length, updated: check.updated.length, reviews: check.reviews.length, queued: check.queued });
  if (delivery) Object.assign(c, { sent: delivery.sent, failed: delivery.failed });
  return c;
}

/**
 * Decides what start-up owes: the first, silent check when none ever succeeded; a catch-up when the last
 * success is older than the latest scheduled time; otherwise only the delivery of leftovers (a crash
 * between queueing and sending).
 */
export function startupRunReason(last: RunRecord | undefined, previousScheduled: Date | null): 'first-run' | 'catch-up' | null {
  if (!last) return 'first-run';
  const finished = Date.parse(last.finishedAt ?? last.startedAt);
  if (previousScheduled && finished < previousScheduled.getTime()) return 'catch-up';
  return null;
}

/**
 * Starts the announcement service: loads stored papers into the corpus and index, schedules the daily
 * check, and (in the background) catches up a missed run or delivers leftovers.
 *
 * @throws when the cron expression or time zone is invalid (croner's message names the problem)
 */
export function startAnnouncementService(deps: AnnouncementServiceDeps): AnnouncementService {
  const { store, logger, config } = deps;
  const log = logger.child({ component: 'announce' });
  const now = deps.now ?? (() => new Date());
  const lock = new RunLock();
  const abort = new AbortController();
  const defaults: ChannelDefaults = {
    announceChannelId: config.announce.channelId,
    adminChannelId: config.announce.adminChannelId,
    guildId: config.discord.guildId,
  };
  let stopped = false;
  let retryTimer: NodeJS.Timeout | undefined;
  let retries = 0;

  const interrupted = store.closeInterruptedRuns();
  if (interrupted) log.warn({ interrupted }, 'runs cut short by an earlier crash marked interrupted');
  // Papers found after the seed live in the store; the index must know them from the first search on.
  for (const { paper } of store.storedPapers()) addToIndex(deps.corpus, deps.engine, paper);

  // A paused job is used for its calendar when the schedule is off, so status can still say "off".
  const job = new Cron(config.announce.cron, { timezone: config.announce.timeZone, paused: !config.announce.enabled }, () => {
    void runNow('scheduled').catch(() => undefined);
  });

  function delivery(): Promise<DeliveryResult> {
    return deliverPending({ rest: deps.rest, store, corpus: deps.corpus, logger: log, defaults, ...deps.delivery, signal: abort.signal });
  }

  function scheduleRetry(reason: RunReason): void {
    if (stopped || reason === 'manual' || retries >= MAX_RETRIES || retryTimer) return;
    retries++;
    const ms = deps.retryAfterFailureMs ?? 30 * 60_000;
    log.warn({ inMs: ms, retry: retries }, 'run failed; retrying later (the next scheduled run would catch up too)');
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      void runNow('retry').catch(() => undefined);
    }, ms);
    retryTimer.unref();
  }

  /**
   * When the run's retry waits must end (epoch ms, real clock): before the next scheduled run, and for a
   * manual run within {@link AnnouncementServiceDeps.manualRunMaxMs}.
   */
  function deadlineOf(reason: RunReason): number | undefined {
    const limits: number[] = [];
    const next = config.announce.enabled ? job.nextRun(now()) : null;
    // The schedule may run on a test clock; the client compares with the real one.
    if (next) limits.push(Date.now() + Math.max(0, next.getTime() - now().getTime() - NEXT_RUN_MARGIN_MS));
    if (reason === 'manual') limits.push(Date.now() + (deps.manualRunMaxMs ?? MANUAL_RUN_MAX_MS));
    return limits.length ? Math.min(...limits) : undefined;
  }

  function runNow(reason: RunReason, options: RunOptions = {}): Promise<RunReport> {
    if (stopped) return Promise.reject(new Error('the announcement service is stopped'));
    const tell = (wait: RunWait) => options.onWait?.(wait);
    if (lock.busy) tell({ kind: 'queued' });
    return lock.run(async (): Promise<RunReport> => {
      const runId = store.startRun(reason);
      let check: CheckResult | undefined;
      let delivered: DeliveryResult | undefined;
      const errors: string[] = [];
      const deadline = deadlineOf(reason);
      try {
        check = await checkForNewPapers({
          client: deps.client,
          store,
          corpus: deps.corpus,
          engine: deps.engine,
          roster: deps.roster,
          logger: log,
          defaults,
          maxPerRun: config.announce.maxPerRun,
          signal: abort.signal,
          request: {
            ...(deadline !== undefined ? { deadline } : {}),
            onRetryWait: (w) => tell({ kind: 'arxiv', delayMs: w.delayMs, rateLimited: w.rateLimited }),
          },
        });
      } catch (err) {
        if (abort.signal.aborted) {
          // A shutdown, not a failure: nothing was recorded, and the next start catches up.
          log.info({ runId, reason }, 'arXiv check cancelled by shutdown; nothing recorded');
          store.finishRun(runId, 'interrupted', {}, 'stopped by shutdown');
          return { runId, reason, outcome: 'interrupted', error: 'the bot shut down during the run' };
        }
        errors.push(`arXiv check: ${readable(err)}`);
        log.error({ err, runId, reason }, 'arXiv check failed; nothing recorded, the next run finds the same papers');
      }
      // Deliver even when arXiv failed: what an earlier run queued should not wait another day.
      try {
        delivered = await delivery();
        // Rows left pending by Discord errors make the run a failure, so the retry timer picks them up.
        if (delivered.pending > 0) errors.push(`delivery: ${delivered.pending} outbox row(s) still pending after Discord errors`);
      } catch (err) {
        errors.push(`delivery: ${readable(err)}`);
        log.error({ err, runId, reason }, 'delivery stopped');
      }
      if (abort.signal.aborted) {
        log.info({ runId, reason }, 'announcement run stopped by shutdown; pending deliveries are sent at the next start');
        store.finishRun(runId, 'interrupted', countsOf(check, delivered), 'stopped by shutdown');
        return { runId, reason, outcome: 'interrupted', ...(check ? { check } : {}), error: 'the bot shut down during the run' };
      }
      const outcome = errors.length ? 'failed' : 'ok';
      store.finishRun(runId, outcome, countsOf(check, delivered), errors.join('; ') || undefined);
      if (outcome === 'ok') {
        retries = 0;
        if (retryTimer) clearTimeout(retryTimer);
        retryTimer = undefined;
      } else {
        scheduleRetry(reason);
      }
      log.info({ runId, reason, outcome, ...countsOf(check, delivered) }, 'announcement run finished');
      return {
        runId,
        reason,
        outcome,
        ...(check ? { check } : {}),
        ...(delivered ? { delivery: delivered } : {}),
        ...(errors.length ? { error: errors.join('; ') } : {}),
      };
    });
  }

  function previousScheduled(): Date | null {
    return job.previousRuns(1, now())[0] ?? null;
  }

  async function startup(): Promise<void> {
    const reason = config.announce.enabled && deps.catchUp !== false ? startupRunReason(store.lastSuccessfulRun(), previousScheduled()) : null;
    if (reason) {
      log.info({ reason, previousScheduled: previousScheduled()?.toISOString() ?? null }, 'start-up run');
      await runNow(reason);
    } else if (store.outboxCounts().pending > 0) {
      await lock.run(async () => {
        log.info('delivering what an earlier run left pending');
        await delivery().catch((err: unknown) => log.error({ err }, 'delivery of leftovers stopped'));
      });
    }
  }

  const ready = startup().catch((err: unknown) => log.error({ err }, 'start-up run failed'));

  return {
    runNow,
    deliverNow: () => lock.run(delivery),
    nextRun: () => (config.announce.enabled ? job.nextRun() : null),
    previousScheduled,
    ready,
    async stop() {
      if (stopped) return;
      stopped = true;
      job.stop();
      if (retryTimer) clearTimeout(retryTimer);
      abort.abort();
      await lock.run(async () => undefined).catch(() => undefined);
    },
  };
}
