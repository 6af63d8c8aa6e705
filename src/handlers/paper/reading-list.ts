/**
 * The reading list: *Save to reading list* and *Not relevant* on digest cards (and *Save* on paper cards),
 * for any member; `/paper reading-list` with paging and a Remove menu. Everything is in the state database
 * and the custom_ids, so a button pressed after a restart does what it did before, and pressing it twice
 * changes nothing the second time.
 */
import { PAGE_SIZE, noticeMessage, pageCount } from '../../cards/cards.js';
import { parseCustomId, CUSTOM_ID_VERSION } from '../../cards/custom-id.js';
import { escapeAndFit, escapeEcho, oneLine } from '../../cards/markdown.js';
import { readingListMessage } from '../../cards/reading-list.js';
import { READING_LIST_ACTIONS } from '../../cards/reading-list-buttons.js';
import { normalizeArxivId } from '../../corpus/ids.js';
import type { Paper } from '../../corpus/schema.js';
import type { ReadingListService } from '../../reading-list/service.js';
import { carriesClickedComponent, messageOwner } from '../component-message.js';
import { reply, update, type CommandHandler, type ComponentHandler, type ComponentInput, type HandlerContext, type Reply } from '../types.js';
import { integerOption } from './options.js';
import { foreignNotice, staleNotice } from './search.js';

const UNAVAILABLE = 'The reading list is not available in this bot.';

const title = (paper: Paper) => escapeAndFit(oneLine(paper.title), 200);

/**
 * The paper a reading-list button names, wherever it still is: the digest's table, the field index, the lab's
 * index, or the server's list itself (a paper saved earlier stays there after it leaves the digest's window).
 */
function findPaper(ctx: HandlerContext, list: ReadingListService, guildId: string, arxivId: string): Paper | undefined {
  return list.store.fieldPaper(arxivId) ?? ctx.fieldIndex?.engine()?.get(arxivId) ?? ctx.engine.get(arxivId) ?? list.store.get(guildId, arxivId)?.paper;
}

/** The arXiv id a `v1:rls:<id>` / `v1:rln:<id>` button carries, or null for a malformed or foreign id. */
function buttonPaperId(customId: string, action: string): string | null {
  const parsed = parseCustomId(customId);
  if (!parsed || parsed.version !== CUSTOM_ID_VERSION || parsed.action !== action) return null;
  const id = normalizeArxivId(parsed.rest);
  // The id must be written exactly as the bot writes it: anything else is a hand-made custom_id.
  return id && id === parsed.rest ? id : null;
}

type Checked = { guildId: string; list: ReadingListService; paper: Paper } | { answer: Reply };

/** The checks both buttons share: a real button of this message, in a server, naming a paper the bot knows. */
function checkButton(input: ComponentInput, ctx: HandlerContext, action: string): Checked {
  const id = buttonPaperId(input.customId, action);
  if (!id) return { answer: reply(staleNotice()) };
  if (!input.guildId) return { answer: reply(noticeMessage('The reading list belongs to a server; use these buttons in one.')) };
  // The click must name a button the message carries: a forged custom_id on another message saves nothing.
  if (!carriesClickedComponent(input)) return { answer: reply(foreignNotice('/paper search')) };
  if (!ctx.readingList) return { answer: reply(noticeMessage(UNAVAILABLE)) };
  const paper = findPaper(ctx, ctx.readingList, input.guildId, id);
  if (!paper) {
    return {
      answer: reply(
        noticeMessage(`arXiv:${id} is no longer among the digest papers the bot keeps, so it cannot be saved from this card. Nothing was changed.`),
      ),
    };
  }
  return { guildId: input.guildId, list: ctx.readingList, paper };
}

/** *Save to reading list*: any member; the first save puts the paper on the list, every press records who pressed. */
export const saveButton: ComponentHandler = {
  run(input, ctx) {
    const checked = checkButton(input, ctx, READING_LIST_ACTIONS.save);
    if ('answer' in checked) return checked.answer;
    const { guildId, list, paper } = checked;
    const result = list.save(guildId, paper, input.userId, ctx.now().toISOString());
    ctx.logger.info({ guildId, arxivId: paper.arxivId, userId: input.userId, added: result.added }, 'reading list: save pressed');
    if (result.added) {
      return reply(
        noticeMessage(
          `📚 Saved **${title(paper)}** to the reading list. \`/paper reading-list\` shows the list; \`/paper random scope:reading-list\` draws from it.`,
        ),
      );
    }
    const by = result.entry.savedBy === input.userId ? 'you' : `<@${result.entry.savedBy}>`;
    return reply(
      noticeMessage(`**${title(paper)}** is already on the reading list (saved by ${by} on ${result.entry.savedAt.slice(0, 10)}). Nothing was added.`),
    );
  },
};

/** *Not relevant*: any member; recorded once per member (the digest ranks papers like it lower). The list is not changed. */
export const notRelevantButton: ComponentHandler = {
  run(input, ctx) {
    const checked = checkButton(input, ctx, READING_LIST_ACTIONS.notRelevant);
    if ('answer' in checked) return checked.answer;
    const { guildId, list, paper } = checked;
    const previous = list.markNotRelevant(guildId, paper, input.userId, ctx.now().toISOString());
    ctx.logger.info({ guildId, arxivId: paper.arxivId, userId: input.userId, previous }, 'reading list: not relevant pressed');
    const onList = list.store.get(guildId, paper.arxivId) ? ' It stays on the reading list; `/paper reading-list` can remove it.' : '';
    if (previous === 'not-relevant') return reply(noticeMessage(`You had already marked **${title(paper)}** not relevant. Nothing changed.${onList}`));
    return reply(noticeMessage(`Noted: papers like **${title(paper)}** will rank lower in later digests. Only you see this.${onList}`));
  },
};

/** One page of a server's list, clamped to the last page when the list shrank. */
function listPage(list: ReadingListService, guildId: string, page: number, note?: string) {
  const total = list.store.count(guildId);
  const p = Math.min(Math.max(1, page), pageCount(total));
  return readingListMessage({ entries: list.store.list(guildId, PAGE_SIZE, (p - 1) * PAGE_SIZE), total, page: p, ...(note ? { note } : {}) });
}

/** `/paper reading-list [page]`. */
export const readingListCommand: CommandHandler = {
  run(input, ctx) {
    if (!input.guildId) return reply(noticeMessage('The reading list belongs to a server; run this in one.'));
    if (!ctx.readingList) return reply(noticeMessage(UNAVAILABLE));
    return reply(listPage(ctx.readingList, input.guildId, integerOption(input.options, 'page', 1, 1000) ?? 1));
  },
};

/** The page number of a `v1:rlp:<page>` / `v1:rlr:<page>` id, or null. */
function pageOf(customId: string, action: string): number | null {
  const parsed = parseCustomId(customId);
  if (!parsed || parsed.version !== CUSTOM_ID_VERSION || parsed.action !== action || !/^\d{1,4}$/.test(parsed.rest)) return null;
  const page = Number(parsed.rest);
  return page >= 1 ? page : null;
}

/** Who may change a reading-list message: the member who ran `/paper reading-list` for it. */
function ownerCheck(input: ComponentInput): Reply | null {
  const made = messageOwner(input);
  if ('foreign' in made) return reply(foreignNotice('/paper reading-list'));
  if (made.owner !== input.userId) return reply(noticeMessage(`Only <@${made.owner}> can change this list view. Run \`/paper reading-list\` for your own.`));
  return null;
}

/** Prev/Next on a reading-list page, in place. */
export const readingListPageButton: ComponentHandler = {
  run(input, ctx) {
    const page = pageOf(input.customId, READING_LIST_ACTIONS.page);
    if (page === null) return reply(staleNotice());
    const refused = ownerCheck(input);
    if (refused) return refused;
    if (!input.guildId || !ctx.readingList) return reply(noticeMessage(UNAVAILABLE));
    return update(listPage(ctx.readingList, input.guildId, page));
  },
};

/** The Remove menu: takes the chosen paper off the server's list and shows the page again. */
export const readingListRemoveSelect: ComponentHandler = {
  run(input, ctx) {
    const page = pageOf(input.customId, READING_LIST_ACTIONS.remove);
    if (page === null) return reply(staleNotice());
    const refused = ownerCheck(input);
    if (refused) return refused;
    if (!input.guildId || !ctx.readingList) return reply(noticeMessage(UNAVAILABLE));
    const raw = input.values[0];
    const id = typeof raw === 'string' ? normalizeArxivId(raw) : null;
    if (!id) return reply(noticeMessage('Pick a paper from the menu.'));
    const entry = ctx.readingList.store.get(input.guildId, id);
    if (!entry || !ctx.readingList.remove(input.guildId, id)) {
      return reply(noticeMessage(`arXiv:${escapeEcho(id, 40)} is not on the reading list any more (someone removed it already).`));
    }
    ctx.logger.info({ guildId: input.guildId, arxivId: id, userId: input.userId }, 'reading list: paper removed');
    return update(listPage(ctx.readingList, input.guildId, page, `Removed **${title(entry.paper)}** from the reading list.`));
  },
};
