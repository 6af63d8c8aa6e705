/** "Did you mean": respellings of a query that found nothing, built from the corpus's own words. */
import type { QueryPlan } from './query-plan.js';
import { typoBudget, type Vocabulary } from './vocabulary.js';

/**
 * Up to three respellings of the query: the first unknown word replaced by each of its closest corpus
 * words, the other unknown words by their closest one, known words kept.
 */
export function didYouMean(plan: QueryPlan, vocabulary: Vocabulary): string[] {
  const unknown = plan.concepts.filter((c) => !c.known);
  if (unknown.length === 0) return [];
  const replacements = new Map<string, string[]>();
  for (const c of unknown) {
    const budget = Math.max(2, typoBudget(c.word) + 1);
    const found = vocabulary.similar(c.word, Math.min(3, budget), 3).map((e) => e.display);
    if (found.length === 0) continue;
    replacements.set(c.word, found);
  }
  if (replacements.size === 0) return [];
  const first = unknown.find((c) => replacements.has(c.word))!;
  const options = replacements.get(first.word)!;
  const out = new Set<string>();
  for (const option of options) {
    const words = plan.concepts.map((c) => (c === first ? option : c.known ? c.word : (replacements.get(c.word)?.[0] ?? c.word)));
    out.add(words.join(' '));
  }
  return [...out].slice(0, 3);
}
