/**
 * The messages the announcer posts: announcements (one card per paper, several papers in one message under a
 * one-line header), review cards with Approve/Reject, and alerts for the admins. All go through the card
 * builder, so they keep Discord's limits; the only mention ever allowed is the configured role.
 */
import { ButtonStyle, ComponentType, type APIEmbed } from 'discord.js';
import { fullPaperEmbed, resultEmbed } from '../cards/cards.js';
import { encodeCustomId, parseCustomId, splitFields } from '../cards/custom-id.js';
import { LIMITS } from '../cards/limits.js';
import { finalizeMessage, type ActionRow, type MessagePayload } from '../cards/message.js';
import { escapeAndFit } from '../cards/markdown.js';
import { absUrl, normalizeArxivId, pdfUrl } from '../corpus/ids.js';
import type { Paper } from '../corpus/schema.js';

/** A channel message body as the REST API takes it, with its nonce. */
export interface ChannelMessageBody extends Omit<MessagePayload, 'allowed_mentions'> {
  allowed_mentions: { parse: []; roles?: string[] };
  nonce?: string;
  enforce_nonce?: boolean;
}

/** Papers per announcement message: Discord allows 10 embeds. */
export const PAPERS_PER_MESSAGE = LIMITS.embedsPerMessage;

/**
 * An announcement of one or more new papers (at most {@link PAPERS_PER_MESSAGE}). One paper gets its full
 * card with Abstract/PDF links; several get compact cards under a header line. The role, when given, is
 * pinged in the content, and `allowed_mentions` allows that role and nothing else.
 */
export function announcementMessage(papers: Paper[], roleId?: string | null): ChannelMessageBody {
  if (papers.length === 0 || papers.length > PAPERS_PER_MESSAGE)
    throw new Error(`an announcement holds 1 to ${PAPERS_PER_MESSAGE} papers, got ${papers.length}`);
  const header = papers.length === 1 ? 'New on arXiv from the lab:' : `${papers.length} new papers on arXiv from the lab:`;
  const one = papers.length === 1 ? papers[0]! : undefined;
  const embeds: APIEmbed[] = one ? [fullPaperEmbed(one)] : papers.map((p) => resultEmbed(p));
  const components: ActionRow[] = one
    ? [
        {
          type: ComponentType.ActionRow,
          components: [
            { type: ComponentType.Button, style: ButtonStyle.Link, label: 'Abstract', url: absUrl(one.arxivId) },
            { type: ComponentType.Button, style: ButtonStyle.Link, label: 'PDF', url: pdfUrl(one.arxivId) },
          ],
        },
      ]
    : [];
  const message = finalizeMessage({ content: roleId ? `<@&${roleId}> ${header}` : header, embeds, components });
  return { ...message, allowed_mentions: roleId ? { parse: [], roles: [roleId] } : { parse: [] } };
}

/** The custom_id action of the review buttons: `v1:rv:<a|r>:<c|l>:<arXiv id>`. */
export const REVIEW_ACTION = 'rv';

/** A review button's state: the decision, where it sits (a review card, or the `/paper-admin review` list), the paper. */
export interface ReviewButtonState {
  decision: 'approve' | 'reject';
  view: 'card' | 'list';
  arxivId: string;
}

/** Builds the custom_id of a review button; the state lives in the id, so buttons survive restarts. */
export function reviewButtonId(decision: ReviewButtonState['decision'], arxivId: string, view: ReviewButtonState['view'] = 'card'): string {
  return encodeCustomId(REVIEW_ACTION, [decision === 'approve' ? 'a' : 'r', view === 'card' ? 'c' : 'l'], arxivId);
}

/** Reads a review button's custom_id; null when it is not one. */
export function parseReviewButtonId(customId: string): ReviewButtonState | null {
  const parsed = parseCustomId(customId);
  if (!parsed || parsed.action !== REVIEW_ACTION) return null;
  const s = splitFields(parsed.rest, 2);
  const arxivId = s ? normalizeArxivId(s.tail) : null;
  const decision = s?.fields[0] === 'a' ? 'approve' : s?.fields[0] === 'r' ? 'reject' : null;
  const view = s?.fields[1] === 'c' ? 'card' : s?.fields[1] === 'l' ? 'list' : null;
  if (!decision || !view || !arxivId) return null;
  return { decision, view, arxivId };
}

/**
 * The admin-channel card for a paper whose author name matched but whose attribution is uncertain:
 * the full card, why it needs a look, and Approve / Reject buttons.
 */
export function reviewMessage(paper: Paper, reasons: string[], decided?: { decision: 'approved' | 'rejected'; by: string }): ChannelMessageBody {
  // The card's footer would call a non-lab paper a namesake's; here that is exactly the open question.
  const embed = fullPaperEmbed({ ...paper, attribution: 'lab' });
  embed.fields = [
    ...(embed.fields ?? []),
    { name: 'Why it needs a look', value: escapeAndFit(reasons.map((r) => `• ${r}`).join('\n') || '—', LIMITS.fieldValue) },
  ];
  const content = decided
    ? `Review: ${decided.decision === 'approved' ? 'approved, announced as the lab’s' : 'rejected, never announced'} by <@${decided.by}>.`
    : 'Review needed: is this the lab’s paper? Approve announces it and adds it to the index; Reject excludes it for good.';
  const components: ActionRow[] = [
    {
      type: ComponentType.ActionRow,
      components: [
        {
          type: ComponentType.Button,
          style: ButtonStyle.Success,
          label: 'Approve',
          custom_id: reviewButtonId('approve', paper.arxivId),
          disabled: decided !== undefined,
        },
        {
          type: ComponentType.Button,
          style: ButtonStyle.Danger,
          label: 'Reject',
          custom_id: reviewButtonId('reject', paper.arxivId),
          disabled: decided !== undefined,
        },
        { type: ComponentType.Button, style: ButtonStyle.Link, label: 'Abstract', url: absUrl(paper.arxivId) },
      ],
    },
  ];
  return finalizeMessage({ content, embeds: [embed], components });
}

/** A plain-text alert for the admins (a delivery that failed for good). */
export function alertMessage(text: string): ChannelMessageBody {
  return finalizeMessage({ content: text });
}
