/**
 * The parts of the search engine that its operations (ranking, autocomplete, random picks, similar papers)
 * share, and the limits they have in common. `engine.ts` builds them; each operation's module reads them.
 */
import type { Corpus } from '../corpus/corpus.js';
import type { AcronymDictionary } from './acronyms.js';
import type { Field } from './fields.js';
import type { FilterPredicate } from './filters.js';
import type { InvertedIndex } from './inverted-index.js';
import type { MatchedTerms } from './matched-terms.js';
import type { PlannerContext } from './query-plan.js';
import type { Recency } from './recency.js';
import type { SuggestionIndex } from './suggest.js';
import type { PaperFilters } from './types.js';
import type { Vocabulary } from './vocabulary.js';

/** The most hits or similar papers one call returns. */
export const MAX_LIMIT = 1000;

/** What an engine operation may read. */
export interface EngineParts {
  corpus: Corpus;
  index: InvertedIndex;
  vocabulary: Vocabulary;
  acronyms: AcronymDictionary;
  /** The small index of titles and author names that autocomplete answers from first. */
  suggestions: SuggestionIndex;
  recency: Recency;
  matched: MatchedTerms;
  /** Multiplier per field for BM25 scores. */
  boosts: Readonly<Record<Field, number>>;
  planner: PlannerContext;
  /** Compiles filters into a predicate over (short id, paper), or null when there are none. */
  compile(filters: PaperFilters): FilterPredicate;
}

const ID_LIKE = /^(?:arxiv:\s*|https?:\/\/|(?:www\.|export\.)?arxiv\.org\/|\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?\/\d{7})/i;

/** True when the text starts like an arXiv id or link (`2502.05075`, `arXiv:…`, `https://arxiv.org/…`). */
export function looksLikeId(text: string): boolean {
  return ID_LIKE.test(text);
}
