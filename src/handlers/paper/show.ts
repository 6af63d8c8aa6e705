/**
 * `/paper show`, `/paper cite`, `/paper recent`, and the Similar and Cite buttons of a card.
 */
import { citeMessage, noticeMessage, paperMessage, recentMessage, similarMessage, toChoices, type CardCitations } from '../../cards/cards.js';
import { decodeComponentId } from '../../cards/custom-id.js';
import { escapeEcho } from '../../cards/markdown.js';
import { absUrl } from '../../corpus/ids.js';
import { toBibtex } from '../../corpus/bibtex.js';
import type { Paper } from '../../corpus/schema.js';
import type { Suggestion } from '../../search/types.js';
import { reply, type CommandHandler, type ComponentHandler, type HandlerContext, type Reply, type AutocompleteInput, type Choice } from '../types.js';
import { integerOption, resolvePaper, stringOption } from './options.js';
import { AUTOCOMPLETE_INPUT_LIMIT, staleNotice } from './search.js';
import { engineForScope } from './scope.js';

/** Shows what to do when a `paper:` option names nothing the index holds. */
function notFound(lookup: { unknownId: string } | { noMatch: string }): Reply {
  if ('unknownId' in lookup) {
    return reply(
      noticeMessage(`arXiv:${lookup.unknownId} is not one of the lab’s papers in the index. It may still exist on arXiv: <${absUrl(lookup.unknownId)}>`),
    );
  }
  return reply(
    noticeMessage(
      lookup.noMatch
        ? `No lab paper matches “${escapeEcho(lookup.noMatch, 200)}”. Pick a title from the list, or paste an arXiv id or URL.`
        : 'Pick a title from the list, or paste an arXiv id or URL.',
    ),
  );
}

/** Titles for a `paper:` option: the engine's paper suggestions, else the newest papers for an empty input. */
export function paperChoices(input: AutocompleteInput, ctx: HandlerContext): Choice[] {
  const typed = input.focused.value.slice(0, AUTOCOMPLETE_INPUT_LIMIT);
  let suggestions: Suggestion[] = ctx.engine.suggest(typed, { limit: 25 }).filter((s) => s.kind === 'paper');
  if (suggestions.length === 0) {
    const papers: Paper[] = typed.trim() ? ctx.engine.search(typed, { limit: 25 }).hits.map((h) => h.paper) : ctx.engine.recent(25);
    suggestions = papers.map((p) => ({ name: p.title, value: p.arxivId, kind: 'paper' as const }));
  }
  return toChoices(suggestions);
}

/** The card's citation line for a paper, from the cache; undefined when nothing was ever fetched for it. */
export function cardCitations(ctx: HandlerContext, arxivId: string): CardCitations | undefined {
  try {
    const figures = ctx.citations?.figures(arxivId);
    return figures ? { count: figures.citationCount, asOf: figures.fetchedAt.slice(0, 10), venue: figures.venue } : undefined;
  } catch (err) {
    // The card matters more than its citation line: a broken cache must not cost the user their answer.
    ctx.logger.error({ err, arxivId }, 'could not read cached citation counts');
    return undefined;
  }
}

/** `/paper show paper:<title, id or URL>`. */
export const showCommand: CommandHandler = {
  run(input, ctx) {
    const lookup = resolvePaper(ctx.engine, stringOption(input.options, 'paper', 1000));
    if (!('found' in lookup)) return notFound(lookup);
    const citations = cardCitations(ctx, lookup.found.arxivId);
    return reply(paperMessage(lookup.found, citations ? { citations } : {}));
  },
  autocomplete: paperChoices,
};

/** `/paper cite paper:<…>`: BibTeX in a code block, visible only to whoever asked. */
export const citeCommand: CommandHandler = {
  run(input, ctx) {
    const lookup = resolvePaper(ctx.engine, stringOption(input.options, 'paper', 1000));
    return 'found' in lookup ? reply(citeMessage(lookup.found, (p) => toBibtex(p))) : notFound(lookup);
  },
  autocomplete: paperChoices,
};

/** `/paper recent [count]`. */
export const recentCommand: CommandHandler = {
  run(input, ctx) {
    const count = integerOption(input.options, 'count', 1, 10) ?? 5;
    return reply(recentMessage(ctx.engine.recent(count)));
  },
};

/** The Similar button on a card. */
export const similarButton: ComponentHandler = {
  run(input, ctx) {
    const state = decodeComponentId(input.customId);
    if (state.kind !== 'similar') return reply(staleNotice());
    // A card of a reading-list or digest paper (scope:reading-list or all) finds its neighbours in its own index.
    const engine = ctx.engine.get(state.arxivId) ? ctx.engine : engineForScope(ctx, { scope: 'all' }, input.guildId).engine;
    const paper = engine.get(state.arxivId);
    if (!paper) return reply(noticeMessage('That paper is no longer in the index.'));
    return reply(similarMessage(paper, engine.similar(paper.arxivId, 5)));
  },
};

/** The Cite button on a card. */
export const citeButton: ComponentHandler = {
  run(input, ctx) {
    const state = decodeComponentId(input.customId);
    if (state.kind !== 'cite') return reply(staleNotice());
    const paper = ctx.engine.get(state.arxivId) ?? engineForScope(ctx, { scope: 'all' }, input.guildId).engine.get(state.arxivId);
    if (!paper) return reply(noticeMessage('That paper is no longer in the index.'));
    return reply(citeMessage(paper, (p) => toBibtex(p)));
  },
};
