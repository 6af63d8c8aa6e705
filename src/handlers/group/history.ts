/**
 * `/paper unpick paper:<…>`: an organiser or a member with Manage Server takes a pick back, so the paper
 * can be drawn again and leaves the history.
 */
import { noticeMessage } from '../../cards/cards.js';
import { escapeAndFit, oneLine } from '../../cards/markdown.js';
import { normalizeArxivId } from '../../corpus/ids.js';
import { latexToText } from '../../corpus/latex.js';
import { resolvePaper, stringOption } from '../paper/options.js';
import { reply, type CommandHandler } from '../types.js';
import { isOrganiser, whoMay } from './access.js';

/** `/paper unpick`. */
export const unpickCommand: CommandHandler = {
  run(input, ctx) {
    const group = ctx.readingGroup;
    if (!group) return reply(noticeMessage('The reading group is not set up in this bot.'));
    if (!input.guildId) return reply(noticeMessage('Picks belong to a server; run this in one.'));
    if (!isOrganiser(input, group)) return reply(noticeMessage(whoMay('undo a reading-group pick', group, input.guildId)));
    const raw = stringOption(input.options, 'paper', 200);
    const found = resolvePaper(ctx.engine, raw);
    const arxivId = 'found' in found ? found.found.arxivId : (normalizeArxivId(raw ?? '') ?? undefined);
    if (!arxivId) return reply(noticeMessage('Pick the paper from the list, or give its arXiv id.'));
    const removed = group.store.removePick(input.guildId, arxivId);
    if (!removed) return reply(noticeMessage(`The reading group has not picked arXiv:${arxivId}; nothing was changed.`));
    ctx.logger.info({ guildId: input.guildId, arxivId, userId: input.userId }, 'reading-group pick undone');
    const title = escapeAndFit(oneLine(latexToText(removed.title)), 200);
    return reply(noticeMessage(`↩️ Took back the pick of **${title}** (${removed.pickedAt.slice(0, 10)}); it can be drawn again.`, { ephemeral: false }));
  },
  autocomplete(input, ctx) {
    if (!input.guildId) return [];
    const typed = input.focused.value.toLowerCase();
    return ctx.picks
      .list(input.guildId, 100)
      .filter((p) => !typed || p.title.toLowerCase().includes(typed) || p.arxivId.includes(typed))
      .slice(0, 25)
      .map((p) => ({ name: escapeAndFit(oneLine(latexToText(p.title)), 100).replace(/\\/g, '') || p.arxivId, value: p.arxivId }));
  },
};
