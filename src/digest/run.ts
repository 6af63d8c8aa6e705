/**
 * One digest run: read the day's listing for each set of categories the digest channels use, rank the
 * candidates for each server, store the day's field papers and queue each channel's digest in one
 * transaction, then deliver. A run never posts a day twice in a channel (the outbox's key), reads only the
 * latest announcement (so a first run or a run after downtime posts today's digest, never a backlog), and
 * turns a failure to read arXiv into an alert for the admins, never into "nothing new".
 */
import type { ArxivRequestOptions } from '../arxiv/client.js';
import { adminChannelFor, type ChannelDefaults } from '../announce/targets.js';
import type { Config } from '../config.js';
import type { Corpus } from '../corpus/corpus.js';
import { isLabPaper, type Paper } from '../corpus/schema.js';
import type { Logger } from '../logger.js';
import { classifyPaper, labCoauthors, type Roster } from '../roster/index.js';
import type { ChannelTarget } from '../store/index.js';
import { deliverDigests, type DigestDeliveryResult, type DigestRest } from './deliver.js';
import { rankCandidates, type RankedPaper } from './rank.js';
import { easternDay, readDay, type DayListing, type DigestClient } from './source.js';
import type { DigestOutcome, DigestPayload, DigestStore } from './store.js';

/** The digest part of the configuration. */
export type DigestConfig = Config['digest'];

/** A channel that gets the digest, with what it asked for. */
export interface DigestTarget extends ChannelTarget {
  categories: string[];
  size: number;
}

/** What a run needs. */
export interface DigestRunDeps {
  client: DigestClient;
  digests: DigestStore;
  /** The lab's corpus (the profile) and roster (the boost, and which listed papers are the lab's). */
  corpus: Corpus;
  roster: Roster;
  config: DigestConfig;
  /** The announcement and admin channels from the environment, and the server they belong to. */
  defaults: ChannelDefaults;
  logger: Logger;
  now: () => Date;
  rest?: DigestRest;
  signal?: AbortSignal;
  request?: Omit<ArxivRequestOptions, 'signal'>;
  delivery?: { attempts?: number; backoffMs?: number };
  /** Told the day's field papers once they are stored (the field index subscribes). */
  onFieldPapers?: (papers: Paper[]) => void;
}

/** One category set's result. */
export interface DigestDayReport {
  categories: string[];
  outcome: Exclude<DigestOutcome, 'running' | 'interrupted'>;
  day: string | null;
  via?: 'rss' | 'api';
  listed?: number;
  candidates?: number;
  skipped?: string[];
  labPapers?: string[];
  /** The ranked picks of the first target (what the CLI prints). */
  ranked?: RankedPaper[];
  queued?: number;
  error?: string;
}

/** What a run did. */
export interface DigestReport {
  runId: number | null;
  days: DigestDayReport[];
  delivery?: DigestDeliveryResult;
}

/** The roster's main categories: each author's first two, in roster order. */
export function rosterCategories(roster: Roster): string[] {
  const out: string[] = [];
  for (const a of roster.authors) for (const c of a.categories.slice(0, 2)) if (!out.includes(c)) out.push(c);
  return out.length ? out : ['cs.LG'];
}

/**
 * Every channel that gets the digest: a server's `/paper-admin digest` channel, else `DIGEST_CHANNEL_ID`,
 * else its announcement channel; servers that turned the digest off get none.
 */
export function digestTargets(digests: DigestStore, config: DigestConfig, defaults: ChannelDefaults, roster: Roster): DigestTarget[] {
  const store = digests.store;
  const fallbackCats = config.categories ?? rosterCategories(roster);
  const out: DigestTarget[] = [];
  const guildIds = new Set([...store.allGuildSettings().map((s) => s.guildId), ...digests.allSettings().map((s) => s.guildId)]);
  if (defaults.guildId) guildIds.add(defaults.guildId);
  const handled = new Set<string>();
  for (const guildId of [...guildIds].sort()) {
    const s = digests.settings(guildId);
    const enabled = s?.enabled ?? config.enabled;
    const isDefault = guildId === defaults.guildId;
    const channelId =
      s?.channelId ??
      (isDefault ? config.channelId : undefined) ??
      store.guildSettings(guildId)?.announceChannelId ??
      (isDefault ? defaults.announceChannelId : undefined);
    handled.add(guildId);
    if (!enabled || !channelId || out.some((t) => t.channelId === channelId)) continue;
    out.push({ guildId, channelId, categories: s?.categories ?? fallbackCats, size: s?.size ?? config.size });
  }
  // A default channel for a server the bot does not know by id stands alone.
  const channelId = config.channelId ?? defaults.announceChannelId;
  if (!defaults.guildId && config.enabled && channelId && !out.some((t) => t.channelId === channelId)) {
    out.push({ guildId: null, channelId, categories: fallbackCats, size: config.size });
  }
  return out;
}

function isTheLabs(paper: Paper, corpus: Corpus, roster: Roster, coauthors: ReadonlySet<string>): boolean {
  const known = corpus.get(paper.arxivId);
  if (known) return isLabPaper(known);
  return classifyPaper(paper, roster, corpus, { coauthors }).verdict === 'lab';
}

/**
 * Ranks a day's listing for one server: lab papers are left out (the lab announcement posts them), the
 * rest is ranked against the lab's papers and that server's saves and not-relevant verdicts.
 */
export function rankDay(
  listing: Extract<DayListing, { kind: 'listing' }>,
  deps: Pick<DigestRunDeps, 'corpus' | 'roster' | 'digests'>,
  guildId: string | null,
  now: Date,
  limit: number,
): { ranked: RankedPaper[]; labPapers: string[] } {
  const coauthors = labCoauthors(deps.corpus, deps.roster);
  const labPapers: string[] = [];
  const candidates: Paper[] = [];
  for (const { paper } of listing.candidates) {
    if (isTheLabs(paper, deps.corpus, deps.roster, coauthors)) labPapers.push(paper.arxivId);
    else candidates.push(paper);
  }
  const { saves, notRelevant } = deps.digests.feedback(guildId);
  const ranked = rankCandidates(candidates, { labPapers: deps.corpus.all().filter(isLabPaper), saves, notRelevant, roster: deps.roster, now }, limit);
  return { ranked, labPapers };
}

/** Groups targets by the categories they read, so each listing is fetched once. */
function byCategories(targets: DigestTarget[]): Map<string, DigestTarget[]> {
  const groups = new Map<string, DigestTarget[]>();
  for (const t of targets) {
    const key = [...t.categories].join('+');
    groups.set(key, [...(groups.get(key) ?? []), t]);
  }
  return groups;
}

function readable(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Runs the digest once: read, rank, record, deliver.
 *
 * @param options.dryRun - read and rank only: nothing is stored, queued or posted (the CLI)
 */
export async function runDigest(
  deps: DigestRunDeps,
  reason: string,
  options: { dryRun?: boolean; targets?: DigestTarget[]; /** A past announcement day, read from the API. */ date?: string } = {},
): Promise<DigestReport> {
  const { digests } = deps;
  const targets = options.targets ?? digestTargets(digests, deps.config, deps.defaults, deps.roster);
  // No channel wants a digest: arXiv is not asked, and the run log stays about real runs.
  if (targets.length === 0) {
    deps.logger.debug({ reason }, 'no digest channel configured: digest run skipped');
    return { runId: null, days: [] };
  }
  const runId = options.dryRun ? null : digests.startRun(reason);
  try {
    return await runRecorded(deps, reason, options, targets, runId);
  } catch (err) {
    // A shutdown is no failure: the next start catches up. Anything else is logged with the run.
    if (runId !== null)
      digests.finishRun(runId, deps.signal?.aborted ? 'interrupted' : 'failed', { error: deps.signal?.aborted ? 'stopped by shutdown' : readable(err) });
    throw err;
  }
}

async function runRecorded(
  deps: DigestRunDeps,
  reason: string,
  options: { dryRun?: boolean; date?: string },
  targets: DigestTarget[],
  runId: number | null,
): Promise<DigestReport> {
  const { digests, logger } = deps;
  const days: DigestDayReport[] = [];
  for (const [, group] of byCategories(targets)) {
    const categories = group[0]!.categories;
    let listing: DayListing;
    try {
      listing = await readDay({
        client: deps.client,
        categories,
        logger,
        now: deps.now(),
        request: { ...deps.request, ...(deps.signal ? { signal: deps.signal } : {}) },
      });
    } catch (err) {
      if (deps.signal?.aborted) throw err;
      const error = readable(err);
      logger.error({ categories, err: error }, 'arXiv could not be read for the digest; nothing posted in the digest channels, admins alerted');
      if (!options.dryRun) {
        const today = easternDay(deps.now());
        for (const t of group) {
          const admin = adminChannelFor(digests.store, deps.defaults, t.guildId);
          if (admin)
            digests.queueAlert(
              admin,
              `digest-unreadable:${today}`,
              `The field digest of ${categories.join(', ')} could not be made today (${today}): ${error}. Nothing was posted in <#${t.channelId}>; the next run tries again.`,
            );
        }
      }
      days.push({ categories, outcome: 'failed', day: null, error });
      continue;
    }
    if (listing.kind === 'no-announcement') {
      logger.info({ categories, day: listing.day }, 'arXiv announced nothing in the digest categories: no digest');
      days.push({ categories, outcome: 'no-announcement', day: listing.day, via: listing.via });
      continue;
    }
    if (listing.skipped.length)
      logger.warn(
        { skipped: listing.skipped.slice(0, 10) },
        `skipped ${listing.skipped.length} listing entr${listing.skipped.length === 1 ? 'y' : 'ies'} that could not be read; the rest goes on`,
      );
    const report: DigestDayReport = {
      categories,
      outcome: 'already-done',
      day: listing.day,
      via: listing.via,
      listed: listing.listed,
      candidates: listing.candidates.length,
      skipped: listing.skipped,
      queued: 0,
    };
    const queue: { target: DigestTarget; payload: DigestPayload }[] = [];
    for (const t of group) {
      if (!options.dryRun && digests.hasDigest(t.channelId, listing.day)) continue;
      const { ranked, labPapers } = rankDay(listing, deps, t.guildId, deps.now(), t.size);
      report.ranked ??= ranked;
      report.labPapers ??= labPapers;
      const picks = ranked.map((r) => ({ arxivId: r.paper.arxivId, reason: r.reason, ...(r.marker ? { marker: r.marker } : {}) }));
      if (picks.length === 0 && !deps.config.emptyNotice) continue;
      queue.push({ target: t, payload: { day: listing.day, categories, candidates: listing.candidates.length - labPapers.length, labPapers, picks } });
    }
    if (report.ranked === undefined && options.dryRun) report.ranked = [];
    if (queue.length || report.ranked !== undefined) report.outcome = listing.candidates.length - (report.labPapers?.length ?? 0) > 0 ? 'queued' : 'empty';
    if (!options.dryRun) {
      report.queued = digests.recordDay(listing.day, listing.candidates, queue);
      // Only after the commit: subscribers never see papers the store does not hold.
      try {
        deps.onFieldPapers?.(listing.candidates.map((c) => c.paper));
      } catch (err) {
        logger.error({ err }, 'a field-paper subscriber failed; the digest goes on');
      }
    }
    days.push(report);
  }
  let delivery: DigestDeliveryResult | undefined;
  if (!options.dryRun && deps.rest) {
    delivery = await deliverDigests({
      rest: deps.rest,
      digests,
      logger,
      defaults: deps.defaults,
      ...deps.delivery,
      ...(deps.signal ? { signal: deps.signal } : {}),
    });
  }
  if (runId !== null) {
    const failed = days.find((d) => d.outcome === 'failed');
    const outcome: Exclude<DigestOutcome, 'running'> = failed
      ? 'failed'
      : (days.find((d) => d.outcome === 'queued')?.outcome ?? days.find((d) => d.outcome === 'empty')?.outcome ?? days[0]?.outcome ?? 'no-announcement');
    const first = days[0];
    digests.finishRun(runId, outcome, {
      listedOn: first?.day ?? null,
      ...(first?.via ? { via: first.via } : {}),
      counts: {
        listed: days.reduce((n, d) => n + (d.listed ?? 0), 0),
        candidates: days.reduce((n, d) => n + (d.candidates ?? 0), 0),
        picked: days.reduce((n, d) => n + (d.ranked?.length ?? 0), 0),
        skipped: days.reduce((n, d) => n + (d.skipped?.length ?? 0), 0),
        queued: days.reduce((n, d) => n + (d.queued ?? 0), 0),
        ...(delivery ? { sent: delivery.sent, failed: delivery.failed } : {}),
      },
      ...(failed?.error ? { error: failed.error } : delivery?.pending ? { error: `${delivery.pending} digest(s) still pending after Discord errors` } : {}),
    });
  }
  logger.info({ reason, days: days.map((d) => ({ categories: d.categories, outcome: d.outcome, day: d.day, queued: d.queued })) }, 'digest run finished');
  return { runId, days, ...(delivery ? { delivery } : {}) };
}
