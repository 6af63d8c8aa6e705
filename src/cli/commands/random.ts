/** `paperbot random`: one paper picked at random, with the same filters as search and an optional topic. */
import type { CliCommand } from '../command.js';
import { UsageError } from '../errors.js';
import { renderCard, resultJson } from '../format.js';
import { describeFilters, FILTER_OPTIONS, JSON_OPTION, readFilters, wantsJson } from '../options.js';

export const randomCommand: CliCommand = {
  name: 'random',
  summary: 'pick a random paper (for the reading group), optionally on a topic',
  args: '',
  options: {
    ...FILTER_OPTIONS,
    topic: { type: 'string', short: 't', valueName: 'TOPIC', description: 'pick among papers matching this query' },
    exclude: { type: 'string', short: 'x', multiple: true, valueName: 'ID', description: 'never pick this paper (already read)' },
    ...JSON_OPTION,
  },
  details: [
    'With --json the pick is an array of one result (its score is 0: a random pick is not ranked).',
    'When no paper is left to pick, it says so and exits 0 (--json prints []).',
    '',
    'Examples:',
    '  paperbot random --topic "domain adaptation"',
    '  paperbot random --from 2024 --exclude 2502.05075 --exclude 2407.06120',
  ],
  async run(input, ctx) {
    const filters = readFilters(input);
    const rawTopic = input.values.topic;
    if (typeof rawTopic === 'string' && !rawTopic.trim()) throw new UsageError('--topic: expected some text, got nothing');
    if (input.positionals.length > 0) {
      throw new UsageError(`random takes no arguments, got "${input.positionals.join(' ')}" (for a topic use --topic)`);
    }
    const topic = typeof rawTopic === 'string' ? rawTopic.trim() : undefined;
    const exclude = Array.isArray(input.values.exclude) ? input.values.exclude : [];
    const engine = await ctx.engine();
    const paper = engine.random({ ...filters, ...(topic ? { topic } : {}), exclude });

    if (wantsJson(input)) {
      ctx.printJson(paper ? [resultJson(paper, 1, 0)] : []);
      return;
    }
    if (!paper) {
      const about = topic ? ` about "${topic}"` : '';
      ctx.print(`No paper left to pick${about}${describeFilters(filters)}${exclude.length ? ` after excluding ${exclude.length}` : ''}.`);
      return;
    }
    const terms = topic ? topic.toLowerCase().split(/\s+/) : [];
    ctx.print(renderCard(paper, { style: ctx.style, width: ctx.width, terms }));
  },
};
