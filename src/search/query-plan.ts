/**
 * Turns a user's query into weighted index terms. Each content word is a "concept" (one bit); its exact
 * term, its compounds, acronyms, prefix completions and typo corrections all carry that bit, so ranking can
 * reward papers that cover every concept however they spell it.
 *
 * Expansion is deliberately narrow, because at arXiv scale every expanded term costs a posting-list scan:
 * prefix completion only for the word being typed (the last one) or for words the corpus does not know,
 * typo correction only for words the corpus does not know, each capped to a few of the most used variants.
 */
import type { AcronymDictionary } from './acronyms.js';
import type { InvertedIndex, WeightedTerm } from './inverted-index.js';
import { stem, tokenize, type Token } from './analyzer.js';
import { typoBudget, type Vocabulary } from './vocabulary.js';

/** At most this many concepts per query (masks are 32-bit; long pasted text keeps its first words). */
export const MAX_CONCEPTS = 24;
/** Only the first characters of a query are analyzed (a pasted abstract need not be read to the end). */
export const MAX_QUERY_CHARS = 2_000;

const PREFIX_EXPANSIONS = 6;
const FUZZY_EXPANSIONS = 4;
const PREFIX_WEIGHT = 0.6;
const FUZZY_WEIGHT = 0.45;

/** One content word of the query. */
export interface Concept {
  /** The word as typed, folded. */
  word: string;
  term: string;
  bit: number;
  /** True when the corpus contains the term as is. */
  known: boolean;
}

/** A query, analyzed. */
export interface QueryPlan {
  concepts: Concept[];
  terms: WeightedTerm[];
  /** Mask with every concept's bit set. */
  fullMask: number;
}

/** What the planner reads from the index. */
export interface PlannerContext {
  index: InvertedIndex;
  vocabulary: Vocabulary;
  acronyms: AcronymDictionary;
}

/** Options for {@link planQuery}. */
export interface PlanOptions {
  /** Treat the last word as possibly unfinished (default: true unless the query ends with a space). */
  prefixLast?: boolean;
}

/**
 * Analyzes a query into concepts and weighted terms.
 *
 * @returns a plan with no concepts for an empty or stop-word-only query
 */
export function planQuery(query: string, ctx: PlannerContext, options: PlanOptions = {}): QueryPlan {
  const text = query.slice(0, MAX_QUERY_CHARS);
  const prefixLast = options.prefixLast ?? !/\s$/.test(text);
  const tokens = tokenize(text);
  const concepts: Concept[] = [];
  const conceptByTerm = new Map<string, Concept>();
  const conceptAt: (Concept | undefined)[] = [];
  const simple = tokens.filter((t) => !t.compound);
  for (const token of simple) {
    let concept = conceptByTerm.get(token.term);
    if (!concept && concepts.length < MAX_CONCEPTS) {
      concept = { word: token.surface, term: token.term, bit: 1 << concepts.length, known: ctx.index.hasTerm(token.term) };
      concepts.push(concept);
      conceptByTerm.set(token.term, concept);
    }
    conceptAt[token.position] = concept;
  }
  const fullMask = concepts.reduce((m, c) => m | c.bit, 0);
  const terms = new Map<string, WeightedTerm>();
  const add = (term: string, weight: number, mask: number) => {
    if (mask === 0) return;
    const existing = terms.get(term);
    if (!existing) terms.set(term, { term, weight, mask });
    else {
      existing.weight = Math.max(existing.weight, weight);
      existing.mask |= mask;
    }
  };
  const lastToken = simple[simple.length - 1];
  for (const concept of concepts) {
    if (concept.known) add(concept.term, 1, concept.bit);
    const typing = prefixLast && lastToken !== undefined && lastToken.term === concept.term;
    if ((typing || !concept.known) && concept.word.length >= 3) {
      for (const entry of ctx.vocabulary.completions(concept.word, PREFIX_EXPANSIONS)) {
        if (entry.term === concept.term) continue;
        const extra = Math.max(0, entry.display.replace(/[-‐‑.'’]/g, '').length - concept.word.length);
        add(entry.term, (PREFIX_WEIGHT * concept.word.length) / (concept.word.length + 0.3 * extra), concept.bit);
      }
    }
    if (!concept.known) {
      for (const entry of ctx.vocabulary.similar(concept.word, typoBudget(concept.word), FUZZY_EXPANSIONS)) {
        add(entry.term, (FUZZY_WEIGHT * concept.word.length) / (concept.word.length + entry.distance), concept.bit);
      }
    }
  }
  addCompounds(tokens, text, conceptAt, ctx, add);
  // "large language models" also finds papers that only say "LLM".
  const conceptTerms = simple.map((t) => t.term);
  for (const found of ctx.acronyms.findLongForms(conceptTerms)) {
    let mask = 0;
    for (let i = found.start; i < found.end; i++) mask |= conceptByTerm.get(conceptTerms[i]!)?.bit ?? 0;
    if (ctx.index.hasTerm(found.acronym)) add(found.acronym, 1, mask);
  }
  return { concepts, terms: [...terms.values()], fullMask };
}

/**
 * Compound spellings: a hyphenated query word also matches its joined form ("weak-to-strong" ->
 * "weaktostrong"), and neighbouring words are tried joined ("fine tuning" -> "finetuning", "chain of
 * thought" -> "chainofthought"), counting for every concept they span.
 */
function addCompounds(
  tokens: Token[],
  text: string,
  conceptAt: (Concept | undefined)[],
  ctx: PlannerContext,
  add: (term: string, weight: number, mask: number) => void,
): void {
  const maskOf = (from: number, to: number) => {
    let mask = 0;
    for (let p = from; p < to; p++) mask |= conceptAt[p]?.bit ?? 0;
    return mask;
  };
  for (const token of tokens) {
    if (!token.compound) continue;
    const parts = token.surface.split(/[-‐‑.'’]/).length;
    if (ctx.index.hasTerm(token.term)) add(token.term, 1, maskOf(token.position, token.position + parts));
  }
  // Joins of 2–4 neighbouring words (stop words included: "chain of thought").
  const seq = tokenize(text, { keepStopWords: true })
    .filter((t) => !t.compound)
    .slice(0, 64);
  for (let i = 0; i < seq.length - 1; i++) {
    let joined = seq[i]!.surface;
    for (let j = i + 1; j < Math.min(seq.length, i + 4); j++) {
      if (seq[j]!.position !== seq[j - 1]!.position + 1) break;
      joined += seq[j]!.surface;
      // Two words join; three only around a small word ("chain of thought", "weak to strong").
      if (j === i + 2 && !seq[i + 1]!.stop) break;
      if (seq[j]!.stop) continue;
      const term = stem(joined);
      if (ctx.index.hasTerm(term)) add(term, 1, maskOf(seq[i]!.position, seq[j]!.position + 1));
    }
  }
}
