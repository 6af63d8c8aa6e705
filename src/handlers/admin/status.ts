/**
 * `/paper-admin status`: the schedule, the last run, deliveries and reviews, in one ephemeral card.
 */
import { MessageFlags, type APIEmbedField } from 'discord.js';
import { CARD_COLOR, customMessage } from '../../cards/cards.js';
import { adminTargets, announcementTargets, roleFor } from '../../announce/targets.js';
import type { RunRecord } from '../../store/index.js';
import type { DigestAdmin } from '../../digest/admin.js';
import type { DigestOutcome } from '../../digest/store.js';
import { reply, type CommandHandler } from '../types.js';
import { authorize, isReply } from './access.js';

/** A time in the lab's zone, plus Discord's timestamp markup (shown in each reader's own zone). */
export function formatWhen(date: Date, timeZone: string): string {
  const local = new Intl.DateTimeFormat('en-US', {
    timeZone,
    weekday: 'short',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
  }).format(date);
  return `${local} (<t:${Math.floor(date.getTime() / 1000)}:R>)`;
}

function describeRun(run: RunRecord, timeZone: string): string {
  const c = run.counts;
  const counts = [
    c.found !== undefined ? `${c.found} on arXiv` : null,
    c.new !== undefined ? `${c.new} new` : null,
    c.updated ? `${c.updated} updated` : null,
    c.reviews ? `${c.reviews} to review` : null,
    c.sent !== undefined ? `${c.sent} delivered` : null,
    c.failed ? `${c.failed} failed` : null,
  ].filter(Boolean);
  const outcome = { ok: 'succeeded', failed: 'FAILED', running: 'running now', interrupted: 'interrupted (the bot stopped)' }[run.outcome];
  const lines = [`${formatWhen(new Date(run.startedAt), timeZone)}, ${run.reason}: ${outcome}`];
  if (counts.length) lines.push(counts.join(' · '));
  if (run.error) lines.push(`Error: ${run.error}`);
  return lines.join('\n');
}

const DIGEST_OUTCOMES: Record<DigestOutcome, string> = {
  running: 'running now',
  queued: 'posted the day’s picks',
  empty: 'no new papers that day',
  'no-announcement': 'arXiv announced nothing',
  'already-done': 'that day’s digest was already posted',
  failed: 'FAILED: arXiv could not be read (admins alerted, nothing posted in the channel)',
  interrupted: 'interrupted (the bot stopped)',
};

/** The digest's channel, next run, last run and the delivery of the latest digest. */
function describeDigest(digest: DigestAdmin, guildId: string, timeZone: string): string {
  const target = digest.targets().find((t) => t.guildId === guildId);
  const next = digest.runner()?.nextRun();
  const [last] = digest.digests.recentRuns(1);
  const [delivery] = digest.digests.recentDigests(1);
  const lines = [
    target ? `${target.categories.join(', ')} → <#${target.channelId}>, ${target.size} a day` : 'off, or no channel set (`/paper-admin digest`)',
    next ? `Next run: ${formatWhen(next, timeZone)}` : null,
    last
      ? `Last run: ${formatWhen(new Date(last.startedAt), timeZone)}${last.listedOn ? ` for ${last.listedOn}` : ''}: ${DIGEST_OUTCOMES[last.outcome]}${last.error ? ` (${last.error})` : ''}`
      : 'Last run: none yet',
    delivery ? `Latest digest (${delivery.day}) in <#${delivery.channelId}>: ${delivery.status}${delivery.reason ? ` (${delivery.reason})` : ''}` : null,
  ];
  return lines.filter(Boolean).join('\n');
}

/** `/paper-admin status`. */
export const statusCommand: CommandHandler = {
  run(input, ctx) {
    const req = authorize(input, ctx);
    if (isReply(req)) return req;
    const { store, timeZone, defaults } = req.admin;
    const service = req.admin.runner();
    const next = service?.nextRun();
    const last = store.lastRun();
    const lastOk = store.lastSuccessfulRun();
    const counts = store.outboxCounts();
    const failed = store.failedOutbox(3);
    const reviews = store.pendingReviews();
    const channels = (list: { channelId: string }[]) => list.map((t) => `<#${t.channelId}>`).join(', ') || 'none set';
    const role = roleFor(store, req.guildId);

    const fields: APIEmbedField[] = [
      {
        name: 'Next run',
        value: next
          ? formatWhen(next, timeZone)
          : req.admin.scheduleEnabled
            ? 'not scheduled (the bot is starting)'
            : 'schedule off (ANNOUNCE_ENABLED=false); `check-now` still works',
      },
      { name: 'Last run', value: last ? describeRun(last, timeZone) : 'none yet' },
    ];
    if (last && lastOk && last.id !== lastOk.id)
      fields.push({ name: 'Last successful run', value: formatWhen(new Date(lastOk.finishedAt ?? lastOk.startedAt), timeZone) });
    fields.push(
      { name: 'Announcements', value: `${channels(announcementTargets(store, defaults))}${role ? ` · pings <@&${role}>` : ''}`, inline: true },
      { name: 'Reviews and alerts', value: channels(adminTargets(store, defaults)), inline: true },
      { name: 'Deliveries', value: `${counts.sent} sent · ${counts.pending} pending · ${counts.failed} failed` },
    );
    if (failed.length) {
      fields.push({
        name: 'Latest failures',
        value: failed.map((f) => `<#${f.channelId}> ${f.kind} ${f.ref.startsWith('failed:') ? '' : `arXiv:${f.ref}`}: ${f.reason ?? 'unknown'}`).join('\n'),
      });
    }
    fields.push({
      name: 'Waiting for review',
      value: reviews.length
        ? `${reviews.length}: ${reviews
            .slice(0, 5)
            .map((r) => `arXiv:${r.paper.arxivId}`)
            .join(', ')}${reviews.length > 5 ? ', …' : ''} (\`/paper-admin review\`)`
        : 'none',
    });
    if (ctx.digest) fields.push({ name: 'Field digest', value: describeDigest(ctx.digest, req.guildId, timeZone) });
    return reply(customMessage({ embeds: [{ color: CARD_COLOR, title: 'arXiv announcements', fields }], flags: MessageFlags.Ephemeral }));
  },
};
