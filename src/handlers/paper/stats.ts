/**
 * `/paper stats [from_year] [to_year] [author]`: papers per year by main category, top co-authors and, when
 * cached, citations per paper, as a PNG chart in an embed with the same figures in text.
 */
import { MAX_AUTHOR_LENGTH } from '../../../commands/paper.js';
import { noticeMessage } from '../../cards/cards.js';
import type { CitationSnapshot } from '../../citations/types.js';
import { computeStats } from '../../stats/compute.js';
import { statsMessage } from '../../stats/message.js';
import { noPapersText } from '../../stats/text.js';
import type { StatsFilters } from '../../stats/select.js';
import { reply, type CommandHandler, type HandlerContext } from '../types.js';
import { integerOption, stringOption } from './options.js';

/** The filters of a stats request; a reversed year range is put right, as in search. */
export function readStatsFilters(options: Record<string, string | number | boolean | undefined>): StatsFilters {
  let fromYear = integerOption(options, 'from_year', 1900, 2200);
  let toYear = integerOption(options, 'to_year', 1900, 2200);
  if (fromYear !== undefined && toYear !== undefined && fromYear > toYear) [fromYear, toYear] = [toYear, fromYear];
  const author = stringOption(options, 'author', MAX_AUTHOR_LENGTH);
  return { ...(fromYear !== undefined ? { fromYear } : {}), ...(toYear !== undefined ? { toYear } : {}), ...(author ? { author } : {}) };
}

function readCitations(ctx: HandlerContext): CitationSnapshot | undefined {
  try {
    return ctx.citations?.snapshot();
  } catch (err) {
    // The chart matters more than its citation panel: a broken cache must not cost the user their answer.
    ctx.logger.error({ err }, 'could not read cached citation counts');
    return { papers: new Map(), asOf: null, problem: 'citation counts unavailable: the cache could not be read' };
  }
}

/**
 * `/paper stats`. Not deferred: the chart takes a few hundred milliseconds at most, so the reply and its
 * upload go in one callback, and a private "no papers" answer stays private; on a machine so slow that it
 * takes two seconds, the router defers on its own.
 */
export const statsCommand: CommandHandler = {
  async run(input, ctx) {
    const filters = readStatsFilters(input.options);
    const citations = readCitations(ctx);
    const stats = computeStats(ctx.engine.recent(ctx.engine.size), filters, citations ? { citations } : {});
    if (!stats) return reply(noticeMessage(noPapersText(filters)));
    // Loaded on first use: vega, vega-lite and resvg take a few hundred milliseconds to load, which neither the
    // bot's start nor every `paperbot` command (the CLI imports this module for its messages) should pay.
    const { renderStatsPng } = await import('../../stats/render.js');
    return reply(statsMessage(stats, await renderStatsPng(stats)));
  },
};
