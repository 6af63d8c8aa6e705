/**
 * The searchable fields of a paper and how each is turned into index terms. Indexing and the "which words
 * matched" step both go through here, so a card bolds exactly the words that were indexed.
 */
import type { Paper } from '../corpus/schema.js';
import type { AcronymDictionary } from './acronyms.js';
import { tokenize, type Token } from './analyzer.js';

/** The indexed fields; a field's position here is its field id in the inverted index. */
export const FIELDS = ['title', 'abstract', 'authors', 'venue', 'categories', 'year'] as const;
export type Field = (typeof FIELDS)[number];

/** The text of one field of a paper. */
export function fieldText(paper: Paper, field: Field): string {
  switch (field) {
    case 'title':
      return paper.title;
    case 'abstract':
      return paper.abstract;
    case 'authors':
      // The separator keeps "Lee" and the next author's first name from forming a phrase.
      return paper.authors.join(' ; ');
    case 'venue':
      return paper.venue ?? '';
    case 'categories':
      return [...new Set([...(paper.primaryCategory ? [paper.primaryCategory] : []), ...paper.categories])].join(' ');
    case 'year':
      return paper.published.slice(0, 4);
  }
}

/** A token the index added for an acronym whose long form the text spells out. */
export interface AcronymToken extends Token {
  acronym: true;
}

/**
 * Index tokens of one field. Titles and abstracts also get the acronym of every long form they spell out
 * ("large language models" is indexed under "llm" too), with the long form's words as its surface.
 */
export function analyzeField(text: string, field: Field, acronyms: AcronymDictionary | null): Token[] {
  const tokens = tokenize(text);
  if (!acronyms || acronyms.size === 0 || (field !== 'title' && field !== 'abstract')) return tokens;
  const simple = tokens.filter((t) => !t.compound);
  const found = acronyms.findLongForms(simple.map((t) => t.term));
  if (found.length === 0) return tokens;
  const extra: AcronymToken[] = found.map((f) => ({
    surface: simple
      .slice(f.start, f.end)
      .map((t) => t.surface)
      .join(' '),
    term: f.acronym,
    position: simple[f.start]!.position,
    acronym: true,
  }));
  return [...tokens, ...extra];
}
