/**
 * The reading group's messages: the candidates' cards before a poll, the poll itself, the winner's post,
 * the tie-break buttons, session reminders and the list of sessions. Built on the card builder, so every
 * one keeps Discord's limits and pings no one.
 */
import { ButtonStyle, ComponentType, type APIButtonComponent } from 'discord.js';
import { customMessage, fullPaperEmbed, resultEmbed } from '../cards/cards.js';
import { encodeCustomId, parseCustomId, splitFields } from '../cards/custom-id.js';
import { escapeAndFit, oneLine } from '../cards/markdown.js';
import type { ActionRow, MessagePayload } from '../cards/message.js';
import { absUrl, pdfUrl } from '../corpus/ids.js';
import { latexToText } from '../corpus/latex.js';
import type { Paper } from '../corpus/schema.js';
import { POLL_LIMITS, shortenAtWord } from './poll-answers.js';
import type { GroupPoll, GroupSession } from './store.js';
import { formatInZone } from './when.js';

/** The custom_id action of the tie-break buttons. */
export const TIE_ACTION = 'gtie';

/** The question every reading-group poll asks. */
export const POLL_QUESTION = 'Which paper should the reading group read next?';

const unix = (iso: string) => Math.floor(Date.parse(iso) / 1000);
const title = (p: Pick<Paper, 'title'>) => oneLine(latexToText(p.title));

function links(paper: Paper): ActionRow {
  const link = (label: string, url: string): APIButtonComponent => ({ type: ComponentType.Button, style: ButtonStyle.Link, label, url });
  return { type: ComponentType.ActionRow, components: [link('Abstract', absUrl(paper.arxivId)), link('PDF', pdfUrl(paper.arxivId))] };
}

/** The message before the poll: one compact card per candidate, numbered as the poll's answers are. */
export function candidatesMessage(papers: Paper[], startedBy: string, expiresAt: string): MessagePayload {
  return customMessage({
    content: `🗳️ **Reading group poll**, started by <@${startedBy}>: read the candidates, then vote in the poll below. It closes <t:${unix(expiresAt)}:R>.`,
    embeds: papers.map((p, i) => resultEmbed(p, { rank: i + 1 })),
  });
}

/** The body of the poll message itself (Discord's poll create request object). */
export function pollBody(answers: string[], hours: number): Record<string, unknown> {
  return {
    poll: {
      question: { text: shortenAtWord(POLL_QUESTION, POLL_LIMITS.question) },
      answers: answers.slice(0, POLL_LIMITS.answers).map((text) => ({ poll_media: { text } })),
      duration: Math.min(POLL_LIMITS.maxHours, Math.max(1, Math.round(hours))),
      allow_multiselect: false,
      layout_type: 1,
    },
    allowed_mentions: { parse: [] },
  };
}

/** How a pick came about, in words for the winner's post and the history. */
export function decidedHow(poll: Pick<GroupPoll, 'startedBy'>, votes: number, tieBreak?: 'starter' | 'random', by?: string): string {
  const counted = `${votes} vote${votes === 1 ? '' : 's'}`;
  if (tieBreak === 'random') return `chosen by poll (${counted}, a tie drawn at random)`;
  if (tieBreak === 'starter') return `chosen by poll (${counted}, a tie settled by <@${by ?? poll.startedBy}>)`;
  return `chosen by poll with ${counted}`;
}

/** The public post of a poll's winner; a discussion thread is opened on it. */
export function winnerMessage(paper: Paper, how: string): MessagePayload {
  return customMessage({ content: `📚 **Reading group pick**, ${how}`, embeds: [fullPaperEmbed(paper)], components: [links(paper)] });
}

/** The tie-break buttons, for the poll's starter (or an organiser): one per tied paper and one to draw at random. */
export function tieMessage(poll: GroupPoll, tied: { index: number; text: string }[], votes: number): MessagePayload {
  const buttons: APIButtonComponent[] = tied.slice(0, 9).map((t) => ({
    type: ComponentType.Button,
    style: ButtonStyle.Primary,
    label: shortenAtWord(t.text, 80),
    custom_id: encodeCustomId(TIE_ACTION, [poll.messageId], String(t.index)),
  }));
  buttons.push({
    type: ComponentType.Button,
    style: ButtonStyle.Secondary,
    label: 'Draw at random',
    custom_id: encodeCustomId(TIE_ACTION, [poll.messageId], 'r'),
  });
  const rows: ActionRow[] = [];
  for (let i = 0; i < buttons.length; i += 5) rows.push({ type: ComponentType.ActionRow, components: buttons.slice(i, i + 5) });
  const what = votes === 0 ? 'The poll ended without a vote' : `The poll ended in a tie (${votes} vote${votes === 1 ? '' : 's'} each)`;
  return customMessage({
    content: `🤝 ${what}. <@${poll.startedBy}>, choose the paper below, or let me draw one at random.`,
    components: rows,
  });
}

/** Reads a tie-break button's custom_id: the poll and the candidate's index, or `random`; null when malformed. */
export function decodeTieId(customId: string): { pollId: string; choice: number | 'random' } | null {
  const parsed = parseCustomId(customId);
  if (!parsed || parsed.action !== TIE_ACTION) return null;
  const s = splitFields(parsed.rest, 1);
  const pollId = s?.fields[0];
  if (!s || !pollId || !/^\d{15,22}$/.test(pollId)) return null;
  if (s.tail === 'r') return { pollId, choice: 'random' };
  return /^\d$/.test(s.tail) ? { pollId, choice: Number(s.tail) } : null;
}

/** The event's page in Discord. */
export function eventLink(session: Pick<GroupSession, 'guildId' | 'eventId'>): string {
  return `https://discord.com/events/${session.guildId}/${session.eventId}`;
}

/** The reminder before a session: when, what, who presents, where, and the event link. */
export function reminderMessage(session: GroupSession, paper: Paper | undefined, occurrence: string): MessagePayload {
  const presenter = session.presenterId ? `, presented by <@${session.presenterId}>` : '';
  const what = escapeAndFit(title(paper ?? { title: session.title }), 200);
  return customMessage({
    content: `⏰ **Reading group** <t:${unix(occurrence)}:R> (<t:${unix(occurrence)}:f>): **${what}**${presenter}. Where: ${session.location}. Event: ${eventLink(session)}`,
    ...(paper ? { embeds: [fullPaperEmbed(paper)], components: [links(paper)] } : {}),
  });
}

/** One line of `/paper sessions`. */
export function sessionLine(session: GroupSession, occurrence: string, timeZone: string): string {
  const presenter = session.presenterId ? ` — presented by <@${session.presenterId}>` : '';
  const repeat = session.repeatWeeks === 1 ? ' · weekly' : session.repeatWeeks === 2 ? ' · fortnightly' : '';
  const name = escapeAndFit(oneLine(latexToText(session.title)), 150);
  return `**${formatInZone(new Date(occurrence), timeZone)}**${repeat}: [${name}](${absUrl(session.arxivId)})${presenter} · ${session.location} · [event](${eventLink(session)})`;
}
