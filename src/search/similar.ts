/**
 * Similar papers: the paper's salient terms (frequent in it, rare in the corpus) scored as a weighted query
 * over titles and abstracts, favouring papers that share several of them.
 */
import type { Paper } from '../corpus/schema.js';
import { popcount } from './bits.js';
import { MAX_LIMIT, type EngineParts } from './engine-parts.js';
import { analyzeField } from './fields.js';
import type { WeightedTerm } from './inverted-index.js';
import { TopK } from './top-k.js';
import type { SearchHit } from './types.js';

/** Salient terms of a paper that make up the query (one mask bit each). */
const SIMILAR_TERMS = 24;

/** Up to `limit` papers most like `paper`, best first; never the paper itself. */
export function similarTo(parts: EngineParts, paper: Paper, limit = 5): SearchHit[] {
  const { index, matched } = parts;
  const self = index.shortIdOf(paper.arxivId);
  // Title words count double.
  const tf = new Map<string, number>();
  for (const [text, weight] of [
    [paper.title, 2],
    [paper.abstract, 1],
  ] as const) {
    for (const token of analyzeField(text, 'abstract', parts.acronyms)) {
      if (token.term.length < 3 || /^\d+$/.test(token.term)) continue;
      tf.set(token.term, (tf.get(token.term) ?? 0) + weight);
    }
  }
  const total = Math.max(1, index.documentCount);
  const ranked: { term: string; salience: number }[] = [];
  for (const [term, count] of tf) {
    const df = index.documentFrequency(term);
    // A term only this paper uses cannot point to another paper.
    if (df <= (self === undefined ? 0 : 1)) continue;
    ranked.push({ term, salience: count * Math.log(1 + total / df) });
  }
  ranked.sort((a, b) => b.salience - a.salience || a.term.localeCompare(b.term));
  const chosen = ranked.slice(0, SIMILAR_TERMS);
  if (chosen.length === 0) return [];
  const maxSalience = chosen[0]!.salience;
  const terms: WeightedTerm[] = chosen.map((c, i) => ({ term: c.term, weight: c.salience / maxSalience, mask: 1 << i }));
  const top = new TopK(Math.max(0, Math.min(MAX_LIMIT, Math.floor(limit))));
  index.score(terms, { title: 2, abstract: 1 }, (short, score, mask) => {
    if (short === self) return;
    // Sharing several salient terms beats repeating one.
    top.push(score * Math.sqrt(popcount(mask)), short, index.paperAt(short)!);
  });
  const contains = matched.membership(terms);
  return top.sorted().map(({ score, short, paper: p }) => ({ paper: p, score, matchedTerms: matched.of(short, p, terms, contains) }));
}
