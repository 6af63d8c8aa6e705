/** `paperbot suggest <prefix>`: what autocomplete would offer for a partial input. */
import type { CliCommand } from '../command.js';
import { JSON_OPTION, readLimit, wantsJson } from '../options.js';

const MAX_SUGGESTIONS = 25;

export const suggestCommand: CliCommand = {
  name: 'suggest',
  summary: 'show autocomplete suggestions for a partial input',
  args: '[prefix...]',
  options: {
    limit: { type: 'string', short: 'n', valueName: 'N', description: `at most N suggestions (1-${MAX_SUGGESTIONS}, default ${MAX_SUGGESTIONS})` },
    ...JSON_OPTION,
  },
  details: [
    'An empty prefix is allowed (what Discord shows before anything is typed).',
    'With --json: an array of {name, value, kind}; kind "paper" means value is an arXiv id.',
    '',
    'Example: paperbot suggest "weak t"',
  ],
  async run(input, ctx) {
    // One quoted argument is kept as typed (a trailing space changes what autocomplete offers).
    const prefix = input.positionals.length === 1 ? (input.positionals[0] ?? '') : input.positionals.join(' ');
    const limit = readLimit(input, MAX_SUGGESTIONS, MAX_SUGGESTIONS);
    const engine = await ctx.engine();
    const suggestions = engine.suggest(prefix, { limit });

    if (wantsJson(input)) {
      ctx.printJson(suggestions);
      return;
    }
    if (suggestions.length === 0) {
      ctx.print(`No suggestions for "${prefix}".`);
      return;
    }
    for (const s of suggestions) {
      ctx.print(s.kind === 'paper' ? `paper  ${s.name}  ${ctx.style.dim(s.value)}` : `query  ${s.name}`);
    }
  },
};
