/** `paperbot show <id|url>`: everything known about one paper. */
import { citationKeys } from '../../corpus/bibtex.js';
import type { CliCommand } from '../command.js';
import { paperDetailJson, renderCard } from '../format.js';
import { resolvePaper } from '../lookup.js';
import { JSON_OPTION, readOnePositional, wantsJson } from '../options.js';

export const showCommand: CliCommand = {
  name: 'show',
  summary: 'show one paper in full, by arXiv id or link',
  args: '<id|url>',
  options: { ...JSON_OPTION },
  details: [
    'Any id form works: 2502.05075, 2502.05075v2, arXiv:2502.05075, https://arxiv.org/abs/2502.05075v1, pdf links.',
    'With --json it prints one object.',
  ],
  run(input, ctx) {
    const paper = resolvePaper(ctx.corpus, readOnePositional(input, 'arXiv id or link'));
    const key = citationKeys(ctx.corpus.all()).get(paper.arxivId) ?? paper.arxivId;
    if (wantsJson(input)) ctx.printJson(paperDetailJson(paper, key));
    else ctx.print(renderCard(paper, { style: ctx.style, width: ctx.width, full: true, citationKey: key }));
  },
};
