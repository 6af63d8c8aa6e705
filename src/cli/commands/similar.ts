/** `paperbot similar <id>`: the papers most like a given one. */
import type { CliCommand } from '../command.js';
import { renderCard, resultJson } from '../format.js';
import { resolvePaper } from '../lookup.js';
import { JSON_OPTION, LIMIT_OPTION, readLimit, readOnePositional, wantsJson } from '../options.js';

export const similarCommand: CliCommand = {
  name: 'similar',
  summary: 'list papers similar to one paper',
  args: '<id|url>',
  options: { ...LIMIT_OPTION, ...JSON_OPTION },
  details: ['Example: paperbot similar 2502.05075 --limit 3'],
  async run(input, ctx) {
    const paper = resolvePaper(ctx.corpus, readOnePositional(input, 'arXiv id or link'));
    const limit = readLimit(input, 5);
    const engine = await ctx.engine();
    const hits = engine.similar(paper.arxivId, limit);

    if (wantsJson(input)) {
      ctx.printJson(hits.map((hit, i) => resultJson(hit.paper, i + 1, hit.score, hit.matchedTerms)));
      return;
    }
    if (hits.length === 0) {
      ctx.print(`No papers similar to ${paper.arxivId} ("${paper.title}").`);
      return;
    }
    ctx.print(ctx.style.dim(`Papers like ${paper.arxivId}: ${paper.title}`));
    for (const [i, hit] of hits.entries()) {
      ctx.print();
      ctx.print(renderCard(hit.paper, { style: ctx.style, width: ctx.width, rank: i + 1, terms: hit.matchedTerms }));
    }
  },
};
