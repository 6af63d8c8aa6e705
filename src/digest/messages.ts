/**
 * The digest's messages: a one-line header in the channel, compact cards (five to a message, each with
 * "Save to reading list" and "Not relevant") in a thread on it, the one line of an empty day, and the
 * admins' alert. All go through the card builder, so they keep Discord's limits; nothing ever pings.
 */
import { ButtonStyle, ComponentType, type APIEmbed } from 'discord.js';
import { resultEmbed } from '../cards/cards.js';
import { encodeCustomId } from '../cards/custom-id.js';
import { LIMITS } from '../cards/limits.js';
import { finalizeMessage, type ActionRow } from '../cards/message.js';
import type { Paper } from '../corpus/schema.js';
import { truncate } from '../text/fit.js';
import type { ChannelMessageBody } from '../announce/messages.js';
import type { DigestPayload } from './store.js';

/** Cards per message: one action row of two buttons per card, and Discord allows five rows. */
export const CARDS_PER_MESSAGE = LIMITS.actionRows;

/** The custom_id actions of the card buttons (the reading-list feature handles them). */
export const SAVE_ACTION = 'rls';
export const NOT_RELEVANT_ACTION = 'rln';

const MARKERS: Record<NonNullable<DigestPayload['picks'][number]['marker']>, string> = {
  'lab-author': '★ lab author',
  'lab-coauthor': '◆ co-author of the lab',
};

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

/** "312 new papers in cs.LG, stat.ML today; the 5 closest to the lab's work:" (and the lab papers left out). */
export function digestHeader(p: DigestPayload): string {
  const cats = p.categories.join(', ');
  const lab = p.labPapers.length
    ? ` ${plural(p.labPapers.length, 'lab paper')} in the listing ${p.labPapers.length === 1 ? 'is' : 'are'} announced on ${p.labPapers.length === 1 ? 'its' : 'their'} own.`
    : '';
  const picks = p.picks.length === 1 ? 'the closest to the lab’s work is' : `the ${p.picks.length} closest to the lab’s work are`;
  return `${plural(p.candidates, 'new paper')} in ${cats} today (${p.day}); ${picks} in the thread.${lab}`;
}

/** The one line of a day with no new papers in the categories. */
export function emptyDayLine(p: Pick<DigestPayload, 'categories' | 'day'>): string {
  return `No new papers in ${p.categories.join(', ')} today (${p.day}).`;
}

/** The thread (or forum post) name of a day's digest. */
export function digestThreadName(p: Pick<DigestPayload, 'categories' | 'day'>): string {
  return truncate(`arXiv ${p.categories.join(', ')} · ${p.day}`, LIMITS.threadName);
}

/** A plain message body with mentions off. */
export function plainMessage(content: string): ChannelMessageBody {
  return finalizeMessage({ content });
}

/** One compact card: linked title with its rank, authors, year, a short snippet, and the reason in the footer. */
export function digestCard(paper: Paper, rank: number, pick: DigestPayload['picks'][number]): APIEmbed {
  const embed = resultEmbed(paper, { rank });
  const marker = pick.marker ? `${MARKERS[pick.marker]} · ` : '';
  embed.footer = { text: truncate(`${marker}${pick.reason}`, 300) };
  return embed;
}

/**
 * The card messages of a digest: up to {@link CARDS_PER_MESSAGE} cards each, every card with its own row of
 * two buttons whose labels carry the card's rank. Ranks continue across messages.
 */
export function digestCardMessages(picks: readonly { paper: Paper; pick: DigestPayload['picks'][number] }[]): ChannelMessageBody[] {
  const out: ChannelMessageBody[] = [];
  for (let i = 0; i < picks.length; i += CARDS_PER_MESSAGE) {
    const group = picks.slice(i, i + CARDS_PER_MESSAGE);
    const embeds = group.map((g, j) => digestCard(g.paper, i + j + 1, g.pick));
    const components: ActionRow[] = group.map((g, j) => ({
      type: ComponentType.ActionRow,
      components: [
        {
          type: ComponentType.Button,
          style: ButtonStyle.Success,
          label: `${i + j + 1}. Save to reading list`,
          custom_id: encodeCustomId(SAVE_ACTION, [g.paper.arxivId]),
        },
        {
          type: ComponentType.Button,
          style: ButtonStyle.Secondary,
          label: `${i + j + 1}. Not relevant`,
          custom_id: encodeCustomId(NOT_RELEVANT_ACTION, [g.paper.arxivId]),
        },
      ],
    }));
    out.push(finalizeMessage({ embeds, components }));
  }
  return out;
}
