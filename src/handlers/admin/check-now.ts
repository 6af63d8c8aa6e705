/**
 * `/paper-admin check-now`: runs a check at once (after a run in progress, never beside it). arXiv is always
 * asked afresh; nothing is cached between runs. Deferred: arXiv allows one request every 3 seconds.
 */
import { noticeMessage } from '../../cards/cards.js';
import type { RunReport } from '../../scheduler/index.js';
import { reply, type CommandHandler } from '../types.js';
import { authorize, isReply } from './access.js';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** One paragraph for the admin about what a run did. */
export function describeReport(report: RunReport): string {
  const lines: string[] = [];
  const c = report.check;
  if (c) {
    lines.push(`Checked arXiv: ${plural(c.found, 'paper')} by the lab’s authors, ${c.newPapers.length} new.`);
    if (c.silent) lines.push('This was the first check: what exists was recorded, nothing was posted.');
    if (c.newPapers.length && !c.silent) lines.push(`New: ${c.newPapers.map((p) => `arXiv:${p.arxivId}`).join(', ')} (${plural(c.queued, 'announcement')} queued).`);
    if (c.baselined.length) lines.push(`First check for ${c.baselined.map((id) => `<#${id}>`).join(', ')}: nothing posted there this time.`);
    if (c.updated.length) lines.push(`${plural(c.updated.length, 'new version')} of known papers: refreshed, not announced again.`);
    if (c.reviews.length) lines.push(`${plural(c.reviews.length, 'paper')} by a namesake, perhaps, sent to review.`);
  }
  const d = report.delivery;
  if (d && (d.messages || d.failed || d.pending)) lines.push(`Delivered ${plural(d.messages, 'message')}; ${d.failed} failed, ${d.pending} still pending.`);
  if (report.error) lines.push(`Problem: ${report.error}. Nothing was lost; the next run tries again.`);
  return lines.join('\n') || 'Nothing to do.';
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
    const report = await service.runNow('manual');
    return reply(noticeMessage(describeReport(report)));
  },
};
