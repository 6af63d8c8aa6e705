/**
 * Delivery: sends what the outbox holds, exactly once.
 *
 * Each message gets its nonce before it is first sent (stored with its rows), and every retry, even after a
 * crash and a restart, sends the same rows with the same nonce and `enforce_nonce`, which Discord answers
 * with the message it already created instead of a second one. Discord remembers a nonce for minutes only,
 * so a message resumed after a crash is first looked for in the channel's recent history. A row is marked
 * sent only once Discord accepted the message. Transient failures (429, 5xx, network) are retried with backoff and otherwise
 * left pending for the next run; permanent ones (no access, unknown channel, invalid body) mark the rows
 * failed and queue an alert for the admin channel in the same transaction.
 */
import { Routes } from 'discord.js';
import type { Corpus } from '../corpus/corpus.js';
import type { Paper } from '../corpus/schema.js';
import type { Logger } from '../logger.js';
import { sleep } from '../arxiv/pacing.js';
import type { OutboxRow, Store } from '../store/index.js';
import { alertMessage, announcementMessage, PAPERS_PER_MESSAGE, reviewMessage, type ChannelMessageBody } from './messages.js';
import { adminChannelFor, roleFor, type ChannelDefaults } from './targets.js';

/** The outbox kinds this module sends; other features deliver their own kinds. */
const ANNOUNCE_KINDS: ReadonlySet<OutboxRow['kind']> = new Set(['paper', 'review', 'alert']);

/** The part of `@discordjs/rest`'s `REST` (or `client.rest`) that delivery uses. */
export interface RestLike {
  post(route: `/${string}`, options: { body: unknown; signal?: AbortSignal }): Promise<unknown>;
  get(route: `/${string}`, options?: { query?: URLSearchParams; signal?: AbortSignal }): Promise<unknown>;
}

/** What delivery needs. */
export interface DeliverDeps {
  rest: RestLike;
  store: Store;
  /** Looks up papers queued by id (seed papers approved at review live only here). */
  corpus?: Corpus;
  logger: Logger;
  defaults?: ChannelDefaults;
  /** Attempts per message for transient failures (default 4); discord.js retries 429s on its own first. */
  attempts?: number;
  /** First backoff delay, doubled each attempt, with jitter (default 2000 ms). */
  backoffMs?: number;
  /** Shutdown: cancels the request in flight and any backoff; what is not sent stays pending, unmarked. */
  signal?: AbortSignal;
}

/** What one delivery pass did. */
export interface DeliveryResult {
  /** Messages Discord accepted. */
  messages: number;
  /** Outbox rows marked sent. */
  sent: number;
  /** Outbox rows marked failed for good. */
  failed: number;
  /** Rows still pending after transient failures (retried next run). */
  pending: number;
}

/** A failure that retrying will not fix; the reason is shown to admins. */
class PermanentFailure extends Error {
  constructor(
    message: string,
    /** The channel itself is unusable (no access, unknown): every message to it would fail the same way. */
    readonly channelWide: boolean,
  ) {
    super(message);
  }
}

/** Discord's answer to a channel post, classified. */
function classify(
  err: unknown,
): { kind: 'permanent'; reason: string; channelWide: boolean } | { kind: 'transient'; reason: string } | { kind: 'fatal'; reason: string } {
  const e = err as { status?: unknown; code?: unknown; message?: unknown; name?: unknown };
  const status = typeof e.status === 'number' ? e.status : undefined;
  const code = typeof e.code === 'number' ? e.code : undefined;
  const text = typeof e.message === 'string' ? e.message : String(err);
  const reason = `${text}${code ? ` (Discord code ${code})` : status ? ` (HTTP ${status})` : ''}`;
  if (status === 401) return { kind: 'fatal', reason };
  if (code === 50001 || code === 50013 || code === 10003 || status === 403 || status === 404) return { kind: 'permanent', reason, channelWide: true };
  if (status !== undefined && status >= 400 && status < 500 && status !== 429 && status !== 408) return { kind: 'permanent', reason, channelWide: false };
  return { kind: 'transient', reason };
}

/** Thrown when the signal aborts delivery: not Discord's failure, so no row is marked or counted. */
class Cancelled extends Error {}

async function postOnce(deps: DeliverDeps, channelId: string, body: ChannelMessageBody): Promise<string> {
  const attempts = Math.max(1, deps.attempts ?? 4);
  const base = deps.backoffMs ?? 2000;
  for (let attempt = 1; ; attempt++) {
    try {
      const message = (await deps.rest.post(Routes.channelMessages(channelId), { body, ...(deps.signal ? { signal: deps.signal } : {}) })) as { id?: unknown };
      if (typeof message?.id !== 'string') throw new Error('Discord answered without a message id');
      return message.id;
    } catch (err) {
      if (deps.signal?.aborted) throw new Cancelled('delivery cancelled', { cause: err });
      const verdict = classify(err);
      if (verdict.kind === 'fatal') throw err;
      if (verdict.kind === 'permanent') throw new PermanentFailure(verdict.reason, verdict.channelWide);
      if (attempt >= attempts) throw err;
      const delay = Math.min(base * 2 ** (attempt - 1), 60_000) * (0.75 + Math.random() * 0.5);
      deps.logger.warn({ channelId, attempt, delayMs: Math.round(delay), reason: verdict.reason }, 'Discord post failed; retrying');
      try {
        await sleep(delay, deps.signal);
      } catch (cancel) {
        throw new Cancelled('delivery cancelled', { cause: cancel });
      }
    }
  }
}

/** One message to send: the rows it covers and how to build it. */
interface Batch {
  channelId: string;
  guildId: string | null;
  kind: OutboxRow['kind'];
  rows: OutboxRow[];
  nonce: string;
  /** The rows had their nonce before this pass: an earlier attempt may have reached Discord. */
  resumed: boolean;
}

/**
 * Groups a channel's pending rows into messages. Rows that already carry a nonce were (perhaps) sent before
 * a crash: they keep their grouping. New paper rows are grouped by up to 10 and given their nonce now,
 * before anything is sent; reviews and alerts are one message each.
 */
function planBatches(store: Store, rows: OutboxRow[]): Batch[] {
  const resumed = new Set(rows.filter((r) => r.nonce !== null).map((r) => r.nonce));
  for (const kind of ['paper', 'review', 'alert'] as const) {
    const fresh = rows.filter((r) => r.kind === kind && r.nonce === null);
    const size = kind === 'paper' ? PAPERS_PER_MESSAGE : 1;
    for (let i = 0; i < fresh.length; i += size) {
      const group = fresh.slice(i, i + size);
      // At most 25 characters: instance (5) + kind letter + row id.
      const nonce = `${store.instanceId}${kind[0]}${group[0]!.id}`;
      store.assignNonce(
        group.map((r) => r.id),
        nonce,
      );
      for (const r of group) r.nonce = nonce;
    }
  }
  const byNonce = new Map<string, Batch>();
  for (const r of rows) {
    const key = `${r.channelId}/${r.nonce}`;
    const batch = byNonce.get(key) ?? { channelId: r.channelId, guildId: r.guildId, kind: r.kind, rows: [], nonce: r.nonce!, resumed: resumed.has(r.nonce) };
    batch.rows.push(r);
    byNonce.set(key, batch);
  }
  return [...byNonce.values()].sort((a, b) => a.rows[0]!.id - b.rows[0]!.id);
}

function findPaper(deps: DeliverDeps, id: string): Paper | undefined {
  return deps.store.storedPaper(id)?.paper ?? deps.corpus?.get(id);
}

function buildMessage(deps: DeliverDeps, batch: Batch): ChannelMessageBody | string {
  if (batch.kind === 'alert') return alertMessage(batch.rows[0]!.payload ?? '');
  if (batch.kind === 'review') {
    const review = deps.store.review(batch.rows[0]!.ref);
    if (!review) return `review of ${batch.rows[0]!.ref} is missing from the store`;
    return reviewMessage(review.paper, review.reasons);
  }
  const papers = batch.rows.map((r) => findPaper(deps, r.ref));
  const missing = batch.rows.filter((_, i) => !papers[i]).map((r) => r.ref);
  if (missing.length) return `paper ${missing.join(', ')} is missing from the store and the corpus`;
  return announcementMessage(papers as Paper[], roleFor(deps.store, batch.guildId));
}

function describeBatch(batch: Batch): string {
  if (batch.kind === 'paper') return `the announcement of ${batch.rows.map((r) => `arXiv:${r.ref}`).join(', ')}`;
  if (batch.kind === 'review') return `the review card of arXiv:${batch.rows[0]!.ref}`;
  return 'an alert';
}

/** A message as the channel history returns it (the fields looked at). */
interface PostedMessage {
  id: string;
  content?: string;
  author?: { bot?: boolean };
  embeds?: { url?: string }[];
}

/**
 * Finds the message a batch already produced, for a batch that was handed to Discord before (it carries a
 * nonce from an earlier attempt) but never recorded as sent. Discord honours a nonce for a few minutes
 * only; after a longer outage the channel's recent history is the evidence. Any error means "not found":
 * the nonce still covers the common case of a quick restart.
 */
async function findEarlierPost(deps: DeliverDeps, batch: Batch, message: ChannelMessageBody): Promise<string | undefined> {
  try {
    const recent = (await deps.rest.get(Routes.channelMessages(batch.channelId), {
      query: new URLSearchParams({ limit: '50' }),
      ...(deps.signal ? { signal: deps.signal } : {}),
    })) as PostedMessage[];
    const urls = (message.embeds ?? []).map((e) => e.url).filter(Boolean);
    const same = (m: PostedMessage) =>
      m.author?.bot === true &&
      (m.content ?? '') === (message.content ?? '') &&
      urls.every((u, i) => m.embeds?.[i]?.url === u) &&
      (m.embeds?.length ?? 0) === (message.embeds?.length ?? 0);
    return Array.isArray(recent) ? recent.find(same)?.id : undefined;
  } catch (err) {
    deps.logger.debug({ channelId: batch.channelId, err }, 'could not read the channel history; relying on the nonce');
    return undefined;
  }
}

type Outcome = { kind: 'sent'; messageId: string } | { kind: 'pending'; reason: string } | { kind: 'failed'; reason: string; channelWide: boolean };

/** Sends one batch; `channelBroken` is the reason an earlier message to the same channel failed for good. */
async function sendBatch(deps: DeliverDeps, batch: Batch, channelBroken?: string): Promise<Outcome> {
  if (channelBroken !== undefined) return { kind: 'failed', reason: channelBroken, channelWide: true };
  const message = buildMessage(deps, batch);
  if (typeof message === 'string') return { kind: 'failed', reason: message, channelWide: false };
  if (batch.resumed) {
    const earlier = await findEarlierPost(deps, batch, message);
    if (earlier) return { kind: 'sent', messageId: earlier };
  }
  try {
    return { kind: 'sent', messageId: await postOnce(deps, batch.channelId, { ...message, nonce: batch.nonce, enforce_nonce: true }) };
  } catch (err) {
    if (err instanceof Cancelled) throw err;
    if (err instanceof PermanentFailure) return { kind: 'failed', reason: err.message, channelWide: err.channelWide };
    const verdict = classify(err);
    if (verdict.kind === 'fatal') throw err;
    return { kind: 'pending', reason: verdict.reason };
  }
}

/**
 * Sends every pending outbox row, oldest first per channel, and records the outcome of each.
 *
 * @throws only when Discord rejects the bot's token (401): nothing can be sent, and nothing is marked
 */
export async function deliverPending(deps: DeliverDeps): Promise<DeliveryResult> {
  const { store, logger } = deps;
  const result: DeliveryResult = { messages: 0, sent: 0, failed: 0, pending: 0 };
  const attempted = new Set<number>();
  // Two passes: the second sends the alerts that failures in the first one queued.
  for (let pass = 0; pass < 2; pass++) {
    const rows = store.pendingOutbox().filter((r) => ANNOUNCE_KINDS.has(r.kind) && !attempted.has(r.id));
    if (rows.length === 0) break;
    const brokenChannels = new Map<string, string>();
    for (const batch of planBatches(store, rows)) {
      if (deps.signal?.aborted) {
        logger.info('delivery stopped by shutdown; what is left stays pending for the next start');
        return result;
      }
      const ids = batch.rows.map((r) => r.id);
      ids.forEach((id) => attempted.add(id));
      const log = { channelId: batch.channelId, kind: batch.kind, refs: batch.rows.map((r) => r.ref), nonce: batch.nonce };
      let outcome: Outcome;
      try {
        outcome = await sendBatch(deps, batch, brokenChannels.get(batch.channelId));
      } catch (err) {
        if (err instanceof Cancelled) {
          logger.info(log, 'delivery stopped by shutdown; what is left stays pending for the next start');
          return result;
        }
        logger.error({ ...log, err }, 'delivery stopped (Discord refused the bot token?); nothing marked');
        throw err;
      }
      if (outcome.kind === 'sent') {
        store.markSent(ids, outcome.messageId);
        result.messages++;
        result.sent += ids.length;
        logger.info({ ...log, messageId: outcome.messageId }, 'posted');
      } else if (outcome.kind === 'pending') {
        store.recordAttempt(ids, outcome.reason);
        result.pending += ids.length;
        logger.warn({ ...log, reason: outcome.reason }, 'Discord unavailable; left pending for the next run');
      } else {
        if (outcome.channelWide) brokenChannels.set(batch.channelId, outcome.reason);
        const admin = batch.kind === 'alert' ? undefined : adminChannelFor(store, deps.defaults ?? {}, batch.guildId);
        const alert =
          admin && admin.channelId !== batch.channelId
            ? {
                target: admin,
                key: `failed:${batch.nonce}`,
                text: `Could not post ${describeBatch(batch)} in <#${batch.channelId}>: ${outcome.reason}. Let the bot view that channel and send messages and embeds there, then set the channel again (\`/paper-admin channel\` or \`alerts\`) to resend.`,
              }
            : undefined;
        store.markFailed(ids, outcome.reason, alert);
        result.failed += ids.length;
        logger.error({ ...log, reason: outcome.reason, alerted: alert?.target.channelId ?? null }, 'delivery failed for good');
      }
    }
  }
  return result;
}
