/**
 * The `/paper reading-list` page: five saved papers as compact cards (who saved each, and when), Prev/Next,
 * and a menu that takes one paper off the list. Page state lives in the custom_ids (`v1:rlp:<page>`,
 * `v1:rlr:<page>`), so the buttons work after a restart.
 */
import { ButtonStyle, ComponentType, type APIButtonComponent } from 'discord.js';
import type { ReadingListEntry } from '../store/reading-list.js';
import { PAGE_SIZE, noticeMessage, pageCount, resultEmbed } from './cards.js';
import { encodeCustomId } from './custom-id.js';
import { oneLine, truncate } from './markdown.js';
import { finalizeMessage, type MessagePayload } from './message.js';
import { READING_LIST_ACTIONS } from './reading-list-buttons.js';

/** Input of {@link readingListMessage}. */
export interface ReadingListPage {
  entries: ReadingListEntry[];
  total: number;
  /** 1-based. */
  page: number;
  /** A line above the list, e.g. what a Remove just did. */
  note?: string;
}

function pageButton(label: string, page: number, disabled: boolean): APIButtonComponent {
  return { type: ComponentType.Button, style: ButtonStyle.Secondary, label, custom_id: encodeCustomId(READING_LIST_ACTIONS.page, [String(page)]), disabled };
}

/** One page of a server's reading list, or a note that it is empty. */
export function readingListMessage(p: ReadingListPage): MessagePayload {
  if (p.total === 0) {
    return noticeMessage(
      [p.note, 'The reading list is empty. Press *Save to reading list* on a digest card (or *Save* on a paper card) to add a paper.']
        .filter(Boolean)
        .join('\n'),
    );
  }
  const pages = pageCount(p.total);
  const first = (p.page - 1) * PAGE_SIZE;
  const embeds = p.entries.map((e, i) => {
    const embed = resultEmbed(e.paper, { rank: first + i + 1 });
    embed.description = `${embed.description ?? ''}\nSaved by <@${e.savedBy}> on ${e.savedAt.slice(0, 10)}`;
    return embed;
  });
  const last = embeds[embeds.length - 1];
  if (last) last.footer = { text: `Page ${p.page} of ${pages} · /paper random scope:reading-list draws the reading group’s next paper from this list` };
  const header = `📚 **Reading list**: ${p.total} ${p.total === 1 ? 'paper' : 'papers'}, newest saves first` + (p.note ? `\n${p.note}` : '');
  const components: MessagePayload['components'] = [];
  if (pages > 1) {
    components.push({
      type: ComponentType.ActionRow,
      components: [pageButton('◀ Prev', Math.max(1, p.page - 1), p.page <= 1), pageButton('Next ▶', Math.min(pages, p.page + 1), p.page >= pages)],
    });
  }
  components.push({
    type: ComponentType.ActionRow,
    components: [
      {
        type: ComponentType.StringSelect,
        custom_id: encodeCustomId(READING_LIST_ACTIONS.remove, [String(p.page)]),
        placeholder: 'Remove a paper from the reading list',
        options: p.entries.map((e, i) => ({
          label: truncate(`${first + i + 1}. ${oneLine(e.paper.title)}`, 100),
          value: e.paper.arxivId,
          description: `arXiv:${e.paper.arxivId}`,
        })),
      },
    ],
  });
  return finalizeMessage({ content: header, embeds, components });
}
