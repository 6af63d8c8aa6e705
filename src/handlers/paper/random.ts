/**
 * `/paper random`, its Reroll and "Pick for reading group" buttons, and `/paper history`.
 */
import { historyMessage, noticeMessage, pickAnnouncementMessage, pickThreadName, randomPaperMessage, toChoices } from '../../cards/cards.js';
import { decodeComponentId, type QueryState } from '../../cards/custom-id.js';
import { escapeEcho } from '../../cards/markdown.js';
import { isLabPaper, type Paper } from '../../corpus/schema.js';
import { reply, update, type CommandHandler, type ComponentHandler, type HandlerContext } from '../types.js';
import { filtersOf, readQuery } from './options.js';
import { AUTOCOMPLETE_INPUT_LIMIT, foreignNotice, staleNotice } from './search.js';
import { messageOwner } from '../component-message.js';
import type { PaperSource } from '../../search/types.js';
import { engineForScope } from './scope.js';

/** A random paper for a query, skipping the server's past picks and any ids given. */
function draw(ctx: HandlerContext, guildId: string | null, q: QueryState, alsoExclude: string[] = []): Paper | null {
  const picked = guildId ? ctx.picks.pickedIds(guildId) : new Set<string>();
  return engineForScope(ctx, q, guildId).engine.random({
    ...filtersOf(q),
    ...(q.text ? { topic: q.text } : {}),
    exclude: [...picked, ...alsoExclude],
  });
}

/** Where a drawn paper comes from, for the card's label under a scope. */
function sourceOf(ctx: HandlerContext, guildId: string | null, q: QueryState, paper: Paper): PaperSource | undefined {
  return engineForScope(ctx, q, guildId).sourceOf(paper.arxivId);
}

function nothingLeft(q: QueryState): string {
  if (q.scope === 'reading-list' && !q.text && !q.author && q.fromYear === undefined) {
    return 'No paper on the reading list is left to draw: save papers from the digest with *Save to reading list*, or the group has picked them all.';
  }
  const what = q.text ? ` on “${escapeEcho(q.text, 200)}”` : '';
  return `No paper${what} is left to draw with these filters: the reading group may have picked them all. Try another topic or fewer filters.`;
}

/** `/paper random [topic] [from_year] [author]`. */
export const randomCommand: CommandHandler = {
  run(input, ctx) {
    const q = readQuery(input.options, 'topic');
    const paper = draw(ctx, input.guildId, q);
    return reply(paper ? randomPaperMessage(paper, input.userId, q, sourceOf(ctx, input.guildId, q, paper)) : noticeMessage(nothingLeft(q)));
  },
  autocomplete(input, ctx) {
    const typed = input.focused.value.slice(0, AUTOCOMPLETE_INPUT_LIMIT);
    const engine = engineForScope(ctx, readQuery(input.options, 'topic'), input.guildId).engine;
    return toChoices(engine.suggest(typed, { limit: 25 }).filter((s) => s.kind === 'query'));
  },
};

/** Reroll: another paper for the same topic and filters, in place; only for the person who asked. */
export const rerollButton: ComponentHandler = {
  run(input, ctx) {
    const state = decodeComponentId(input.customId, input.message.embeds.at(-1)?.footer?.text);
    if (state.kind !== 'reroll') return reply(staleNotice());
    const made = messageOwner(input);
    if ('foreign' in made) return reply(foreignNotice('/paper random'));
    if (made.owner !== input.userId) {
      return reply(noticeMessage(`Only <@${made.owner}> can reroll this one. Run \`/paper random\` for your own.`));
    }
    const paper = draw(ctx, input.guildId, state.query, [state.current]);
    return paper
      ? update(randomPaperMessage(paper, made.owner, state.query, sourceOf(ctx, input.guildId, state.query, paper)))
      : reply(noticeMessage(nothingLeft(state.query)));
  },
};

// Two people pressing "Pick" on the same card at once must not post it twice.
const picksInFlight = new Set<string>();

/**
 * "Pick for reading group": posts the card publicly in the channel, opens a discussion thread on it and
 * records the pick, so later random draws skip the paper. Deferred: two Discord calls may take a while.
 */
export const pickButton: ComponentHandler = {
  defer: 'ephemeral',
  async run(input, ctx) {
    const state = decodeComponentId(input.customId);
    if (state.kind !== 'pick') return reply(staleNotice());
    const { guildId, channelId } = input;
    if (!guildId || !channelId) return reply(noticeMessage('Reading-group picks work in a server channel.'));
    // The pick is posted publicly: only from a /paper random card that carries this very button, and only a lab paper.
    if ('foreign' in messageOwner(input)) return reply(foreignNotice('/paper random'));
    const lab = ctx.engine.get(state.arxivId);
    // A paper members saved may be picked too: that is what `/paper random scope:reading-list` is for.
    const paper = lab ?? ctx.readingList?.store.get(guildId, state.arxivId)?.paper;
    if (!paper && ctx.fieldIndex?.engine()?.get(state.arxivId)) {
      return reply(noticeMessage('Reading-group picks come from the lab’s papers and the reading list: press *Save* on this card first, then pick it.'));
    }
    if (!paper) return reply(noticeMessage('That paper is no longer in the index.'));
    if (lab && !isLabPaper(lab)) {
      return reply(noticeMessage(`arXiv:${paper.arxivId} is by a namesake of a lab author, not the lab’s, so it cannot be a reading-group pick.`));
    }
    const earlier = ctx.picks.list(guildId).find((p) => p.arxivId === paper.arxivId);
    if (earlier) {
      const where = earlier.threadId ? ` Discussion: <#${earlier.threadId}>.` : '';
      return reply(noticeMessage(`The reading group already picked this paper on ${earlier.pickedAt.slice(0, 10)}.${where}`));
    }
    const key = `${guildId}:${paper.arxivId}`;
    if (picksInFlight.has(key)) return reply(noticeMessage('Someone is picking this paper right now.'));
    picksInFlight.add(key);
    try {
      const posted = await ctx.discord.postMessage(channelId, pickAnnouncementMessage(paper, input.userId));
      let threadId: string | undefined;
      try {
        threadId = (await ctx.discord.startThread(channelId, posted.id, pickThreadName(paper))).id;
      } catch (err) {
        // The pick stands without a thread (e.g. missing Create Public Threads permission); say so.
        ctx.logger.warn({ err, guildId, channelId, arxivId: paper.arxivId }, 'could not open a thread for a reading-group pick');
      }
      ctx.picks.add({
        arxivId: paper.arxivId,
        title: paper.title,
        guildId,
        channelId,
        messageId: posted.id,
        ...(threadId ? { threadId } : {}),
        pickedBy: input.userId,
        pickedAt: ctx.now().toISOString(),
        how: 'random',
      });
      ctx.logger.info({ guildId, channelId, arxivId: paper.arxivId, userId: input.userId }, 'reading-group pick recorded');
      return reply(
        noticeMessage(
          threadId
            ? `📚 Picked for the reading group and posted in <#${channelId}>. Discussion: <#${threadId}>.`
            : `📚 Picked for the reading group and posted in <#${channelId}> (I could not open a thread there).`,
        ),
      );
    } finally {
      picksInFlight.delete(key);
    }
  },
};

/** How many past picks `/paper history` lists. */
export const HISTORY_LIMIT = 25;

/** `/paper history`: the server's picks, newest first. */
export const historyCommand: CommandHandler = {
  run(input, ctx) {
    if (!input.guildId) return reply(noticeMessage('Reading-group history belongs to a server; run this in one.'));
    const picks = ctx.picks.list(input.guildId, HISTORY_LIMIT);
    return reply(historyMessage(picks, (id) => ctx.engine.get(id)?.title));
  },
};
