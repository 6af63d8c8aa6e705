/**
 * Autocomplete (`suggest`): papers and completed queries for a partial input, within Discord's limits and
 * its 3-second window. Titles and author names answer first (the small suggestion index); the last word is
 * completed from the whole vocabulary when no title continues it; the full index is asked only when the
 * query is cheap enough to rank within a keystroke.
 */
import type { Paper } from '../corpus/schema.js';
import { looksLikeId, type EngineParts } from './engine-parts.js';
import { planQuery } from './query-plan.js';
import { rankPlan } from './rank.js';
import { cutAtWord, truncate } from '../text/fit.js';
import { paperChoiceName } from './suggest.js';
import { fold, isStopWord, words } from './analyzer.js';
import type { SuggestOptions, Suggestion } from './types.js';

const MAX_SUGGESTIONS = 25;
const CHOICE_LENGTH = 100;
/** Postings an autocomplete keystroke may scan in the full index (a few milliseconds' work). */
const SUGGEST_SCAN_BUDGET = 30_000;

/** Up to `limit` (max 25) suggestions for a partial input; the empty input lists the newest papers. */
export function suggest(parts: EngineParts, input: string, options: SuggestOptions = {}): Suggestion[] {
  const { index, vocabulary } = parts;
  const limit = Math.max(0, Math.min(MAX_SUGGESTIONS, Math.floor(options.limit ?? MAX_SUGGESTIONS)));
  if (limit === 0) return [];
  const kinds = new Set(options.kinds ?? ['paper', 'query']);
  const filter = parts.compile(options);
  const accept = filter ?? undefined;
  const text = String(input ?? '').slice(0, 300);
  const trimmed = text.trim();
  const papers: Suggestion[] = [];
  const queries: Suggestion[] = [];
  const seen = new Set<string>();
  const addPaper = (paper: Paper) => {
    if (!kinds.has('paper') || seen.has('p:' + paper.arxivId)) return;
    seen.add('p:' + paper.arxivId);
    papers.push({ name: paperChoiceName(paper, CHOICE_LENGTH), value: paper.arxivId, kind: 'paper' });
  };
  const addQuery = (q: string) => {
    const value = cutAtWord(q.replace(/\s+/g, ' ').trim(), CHOICE_LENGTH);
    if (!kinds.has('query') || !value || seen.has('q:' + value)) return;
    seen.add('q:' + value);
    queries.push({ name: truncate(value, CHOICE_LENGTH), value, kind: 'query' });
  };

  if (!trimmed) {
    for (const paper of parts.recency.matching(limit, accept ?? (() => true))) addPaper(paper);
    return papers.slice(0, limit);
  }
  const byId = looksLikeId(trimmed) ? parts.corpus.get(trimmed) : undefined;
  if (byId) addPaper(byId);
  else if (/^\d{4}\.\d{0,5}$/.test(trimmed)) {
    for (const [short, paper] of index.entries()) {
      if (paper.arxivId.startsWith(trimmed) && (!accept || accept(short, paper))) addPaper(paper);
      if (papers.length >= limit) break;
    }
  }

  const found = parts.suggestions.lookup(text, limit, accept);
  for (const c of found.completions.slice(0, 5)) addQuery(c.text);
  if (queries.length === 0 && !/\s$/.test(text)) {
    // No title continues the typed words: complete the last word from the whole corpus's vocabulary.
    const typed = text.trim().split(/\s+/);
    const partial = typed.pop() ?? '';
    const last = words(partial).pop() ?? '';
    if (last) {
      const head = normalizeHead(typed.join(' '), partial, last);
      const exact = vocabulary.get(last);
      if (exact && !isStopWord(last)) addQuery(`${head}${exact.display}`);
      for (const e of vocabulary.completions(last, 5, head.trim() !== '')) addQuery(`${head}${e.display}`);
    }
  }
  for (const c of found.papers) addPaper(c.paper);
  if (papers.length < limit && kinds.has('paper')) {
    // Titles and names did not fill the list: ask the full index, when the query is cheap enough to
    // answer within a keystroke (bounded by the postings it would scan).
    const plan = planQuery(text, parts.planner);
    const cost = plan.terms.reduce((sum, t) => sum + index.documentFrequency(t.term), 0);
    if (plan.concepts.length > 0 && cost <= SUGGEST_SCAN_BUDGET) {
      for (const hit of rankPlan(parts, plan, limit, filter, { requireAll: true, withTerms: false })) addPaper(hit.paper);
    }
  }

  // Completed queries lead (at most five while titles are plenty), then titles.
  const queryRoom = Math.min(queries.length, Math.max(5, limit - papers.length));
  return [...queries.slice(0, queryRoom), ...papers].slice(0, limit);
}

/** The typed words before the unfinished one, lower-cased, ending with a space when there are any. */
function normalizeHead(head: string, partial: string, last: string): string {
  // "weak-to-str" completes inside the hyphenated word: keep its finished parts.
  const at = fold(partial).lastIndexOf(last);
  const inner = at > 0 ? fold(partial).slice(0, at) : '';
  const words = head.toLowerCase().replace(/\s+/g, ' ').trim();
  return (words ? words + ' ' : '') + inner;
}
