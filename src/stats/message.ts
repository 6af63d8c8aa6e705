/**
 * The `/paper stats` reply: the chart as an attached PNG shown in an embed (`attachment://stats.png`), and
 * the same figures as text in the embed, for screen readers and for anyone whose client does not load images.
 */
import type { APIEmbed } from 'discord.js';
import { CARD_COLOR } from '../cards/cards.js';
import { finalizeMessage, type MessagePayload } from '../cards/message.js';
import { escapeMarkdown } from '../cards/markdown.js';
import type { PaperStats } from './compute.js';
import { chartTitle } from './spec.js';
import { statsTextLines } from './text.js';

/** The attachment's file name; the embed refers to it as `attachment://stats.png`. */
export const STATS_FILE_NAME = 'stats.png';

/** The embed of the stats reply; `image` points at the attached chart when there is one. */
export function statsEmbed(stats: PaperStats, withImage: boolean): APIEmbed {
  const text = statsTextLines(stats);
  return {
    color: CARD_COLOR,
    title: escapeMarkdown(chartTitle(stats)),
    description: ['**Papers per year**', ...text.perYear].join('\n'),
    fields: [
      { name: 'Top co-authors (papers together)', value: escapeMarkdown(text.coauthors) },
      { name: 'Citations', value: escapeMarkdown(text.citations) },
    ],
    ...(withImage ? { image: { url: `attachment://${STATS_FILE_NAME}` } } : {}),
    footer: { text: 'Counts cover the lab’s papers in the index; each paper counts once, under its main arXiv category.' },
  };
}

/** The whole reply: embed plus PNG. */
export function statsMessage(stats: PaperStats, png: Buffer): MessagePayload {
  return finalizeMessage({ embeds: [statsEmbed(stats, true)], files: [{ name: STATS_FILE_NAME, data: png }] });
}
