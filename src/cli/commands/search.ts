/** `paperbot search <query>`: ranked results as cards, or a JSON array. */
import type { CliCommand } from '../command.js';
import { UsageError } from '../errors.js';
import { renderCard, resultJson } from '../format.js';
import { describeFilters, FILTER_OPTIONS, JSON_OPTION, LIMIT_OPTION, readFilters, readLimit, wantsJson } from '../options.js';

export const searchCommand: CliCommand = {
  name: 'search',
  summary: 'find papers by topic, keyword, author, acronym or question',
  args: '<query...>',
  options: { ...FILTER_OPTIONS, ...LIMIT_OPTION, ...JSON_OPTION },
  details: [
    'The query may be several words, quoted or not. Nothing matching is not an error: an empty list, exit 0.',
    '',
    'Examples:',
    '  paperbot search "weak to strong"',
    '  paperbot search bandits --from 2021 --to 2022 --author "Jason Lee"',
    '  paperbot search pruning --venue EMNLP --json',
  ],
  async run(input, ctx) {
    const query = input.positionals.join(' ').trim();
    if (!query) throw new UsageError('empty query: say what to look for, e.g. paperbot search "weak to strong"');
    const filters = readFilters(input);
    const limit = readLimit(input);
    const engine = await ctx.engine();
    const result = engine.search(query, { ...filters, limit });

    if (wantsJson(input)) {
      ctx.printJson(result.hits.map((hit, i) => resultJson(hit.paper, i + 1, hit.score, hit.matchedTerms)));
      return;
    }
    if (result.hits.length === 0) {
      ctx.print(`No papers match "${query}"${describeFilters(filters)}.`);
      if (result.didYouMean.length > 0) ctx.print(`Did you mean: ${result.didYouMean.join(', ')}?`);
      return;
    }
    const shown = result.hits.length < result.total ? `, showing ${result.hits.length}` : '';
    ctx.print(ctx.style.dim(`${result.total} paper${result.total === 1 ? '' : 's'} for "${query}"${describeFilters(filters)}${shown}`));
    for (const [i, hit] of result.hits.entries()) {
      ctx.print();
      ctx.print(renderCard(hit.paper, { style: ctx.style, width: ctx.width, rank: i + 1, terms: hit.matchedTerms }));
    }
  },
};
