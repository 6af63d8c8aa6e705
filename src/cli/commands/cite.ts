/** `paperbot cite <id...>`: BibTeX entries, ready to paste into a .bib file. */
import { citationKeys, toBibtex } from '../../corpus/bibtex.js';
import type { CliCommand } from '../command.js';
import { UsageError } from '../errors.js';
import { resolvePaper } from '../lookup.js';

export const citeCommand: CliCommand = {
  name: 'cite',
  summary: 'print BibTeX for one or more papers',
  args: '<id|url...>',
  options: {},
  details: ['Keys are readable and stable (dong2024sketchy) and unique within the corpus.', '', 'Example: paperbot cite 2407.06120 >> refs.bib'],
  run(input, ctx) {
    if (input.positionals.length === 0) throw new UsageError('missing arXiv id or link, e.g. paperbot cite 2407.06120');
    // Resolve every id first, so one typo prints nothing rather than half a bibliography.
    const papers = input.positionals.map((ref) => resolvePaper(ctx.corpus, ref));
    const keys = citationKeys(ctx.corpus.all());
    ctx.print(papers.map((p) => toBibtex(p, keys.get(p.arxivId))).join('\n\n'));
  },
};
