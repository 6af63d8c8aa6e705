/**
 * Delivering digests exactly once: each digest outbox row is a header in the channel, a thread on it, and
 * card messages in the thread (in a forum channel: one post whose starter message is the header, cards in
 * the post). Each step is recorded once Discord has accepted it (`digest_deliveries`), so a restart goes on
 * from the first step not recorded. Every message carries a nonce derived from the row's (assigned before
 * anything is sent) with `enforce_nonce`; a step that may have reached Discord before a crash is first
 * looked for in the channel's recent history, since Discord remembers a nonce for minutes only. A forum
 * post has no nonce: before creating one again, the guild's active threads are searched for it by name.
 */
import { Routes } from 'discord.js';
import { sleep } from '../arxiv/pacing.js';
import type { RestLike } from '../announce/deliver.js';
import type { ChannelMessageBody } from '../announce/messages.js';
import { adminChannelFor, type ChannelDefaults } from '../announce/targets.js';
import type { Paper } from '../corpus/schema.js';
import type { Logger } from '../logger.js';
import type { OutboxRow } from '../store/index.js';
import { digestCardMessages, digestHeader, digestThreadName, emptyDayLine, plainMessage } from './messages.js';
import type { DigestPayload, DigestProgress, DigestStore } from './store.js';

/** The part of the REST client the digest uses: delivery's, plus creating forum posts. */
export type DigestRest = RestLike;

/** What digest delivery needs. */
export interface DigestDeliverDeps {
  rest: DigestRest;
  digests: DigestStore;
  logger: Logger;
  defaults?: ChannelDefaults;
  /** Attempts per step for transient failures (default 4). */
  attempts?: number;
  /** First backoff delay, doubled each attempt (default 2000 ms). */
  backoffMs?: number;
  signal?: AbortSignal;
}

/** What one delivery pass did. */
export interface DigestDeliveryResult {
  sent: number;
  failed: number;
  pending: number;
}

/** Discord's code for "A thread has already been created for this message". */
const THREAD_ALREADY_CREATED = 160004;
/** Channel type of a forum. */
const GUILD_FORUM = 15;

class Permanent extends Error {
  constructor(
    message: string,
    readonly code?: number,
  ) {
    super(message);
  }
}

function describe(err: unknown): { status?: number; code?: number; reason: string } {
  const e = err as { status?: unknown; code?: unknown; message?: unknown };
  const status = typeof e.status === 'number' ? e.status : undefined;
  const code = typeof e.code === 'number' ? e.code : undefined;
  const text = typeof e.message === 'string' ? e.message : String(err);
  return {
    ...(status !== undefined ? { status } : {}),
    ...(code !== undefined ? { code } : {}),
    reason: `${text}${code ? ` (Discord code ${code})` : status ? ` (HTTP ${status})` : ''}`,
  };
}

/** Runs one REST call with retries for transient failures; a 4xx other than 429/408 is {@link Permanent}. */
async function call<T>(deps: DigestDeliverDeps, what: string, fn: () => Promise<T>): Promise<T> {
  const attempts = Math.max(1, deps.attempts ?? 4);
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (deps.signal?.aborted) throw err;
      const d = describe(err);
      if (d.status === 401) throw err;
      if (d.status !== undefined && d.status >= 400 && d.status < 500 && d.status !== 429 && d.status !== 408) throw new Permanent(d.reason, d.code);
      if (attempt >= attempts) throw err;
      const delay = Math.min((deps.backoffMs ?? 2000) * 2 ** (attempt - 1), 60_000);
      deps.logger.warn({ what, attempt, delayMs: delay, reason: d.reason }, 'Discord call failed; retrying');
      await sleep(delay, deps.signal);
    }
  }
}

interface PostedMessage {
  id: string;
  content?: string;
  author?: { bot?: boolean };
  embeds?: { url?: string }[];
}

/** A message the bot already posted in a channel with this content and these cards, if any. */
async function findEarlier(deps: DigestDeliverDeps, channelId: string, body: ChannelMessageBody): Promise<string | undefined> {
  try {
    const recent = (await deps.rest.get(Routes.channelMessages(channelId), {
      query: new URLSearchParams({ limit: '50' }),
      ...(deps.signal ? { signal: deps.signal } : {}),
    })) as PostedMessage[];
    const urls = (body.embeds ?? []).map((e) => e.url);
    return recent.find(
      (m) =>
        m.author?.bot === true &&
        (m.content ?? '') === (body.content ?? '') &&
        (m.embeds?.length ?? 0) === urls.length &&
        urls.every((u, i) => m.embeds?.[i]?.url === u),
    )?.id;
  } catch {
    return undefined;
  }
}

async function post(deps: DigestDeliverDeps, channelId: string, body: ChannelMessageBody, nonce: string, resumed: boolean): Promise<string> {
  if (resumed) {
    const earlier = await findEarlier(deps, channelId, body);
    if (earlier) return earlier;
  }
  const message = (await call(deps, 'post', () =>
    deps.rest.post(Routes.channelMessages(channelId), { body: { ...body, nonce, enforce_nonce: true }, ...(deps.signal ? { signal: deps.signal } : {}) }),
  )) as { id?: unknown };
  if (typeof message?.id !== 'string') throw new Error('Discord answered without a message id');
  return message.id;
}

/** The forum post of this digest that an earlier attempt created, found by name among the guild's active threads. */
async function findForumPost(deps: DigestDeliverDeps, guildId: string | null, forumId: string, name: string): Promise<string | undefined> {
  if (!guildId) return undefined;
  try {
    const active = (await deps.rest.get(Routes.guildActiveThreads(guildId))) as { threads?: { id: string; parent_id?: string; name?: string }[] };
    return active.threads?.find((t) => t.parent_id === forumId && t.name === name)?.id;
  } catch {
    return undefined;
  }
}

/** Sends one digest row's remaining steps; returns the header (or forum post) id. */
async function sendDigest(deps: DigestDeliverDeps, row: OutboxRow, nonce: string, resumed: boolean): Promise<string> {
  const { digests } = deps;
  const payload = JSON.parse(row.payload ?? '{}') as DigestPayload;
  if (payload.picks.length === 0) return post(deps, row.channelId, plainMessage(emptyDayLine(payload)), nonce, resumed);
  const picks: { paper: Paper; pick: DigestPayload['picks'][number] }[] = [];
  for (const pick of payload.picks) {
    const paper = digests.fieldPaper(pick.arxivId);
    if (!paper) throw new Permanent(`paper ${pick.arxivId} of the digest is missing from the store`);
    picks.push({ paper, pick });
  }
  const cards = digestCardMessages(picks);
  const header = plainMessage(digestHeader(payload));
  const name = digestThreadName(payload);
  const progress: DigestProgress = digests.progress(row.id);
  // A step recorded nowhere may still have reached Discord when this row was attempted before.
  const maybeSent = resumed;

  if (!progress.threadId) {
    const channel = (await call(deps, 'channel', () => deps.rest.get(Routes.channel(row.channelId)))) as { type?: number; guild_id?: string };
    if (channel.type === GUILD_FORUM) {
      const existing = maybeSent ? await findForumPost(deps, row.guildId ?? channel.guild_id ?? null, row.channelId, name) : undefined;
      const threadId =
        existing ??
        (
          (await call(deps, 'forum post', () =>
            deps.rest.post(Routes.threads(row.channelId), { body: { name, auto_archive_duration: 1440, message: header } }),
          )) as { id: string }
        ).id;
      // A forum post's starter message has the post's id.
      progress.headerMessageId = threadId;
      progress.threadId = threadId;
      digests.saveProgress(row.id, progress);
    } else {
      if (!progress.headerMessageId) {
        progress.headerMessageId = await post(deps, row.channelId, header, nonce, maybeSent);
        digests.saveProgress(row.id, progress);
      }
      const headerId = progress.headerMessageId;
      try {
        const thread = (await call(deps, 'thread', () =>
          deps.rest.post(Routes.threads(row.channelId, headerId), { body: { name, auto_archive_duration: 1440 } }),
        )) as { id: string };
        progress.threadId = thread.id;
      } catch (err) {
        if (!(err instanceof Permanent)) throw err;
        // A thread started from a message has the message's id; without Create Public Threads the cards
        // follow the header in the channel instead of being lost.
        progress.threadId = err.code === THREAD_ALREADY_CREATED ? headerId : row.channelId;
        if (err.code !== THREAD_ALREADY_CREATED)
          deps.logger.warn({ channelId: row.channelId, reason: err.message }, 'could not open the digest thread; posting the cards in the channel');
      }
      digests.saveProgress(row.id, progress);
    }
  }
  for (let k = progress.cardsSent; k < cards.length; k++) {
    await post(deps, progress.threadId!, cards[k]!, `${nonce}c${k}`, maybeSent);
    progress.cardsSent = k + 1;
    digests.saveProgress(row.id, progress);
  }
  return progress.headerMessageId!;
}

/**
 * Sends every pending digest and digest alert, and records the outcome of each. Transient failures leave
 * the row pending (the next run goes on from where it stopped); permanent ones mark it failed and queue an
 * alert for the server's admin channel in the same transaction.
 *
 * @throws only when Discord rejects the bot token (401)
 */
export async function deliverDigests(deps: DigestDeliverDeps): Promise<DigestDeliveryResult> {
  const { digests, logger } = deps;
  const store = digests.store;
  const result: DigestDeliveryResult = { sent: 0, failed: 0, pending: 0 };
  const attempted = new Set<number>();
  for (let pass = 0; pass < 2; pass++) {
    const rows = digests.pendingRows().filter((r) => !attempted.has(r.id));
    if (rows.length === 0) break;
    for (const row of rows) {
      if (deps.signal?.aborted) return result;
      attempted.add(row.id);
      const resumed = row.nonce !== null;
      const nonce = row.nonce ?? `${store.instanceId}${row.kind === 'digest' ? 'd' : 'a'}${row.id}`;
      if (!resumed) store.assignNonce([row.id], nonce);
      const log = { channelId: row.channelId, kind: row.kind, ref: row.ref, nonce };
      try {
        const messageId =
          row.kind === 'digest'
            ? await sendDigest(deps, row, nonce, resumed)
            : await post(deps, row.channelId, plainMessage(row.payload ?? ''), nonce, resumed);
        store.markSent([row.id], messageId);
        result.sent++;
        logger.info({ ...log, messageId }, 'digest posted');
      } catch (err) {
        if (deps.signal?.aborted) {
          logger.info(log, 'digest delivery stopped by shutdown; it goes on at the next start');
          return result;
        }
        if (describe(err).status === 401) throw err;
        if (err instanceof Permanent) {
          store.markFailed([row.id], err.message);
          const admin = row.kind === 'digest' ? adminChannelFor(store, deps.defaults ?? {}, row.guildId) : undefined;
          if (admin && admin.channelId !== row.channelId) {
            digests.queueAlert(
              admin,
              `failed:${row.ref}:${row.channelId}`,
              `Could not post the field digest of ${row.ref.replace(/^digest:/, '')} in <#${row.channelId}>: ${err.message}. Let the bot view that channel, send messages and embeds and create threads there, or pick another channel with \`/paper-admin digest\`.`,
            );
          }
          result.failed++;
          logger.error({ ...log, reason: err.message }, 'digest delivery failed for good');
        } else {
          store.recordAttempt([row.id], describe(err).reason);
          result.pending++;
          logger.warn({ ...log, reason: describe(err).reason }, 'Discord unavailable; digest left pending for the next run');
        }
      }
    }
  }
  return result;
}
