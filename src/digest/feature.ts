/**
 * The daily field digest as the app plugs it in: a schedule (by default 00:30 New York time, Monday to
 * Friday, after arXiv refreshes its listing feeds at midnight Eastern), a start-up run when the last
 * scheduled one was missed (the very first run included: it posts today's digest), one lock so runs never
 * overlap, and what `/paper-admin` needs. Each run first waits for the lab announcements' run in progress
 * and their deliveries, so the lab's own papers go out before the day's digest.
 */
import { Cron } from 'croner';
import { ArxivClient, arxivClientOptionsFromConfig } from '../arxiv/client.js';
import type { BotService } from '../app/contracts.js';
import type { Config } from '../config.js';
import type { Corpus } from '../corpus/corpus.js';
import type { Paper } from '../corpus/schema.js';
import type { Roster } from '../roster/index.js';
import { RunLock } from '../scheduler/lock.js';
import type { Store } from '../store/index.js';
import type { DigestRest } from './deliver.js';
import type { DigestAdmin, DigestRunner } from './admin.js';
import { digestTargets, runDigest, type DigestRunDeps } from './run.js';
import type { DigestClient } from './source.js';
import { DigestStore } from './store.js';

/** What {@link createDigestFeature} builds. */
export interface DigestFeature {
  service: BotService;
  admin: DigestAdmin;
  running(): DigestRunner | undefined;
}

/** What the feature needs from the app. */
export interface DigestFeatureDeps {
  store: Store;
  roster: Roster;
  corpus: Corpus;
  /** Waits for the lab announcements' run in progress and their deliveries. */
  afterAnnouncements?: () => Promise<unknown> | undefined;
  /** Told the day's field papers once stored (the field index subscribes). */
  onFieldPapers?: (papers: Paper[]) => void;
  /** Tuning the tests shorten: clock, delivery back-off, a client of their own, start-up run on or off. */
  tuning?: { now?: () => Date; delivery?: DigestRunDeps['delivery']; client?: DigestClient; catchUp?: boolean };
}

/**
 * Prepares the digest: the schedule starts with the bot (using the bot's REST client) and stops before
 * the client is destroyed.
 */
export function createDigestFeature(config: Config, deps: DigestFeatureDeps): DigestFeature {
  const now = deps.tuning?.now ?? (() => new Date());
  const digests = new DigestStore(deps.store, now);
  const defaults = { announceChannelId: config.announce.channelId, adminChannelId: config.announce.adminChannelId, guildId: config.discord.guildId };
  let running: DigestRunner | undefined;
  const targets = () => digestTargets(digests, config.digest, defaults, deps.roster);

  const service: BotService = {
    name: 'digest',
    start(ctx) {
      const log = ctx.logger.child({ component: 'digest' });
      const lock = new RunLock();
      const abort = new AbortController();
      const client = deps.tuning?.client ?? new ArxivClient(arxivClientOptionsFromConfig(config, ctx.logger));
      const interrupted = digests.closeInterruptedRuns();
      if (interrupted) log.warn({ interrupted }, 'digest runs cut short by an earlier crash marked interrupted');
      const runDeps = (): DigestRunDeps => ({
        client,
        digests,
        corpus: deps.corpus,
        roster: deps.roster,
        config: config.digest,
        defaults,
        logger: log,
        now,
        rest: ctx.rest as DigestRest,
        signal: abort.signal,
        ...(deps.tuning?.delivery ? { delivery: deps.tuning.delivery } : {}),
        ...(deps.onFieldPapers ? { onFieldPapers: deps.onFieldPapers } : {}),
      });
      const runNow = (reason: string) =>
        lock.run(async () => {
          await deps.afterAnnouncements?.();
          return runDigest(runDeps(), reason);
        });
      // Paused when the digest is off, so status can still name the schedule.
      const job = new Cron(config.digest.cron, { timezone: config.announce.timeZone, paused: !config.digest.enabled }, () => {
        void runNow('scheduled').catch((err: unknown) => log.error({ err }, 'digest run failed'));
      });
      const startup = async () => {
        if (deps.tuning?.catchUp === false || targets().length === 0) return;
        const last = digests.lastSuccessfulRun();
        const previous = job.previousRuns(1, now())[0];
        const missed = !last || (previous !== undefined && Date.parse(last.finishedAt ?? last.startedAt) < previous.getTime());
        if (missed) await runNow(last ? 'catch-up' : 'first-run');
      };
      const ready = startup().catch((err: unknown) => {
        if (!abort.signal.aborted) log.error({ err }, 'digest start-up run failed');
      });
      running = {
        runNow,
        nextRun: () => (config.digest.enabled ? job.nextRun(now()) : null),
        ready,
        async stop() {
          job.stop();
          abort.abort();
          await lock.run(async () => undefined);
        },
      };
    },
    async stop() {
      const r = running;
      running = undefined;
      await r?.stop();
    },
  };
  return { service, admin: { digests, config: config.digest, targets, runner: () => running }, running: () => running };
}
