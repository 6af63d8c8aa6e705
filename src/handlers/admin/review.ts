/**
 * Admin review of papers whose author name matched a lab author but whose field and co-authors did not:
 * `/paper-admin review` lists them, and the Approve / Reject buttons (on those lists and on the cards in the
 * admin channel) decide. Approving announces the paper like a lab paper and adds it to the index; rejecting
 * excludes it for good. The decision lives in the store, the paper id in the button.
 */
import { ButtonStyle, ComponentType, MessageFlags } from 'discord.js';
import { customMessage, noticeMessage, resultEmbed } from '../../cards/cards.js';
import type { ActionRow } from '../../cards/message.js';
import { escapeAndFit } from '../../cards/markdown.js';
import { parseReviewButtonId, reviewButtonId, reviewMessage } from '../../announce/messages.js';
import { announcementTargets } from '../../announce/targets.js';
import type { Store } from '../../store/index.js';
import { reply, update, type CommandHandler, type ComponentHandler } from '../types.js';
import { authorize, isReply } from './access.js';
import { carriesClickedComponent } from '../component-message.js';

/** Papers shown per list: one action row of buttons each, and Discord allows five rows. */
const PER_LIST = 5;

/** The ephemeral list of waiting reviews with a row of buttons per paper. */
export function reviewListMessage(store: Store, note?: string) {
  const waiting = store.pendingReviews();
  if (waiting.length === 0) return noticeMessage(`${note ? `${note}\n` : ''}No paper is waiting for review.`);
  const shown = waiting.slice(0, PER_LIST);
  const rows: ActionRow[] = shown.map((r, i) => ({
    type: ComponentType.ActionRow,
    components: [
      { type: ComponentType.Button, style: ButtonStyle.Success, label: `Approve ${i + 1}`, custom_id: reviewButtonId('approve', r.paper.arxivId, 'list') },
      { type: ComponentType.Button, style: ButtonStyle.Danger, label: `Reject ${i + 1}`, custom_id: reviewButtonId('reject', r.paper.arxivId, 'list') },
    ],
  }));
  const header = `${waiting.length} paper${waiting.length === 1 ? '' : 's'} waiting for review${waiting.length > PER_LIST ? ` (the oldest ${PER_LIST} shown)` : ''}. Approve announces one as the lab’s; Reject excludes it for good.`;
  return customMessage({
    content: note ? `${note}\n${header}` : header,
    embeds: shown.map((r, i) => {
      const e = resultEmbed({ ...r.paper, attribution: 'lab' }, { rank: i + 1 });
      return { ...e, description: `${e.description ?? ''}\n*Why:* ${escapeAndFit(r.reasons.join('; '), 500)}` };
    }),
    components: rows,
    flags: MessageFlags.Ephemeral,
  });
}

/** `/paper-admin review`. */
export const reviewCommand: CommandHandler = {
  run(input, ctx) {
    const req = authorize(input, ctx);
    if (isReply(req)) return req;
    return reply(reviewListMessage(req.admin.store));
  },
};

/** The Approve / Reject buttons. */
export const reviewButton: ComponentHandler = {
  run(input, ctx) {
    const state = parseReviewButtonId(input.customId);
    if (!state) return reply(noticeMessage('This button no longer works. Run `/paper-admin review` again.'));
    const req = authorize(input, ctx);
    if (isReply(req)) return req;
    // The decision replaces the clicked message: only a review card or list that carries this very button.
    if (!carriesClickedComponent(input)) {
      return reply(noticeMessage('This button does not belong to this message, so nothing was changed. Run `/paper-admin review` again.'));
    }
    const { store, defaults } = req.admin;
    const decision = state.decision === 'approve' ? 'approved' : 'rejected';
    const result = store.decideReview(state.arxivId, decision, input.userId, announcementTargets(store, defaults));
    if (!result) return reply(noticeMessage(`arXiv:${state.arxivId} is not in the review list.`));
    if ('already' in result) {
      const by = result.already.decidedBy ? ` by <@${result.already.decidedBy}>` : '';
      return reply(noticeMessage(`arXiv:${state.arxivId} was already ${result.already.status}${by}.`));
    }
    ctx.logger.info({ guildId: req.guildId, userId: input.userId, arxivId: state.arxivId, decision, queued: result.queued }, 'review decided');
    if (decision === 'approved') {
      ctx.engine.upsert(store.storedPaper(state.arxivId)!.paper);
      void req.admin
        .runner()
        ?.deliverNow()
        .catch((err: unknown) => ctx.logger.error({ err }, 'delivering an approved paper failed'));
    }
    const note =
      decision === 'approved'
        ? `Approved arXiv:${state.arxivId}: it is in the index and will be announced.`
        : `Rejected arXiv:${state.arxivId}: it will never be announced.`;
    if (state.view === 'list') return update(reviewListMessage(store, note));
    return update(reviewMessage(result.review.paper, result.review.reasons, { decision, by: input.userId }));
  },
};
