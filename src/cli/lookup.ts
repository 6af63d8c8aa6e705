/** Finding the paper a user named on the command line, with a message that says what went wrong. */
import type { Corpus } from '../corpus/corpus.js';
import { normalizeArxivId } from '../corpus/ids.js';
import type { Paper } from '../corpus/schema.js';
import { UsageError } from './errors.js';

/**
 * The paper for an arXiv id or URL in any form (`2502.05075v2`, `arXiv:…`, abs and pdf links).
 * Namesakes' papers are found too: naming an id is an explicit request.
 *
 * @throws UsageError when the text is not an arXiv id, or the corpus does not hold that paper
 */
export function resolvePaper(corpus: Corpus, ref: string): Paper {
  const id = normalizeArxivId(ref);
  if (!id) throw new UsageError(`"${ref}" is not an arXiv id or link (try 2502.05075 or https://arxiv.org/abs/2502.05075)`);
  const paper = corpus.get(id);
  if (!paper) throw new UsageError(`no paper ${id} in the corpus`);
  return paper;
}
