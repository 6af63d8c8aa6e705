/**
 * `/paper-admin check-now`: runs a check at once (after a run in progress, never beside it). arXiv is always
 * asked afresh; nothing is cached between runs. Deferred: arXiv allows one request every 3 seconds. When the
 * run has to wait (arXiv asked us to slow down, or another run holds the lock) the admin is answered at
 * once and the run goes on in the background, so the reply never outlives the interaction token.
 */
import { noticeMessage } from '../../cards/cards.js';
import type { RunReport, RunWait } from '../../scheduler/index.js';
import { reply, type CommandHandler } from '../types.js';
import { authorize, isReply } from './access.js';

/** Once arXiv's retry waits add up to this, the admin is answered and the run goes on in the background. */
export const ANSWER_EARLY_AFTER_MS = 5_000;

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** One paragraph for the admin about what a run did. */
export function describeReport(report: RunReport): string {
  const lines: string[] = [];
  const c = report.check;
  if (c) {
    lines.push(`Checked arXiv: ${plural(c.found, 'paper')} by the lab’s authors, ${c.newPapers.length} new.`);
    if (c.silent) lines.push('This was the first check: what exists was recorded, nothing was posted.');
    if (c.newPapers.length && !c.silent)
      lines.push(`New: ${c.newPapers.map((p) => `arXiv:${p.arxivId}`).join(', ')} (${plural(c.queued, 'announcement')} queued).`);
    if (c.baselined.length) lines.push(`First check for ${c.baselined.map((id) => `<#${id}>`).join(', ')}: nothing posted there this time.`);
    if (c.updated.length) lines.push(`${plural(c.updated.length, 'new version')} of known papers: refreshed, not announced again.`);
    if (c.reviews.length) lines.push(`${plural(c.reviews.length, 'paper')} by a namesake, perhaps, sent to review.`);
  }
  const d = report.delivery;
  if (d && (d.messages || d.failed || d.pending)) lines.push(`Delivered ${plural(d.messages, 'message')}; ${d.failed} failed, ${d.pending} still pending.`);
  if (c?.withheld !== undefined)
    lines.push(`arXiv listed ${c.withheld} new papers at once, more than ANNOUNCE_MAX_PER_RUN allows: none was announced; the admin channel has the details.`);
  if (c?.skipped.length)
    lines.push(
      `Skipped ${plural(c.skipped.length, 'arXiv entry', 'arXiv entries')} that could not be read: ${c.skipped.slice(0, 3).join('; ')}${c.skipped.length > 3 ? '; …' : ''}.`,
    );
  if (report.outcome === 'interrupted') lines.push('The bot shut down during the run; nothing half-done was recorded, and the next start catches up.');
  else if (report.error) lines.push(`Problem: ${report.error}. Nothing was lost; the next run tries again.`);
  return lines.join('\n') || 'Nothing to do.';
}

/** What the admin is told when the run has to wait: that it goes on, and where to see how it ended. */
export function describeWait(wait: RunWait): string {
  const after = 'New papers are announced as usual; `/paper-admin status` shows how the run ended.';
  if (wait.kind === 'queued') return `Another check is running; this one starts right after it, in the background. ${after}`;
  const seconds = Math.max(1, Math.round(wait.delayMs / 1000));
  const why = wait.rateLimited ? 'arXiv asked us to wait' : 'arXiv did not answer properly';
  return `${why}; retrying in the background in about ${seconds} s. ${after}`;
}

/** `/paper-admin check-now`. */
export const checkNowCommand: CommandHandler = {
  defer: 'ephemeral',
  async run(input, ctx) {
    const req = authorize(input, ctx);
    if (isReply(req)) return req;
    const service = req.admin.runner();
    if (!service) return reply(noticeMessage('The announcement scheduler is not running (the bot is starting or stopping). Try again in a minute.'));
    ctx.logger.info({ guildId: req.guildId, userId: input.userId }, 'manual arXiv check requested');
    // Short retry pauses are sat out for the full report; a long wait, or a run ahead of this one, is not.
    let waiting!: (wait: RunWait) => void;
    const waited = new Promise<RunWait>((resolve) => (waiting = resolve));
    let waitedMs = 0;
    const onWait = (wait: RunWait) => {
      if (wait.kind === 'arxiv') waitedMs += wait.delayMs;
      if (wait.kind === 'queued' || waitedMs >= ANSWER_EARLY_AFTER_MS) waiting(wait);
    };
    const run = service.runNow('manual', { onWait });
    const first = await Promise.race([run.then((report) => ({ report })), waited.then((wait) => ({ wait }))]);
    if ('report' in first) return reply(noticeMessage(describeReport(first.report)));
    // The run goes on without anyone awaiting it: its outcome is in the log and in `status`.
    run.then(
      (report) => ctx.logger.info({ guildId: req.guildId, outcome: report.outcome, runId: report.runId }, 'manual arXiv check finished in the background'),
      (err: unknown) => ctx.logger.warn({ err }, 'manual arXiv check did not run'),
    );
    return reply(noticeMessage(describeWait(first.wait)));
  },
};
