/**
 * `/paper search`, its paging buttons and its "open one result" select menu.
 */
import { PAGE_SIZE, noResultsMessage, noticeMessage, pageCount, paperMessage, searchResultsMessage, toChoices } from '../../cards/cards.js';
import { decodeComponentId, type QueryState } from '../../cards/custom-id.js';
import { escapeEcho } from '../../cards/markdown.js';
import { normalizeArxivId } from '../../corpus/ids.js';
import type { SearchEngine } from '../../search/types.js';
import { messageOwner } from '../component-message.js';
import { reply, update, type CommandHandler, type ComponentHandler, type Reply } from '../types.js';
import { filtersOf, readQuery } from './options.js';
import { engineForScope } from './scope.js';

/** Autocomplete reads at most this much of what is typed: enough for any real query, cheap for 1,000 characters. */
export const AUTOCOMPLETE_INPUT_LIMIT = 200;

/** One page of results for a query, or the no-results note. Pages past the end show the last page. */
export function searchPage(engine: SearchEngine, q: QueryState, page: number, owner: string, note?: string): { reply: Reply; pages: number } {
  const run = (p: number) => engine.search(q.text, { ...filtersOf(q), limit: PAGE_SIZE, offset: (p - 1) * PAGE_SIZE });
  let result = run(page);
  const pages = pageCount(result.total);
  if (result.total > 0 && page > pages) {
    // The index changed since the buttons were made (new papers, or fewer after a restart): clamp.
    page = pages;
    result = run(page);
  }
  if (result.total === 0) {
    const none = noResultsMessage(q, result.didYouMean);
    return { reply: reply(note ? { ...none, content: `${none.content}\n${note}` } : none), pages: 0 };
  }
  return { reply: reply(searchResultsMessage({ query: q, hits: result.hits, total: result.total, page, owner, ...(note ? { note } : {}) })), pages };
}

/** `/paper search query:<…> [author] [from_year] [to_year] [category]`. */
export const searchCommand: CommandHandler = {
  run(input, ctx) {
    const q = readQuery(input.options, 'query');
    const scoped = engineForScope(ctx, q, input.guildId);
    // Picking a paper from autocomplete fills in its arXiv id; so does pasting a URL. Show that paper.
    if (normalizeArxivId(q.text)) {
      const paper = scoped.engine.get(q.text);
      if (paper) return reply(paperMessage(paper));
    }
    return searchPage(scoped.engine, q, 1, input.userId, scoped.note).reply;
  },
  autocomplete(input, ctx) {
    const typed = input.focused.value.slice(0, AUTOCOMPLETE_INPUT_LIMIT);
    const q = readQuery(input.options, 'query');
    return toChoices(engineForScope(ctx, q, input.guildId).engine.suggest(typed, { ...filtersOf(q), limit: 25 }));
  },
};

/** Prev/Next: only the person who searched may turn the pages; the message is updated in place. */
export const searchPageButton: ComponentHandler = {
  run(input, ctx) {
    const footer = input.message.embeds.at(-1)?.footer?.text;
    const state = decodeComponentId(input.customId, footer);
    if (state.kind !== 'page') return reply(staleNotice());
    // The owner is whoever ran /paper search for this message, not what the custom_id claims.
    const made = messageOwner(input);
    if ('foreign' in made) return reply(foreignNotice('/paper search'));
    if (made.owner !== input.userId) {
      return reply(noticeMessage(`Only <@${made.owner}> can turn these pages. Run \`/paper search\` for your own results.`));
    }
    const scoped = engineForScope(ctx, state.query, input.guildId);
    const { reply: answer } = searchPage(scoped.engine, state.query, state.page, made.owner, scoped.note);
    // A no-results page (the index shrank) is better said privately than by wiping the shared message.
    return answer.message.embeds?.length ? update(answer.message) : answer;
  },
};

/** The select menu: the chosen paper's full card; public for the searcher, private for anyone else. */
export const openResultSelect: ComponentHandler = {
  run(input, ctx) {
    const state = decodeComponentId(input.customId);
    if (state.kind !== 'open') return reply(staleNotice());
    const id = input.values[0];
    if (!id) return reply(noticeMessage('Pick a paper from the menu.'));
    // The menu may list reading-list and digest papers (scope:reading-list or all): look there too.
    const paper = ctx.engine.get(id) ?? engineForScope(ctx, { scope: 'all' }, input.guildId).engine.get(id);
    if (!paper) return reply(noticeMessage(`Paper ${escapeEcho(id, 100)} is no longer in the index.`));
    const made = messageOwner(input);
    return reply(paperMessage(paper, { ephemeral: 'foreign' in made || made.owner !== input.userId }));
  },
};

/** What a click gets on a message its handler does not change (an announcement, a review card, a forged id). */
export function foreignNotice(command: string) {
  return noticeMessage(`This button does not belong to this message, so nothing was changed. Run \`${command}\` for your own.`);
}

/** What a click on a button from an older, incompatible version of the bot gets. */
export function staleNotice() {
  return noticeMessage('This button is from an older version of the bot. Please run the command again.');
}
