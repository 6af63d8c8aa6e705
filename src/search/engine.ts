/**
 * The search engine over one corpus: ranked search with filters, autocomplete, random picks, similar papers
 * and live updates. It wires the analyzer, the MiniSearch index and its scorer, the vocabulary and the
 * suggestion index together; each of those lives in its own module.
 */
import type { Corpus } from '../corpus/corpus.js';
import { normalizeArxivId } from '../corpus/ids.js';
import type { Paper } from '../corpus/schema.js';
import { AcronymDictionary, mineAcronyms } from './acronyms.js';
import { analyzeField, FIELDS, type Field } from './fields.js';
import { compileFilters, type FilterPredicate } from './filters.js';
import { InvertedIndex, postingsContain, type TermPostings, type WeightedTerm } from './inverted-index.js';
import { planQuery, type QueryPlan } from './query.js';
import { paperChoiceName, SuggestionIndex, truncate } from './suggest.js';
import { fold, isStopWord, stem, surfaceIndex, surfacesIn, wordChunks, words, type SurfaceIndex } from './text.js';
import type { PaperFilters, RandomOptions, SearchEngine, SearchHit, SearchOptions, SearchResult, SuggestOptions, Suggestion } from './types.js';
import { typoBudget, Vocabulary } from './vocabulary.js';

/** Tuning knobs; the defaults are what the judged evaluation (`npm run eval`) was run with. */
export interface SearchEngineOptions {
  /** Multiplier per field for BM25 scores. */
  boosts?: Partial<Record<Field, number>>;
}

/** Field boosts: a title word says more than an abstract word; an author's name is a strong signal. */
export const DEFAULT_BOOSTS: Readonly<Record<Field, number>> = {
  title: 3,
  abstract: 1,
  authors: 3,
  venue: 2,
  categories: 1,
  year: 1,
};

const MAX_LIMIT = 1000;
/** Papers whose prepared words are kept for marking matched terms. */
const CHUNK_CACHE_SIZE = 512;
/** Papers indexed between two packings of the posting lists during a bulk build. */
const PACK_EVERY = 2_000;
const MAX_SUGGESTIONS = 25;
const CHOICE_LENGTH = 100;
const SIMILAR_TERMS = 24;
/** A random pick on a topic comes from papers scoring at least this share of the best match. */
const RANDOM_TOPIC_RELEVANCE = 0.3;
/** Postings an autocomplete keystroke may scan in the full index (a few milliseconds' work). */
const SUGGEST_SCAN_BUDGET = 30_000;

/** Number of set bits. */
function popcount(n: number): number {
  let v = n - ((n >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/**
 * Rewards papers that cover more of the query's concepts: a paper matching "weak", "strong" and
 * "generalization" beats one that repeats "generalization" often.
 */
function coverageFactor(covered: number, total: number): number {
  if (total <= 1) return 1;
  const c = covered / total;
  return c * c;
}

/** A fixed-size min-heap of (score, short) pairs that keeps the best `capacity` entries. */
class TopK {
  private readonly items: { score: number; short: number; paper: Paper; mask: number }[] = [];
  constructor(private readonly capacity: number) {}

  private better(a: { score: number; paper: Paper }, b: { score: number; paper: Paper }): boolean {
    if (a.score !== b.score) return a.score > b.score;
    if (a.paper.published !== b.paper.published) return a.paper.published > b.paper.published;
    return a.paper.arxivId > b.paper.arxivId;
  }

  push(score: number, short: number, paper: Paper, mask = -1): void {
    if (this.capacity <= 0) return;
    const items = this.items;
    // A common word visits thousands of papers for a page of five: turn most away before allocating.
    if (items.length >= this.capacity && items[0]!.score > score) return;
    const item = { score, short, paper, mask };
    if (items.length < this.capacity) {
      items.push(item);
      let i = items.length - 1;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (!this.better(items[parent]!, items[i]!)) break;
        [items[parent], items[i]] = [items[i]!, items[parent]!];
        i = parent;
      }
      return;
    }
    if (!this.better(item, items[0]!)) return;
    items[0] = item;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let worst = i;
      if (l < items.length && this.better(items[worst]!, items[l]!)) worst = l;
      if (r < items.length && this.better(items[worst]!, items[r]!)) worst = r;
      if (worst === i) break;
      [items[worst], items[i]] = [items[i]!, items[worst]!];
      i = worst;
    }
  }

  /** Best first. */
  sorted(): { score: number; short: number; paper: Paper; mask: number }[] {
    return [...this.items].sort((a, b) => (this.better(a, b) ? -1 : this.better(b, a) ? 1 : 0));
  }
}

const ID_LIKE = /^(?:arxiv:\s*|https?:\/\/|(?:www\.|export\.)?arxiv\.org\/|\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?\/\d{7})/i;

class PaperSearchEngine implements SearchEngine {
  private readonly acronyms = new AcronymDictionary();
  private readonly index: InvertedIndex;
  private readonly vocabulary: Vocabulary;
  private readonly suggestions = new SuggestionIndex();
  private readonly boosts: Record<Field, number>;

  constructor(
    private readonly corpus: Corpus,
    options: SearchEngineOptions,
  ) {
    this.boosts = { ...DEFAULT_BOOSTS, ...options.boosts };
    const visible = corpus.visible();
    // Acronyms first: indexing needs the whole dictionary to tag long forms ("large language models" -> llm).
    for (const paper of visible) this.acronyms.addAll(mineAcronyms(`${paper.title}. ${paper.abstract}`));
    this.index = new InvertedIndex(this.acronyms);
    this.vocabulary = new Vocabulary(this.index);
    // Posting lists are packed as the index grows, so the build never holds the bulky Map form of all of them.
    visible.forEach((paper, i) => {
      this.indexPaper(paper, false);
      if ((i + 1) % PACK_EVERY === 0) this.index.pack();
    });
    this.index.pack();
    this.recency = [...this.index.entries()].sort((a, b) => (newer(a[1], b[1]) ? -1 : newer(b[1], a[1]) ? 1 : 0)).map(([short]) => short);
  }

  get size(): number {
    return this.index.documentCount;
  }

  private indexPaper(paper: Paper, keepRecency = true): void {
    const { short, tokens } = this.index.addPaper(paper);
    for (const list of tokens.values()) for (const token of list) if (token.surface !== token.term && !('acronym' in token)) this.vocabulary.noteSurface(token.term, token.surface);
    this.vocabulary.invalidate();
    this.suggestions.add(short, paper);
    if (keepRecency) this.recency.splice(this.recencyIndexOf(paper), 0, short);
  }

  private unindexPaper(arxivId: string): void {
    const short = this.index.shortIdOf(arxivId);
    if (short === undefined) return;
    this.vocabulary.invalidate();
    this.suggestions.remove(short);
    this.chunkCache.delete(short);
    const at = this.recency.indexOf(short);
    if (at >= 0) this.recency.splice(at, 1);
    this.index.removePaper(arxivId);
  }

  private get planner() {
    return { index: this.index, vocabulary: this.vocabulary, acronyms: this.acronyms };
  }

  /** Index terms for a name part in a filter: as written, completed, or corrected. */
  private readonly variants = (word: string): string[] => {
    const out = new Set<string>([stem(word)]);
    if (word.length >= 3) for (const e of this.vocabulary.completions(word, 50)) out.add(e.term);
    for (const e of this.vocabulary.similar(word, typoBudget(word), 10)) out.add(e.term);
    return [...out];
  };

  private compile(filters: PaperFilters): FilterPredicate {
    return compileFilters(filters, this.index, this.variants);
  }

  get(idOrUrl: string): Paper | undefined {
    return this.corpus.get(idOrUrl);
  }

  search(query: string, options: SearchOptions = {}): SearchResult {
    const limit = Math.max(0, Math.min(MAX_LIMIT, Math.floor(options.limit ?? 10)));
    const offset = Math.max(0, Math.floor(options.offset ?? 0));
    const empty: SearchResult = { query, hits: [], total: 0, didYouMean: [] };
    const trimmed = query.trim();
    if (!trimmed) return empty;
    const filter = this.compile(options);

    // A pasted id or link is a request for that paper.
    if (ID_LIKE.test(trimmed) && !/\s/.test(trimmed)) {
      const paper = this.corpus.get(trimmed);
      if (paper) {
        const short = this.index.shortIdOf(paper.arxivId) ?? -1;
        if (filter && !filter(short, paper)) return empty;
        return { query, hits: offset === 0 && limit > 0 ? [{ paper, score: 1, matchedTerms: [] }] : [], total: 1, didYouMean: [] };
      }
    }

    const plan = planQuery(query.trimStart(), this.planner);
    if (plan.concepts.length === 0) return empty;
    const ranked = this.rank(plan, offset + limit, filter);
    const hits = ranked.slice(offset);
    return { query, hits, total: ranked.total, didYouMean: ranked.total === 0 ? this.didYouMean(plan) : [] };
  }

  /** The best `count` papers for a plan, and how many matched in all. */
  private rank(plan: QueryPlan, count: number, filter: FilterPredicate, requireAll = false, withTerms = true): SearchHit[] & { total: number } {
    const top = new TopK(count);
    let total = 0;
    const n = plan.concepts.length;
    this.index.score(plan.terms, this.boosts, (short, score, mask) => {
      if (requireAll && (mask & plan.fullMask) !== plan.fullMask) return;
      const paper = this.index.paperAt(short)!;
      if (filter && !filter(short, paper)) return;
      total++;
      top.push(score * coverageFactor(popcount(mask & plan.fullMask), n), short, paper, mask);
    });
    const postings = this.termPostingsOf(plan.terms);
    const hits = top
      .sorted()
      .map(({ score, short, paper, mask }) => ({ paper, score, matchedTerms: withTerms ? this.matchedTerms(short, paper, plan.terms, postings, mask) : [] }));
    return Object.assign(hits, { total });
  }

  /**
   * The paper's words (folded, as written) whose index terms matched. An acronym that matched through its
   * long form ("LLM" in a paper saying "large language models") brings the long form's words along.
   */
  private matchedTerms(short: number, paper: Paper, terms: readonly WeightedTerm[], postings: (short: number, i: number) => boolean, mask = -1): string[] {
    const matched = new Set<string>();
    // Only terms of concepts the paper matched can be in it.
    for (let i = 0; i < terms.length; i++) if ((terms[i]!.mask & mask) !== 0 && postings(short, i)) matched.add(terms[i]!.term);
    if (matched.size === 0) return [];
    for (const term of [...matched]) for (const form of this.acronyms.longForms(term)) for (const w of form) matched.add(w);
    return surfacesIn(this.surfacesOf(short, paper), matched);
  }

  /**
   * Tests "does paper `short` contain `terms[i]`" for the hits of one ranking, looking each term up in the
   * term tree at most once (on first use: a hit's mask rules most terms out, so many are never needed).
   */
  private termPostingsOf(terms: readonly WeightedTerm[]): (short: number, i: number) => boolean {
    const resolved: (TermPostings | null | undefined)[] = new Array(terms.length);
    return (short, i) => {
      let postings = resolved[i];
      if (postings === undefined) postings = resolved[i] = this.index.termPostings(terms[i]!.term) ?? null;
      return postings !== null && postingsContain(postings, short);
    };
  }

  /** Recently shown papers' words, grouped by index term (hits repeat: pages, reruns, the same topics). */
  private readonly chunkCache = new Map<number, SurfaceIndex>();

  private surfacesOf(short: number, paper: Paper): SurfaceIndex {
    const cached = this.chunkCache.get(short);
    if (cached) {
      // Refresh its place in the insertion order, which is the eviction order.
      this.chunkCache.delete(short);
      this.chunkCache.set(short, cached);
      return cached;
    }
    const index = surfaceIndex(wordChunks([paper.title, paper.abstract, paper.authors.join(' ; '), paper.venue ?? ''].join(' \n ')));
    this.chunkCache.set(short, index);
    if (this.chunkCache.size > CHUNK_CACHE_SIZE) this.chunkCache.delete(this.chunkCache.keys().next().value!);
    return index;
  }

  /** Respellings of a query that found nothing, from the corpus's own words. */
  private didYouMean(plan: QueryPlan): string[] {
    const unknown = plan.concepts.filter((c) => !c.known);
    if (unknown.length === 0) return [];
    const replacements = new Map<string, string[]>();
    for (const c of unknown) {
      const budget = Math.max(2, typoBudget(c.word) + 1);
      const found = this.vocabulary.similar(c.word, Math.min(3, budget), 3).map((e) => e.display);
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

  suggest(input: string, options: SuggestOptions = {}): Suggestion[] {
    const limit = Math.max(0, Math.min(MAX_SUGGESTIONS, Math.floor(options.limit ?? MAX_SUGGESTIONS)));
    if (limit === 0) return [];
    const kinds = new Set(options.kinds ?? ['paper', 'query']);
    const filter = this.compile(options);
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
      for (const paper of this.recentMatching(limit, accept ?? (() => true))) addPaper(paper);
      return papers.slice(0, limit);
    }
    const byId = ID_LIKE.test(trimmed) ? this.corpus.get(trimmed) : undefined;
    if (byId) addPaper(byId);
    else if (/^\d{4}\.\d{0,5}$/.test(trimmed)) {
      for (const [short, paper] of this.index.entries()) {
        if (paper.arxivId.startsWith(trimmed) && (!accept || accept(short, paper))) addPaper(paper);
        if (papers.length >= limit) break;
      }
    }

    const found = this.suggestions.lookup(text, limit, accept);
    for (const c of found.completions.slice(0, 5)) addQuery(c.text);
    if (queries.length === 0 && !/\s$/.test(text)) {
      // No title continues the typed words: complete the last word from the whole corpus's vocabulary.
      const typed = text.trim().split(/\s+/);
      const partial = typed.pop() ?? '';
      const last = words(partial).pop() ?? '';
      if (last) {
        const head = normalizeHead(typed.join(' '), partial, last);
        const exact = this.vocabulary.get(last);
        if (exact && !isStopWord(last)) addQuery(`${head}${exact.display}`);
        for (const e of this.vocabulary.completions(last, 5, head.trim() !== '')) addQuery(`${head}${e.display}`);
      }
    }
    for (const c of found.papers) addPaper(c.paper);
    if (papers.length < limit && kinds.has('paper')) {
      // Titles and names did not fill the list: ask the full index, when the query is cheap enough to
      // answer within a keystroke (bounded by the postings it would scan).
      const plan = planQuery(text, this.planner);
      const cost = plan.terms.reduce((sum, t) => sum + this.index.documentFrequency(t.term), 0);
      if (plan.concepts.length > 0 && cost <= SUGGEST_SCAN_BUDGET) {
        for (const hit of this.rank(plan, limit, filter, true, false)) addPaper(hit.paper);
      }
    }

    // Completed queries lead (at most five while titles are plenty), then titles.
    const queryRoom = Math.min(queries.length, Math.max(5, limit - papers.length));
    return [...queries.slice(0, queryRoom), ...papers].slice(0, limit);
  }

  /** Short ids of the indexed papers, newest first; kept in order as papers come and go. */
  private recency: number[] = [];

  private recencyIndexOf(paper: Paper): number {
    let lo = 0;
    let hi = this.recency.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (newer(this.index.paperAt(this.recency[mid]!)!, paper)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private recentMatching(limit: number, accept: (short: number, paper: Paper) => boolean): Paper[] {
    const out: Paper[] = [];
    for (const short of this.recency) {
      if (out.length >= limit) break;
      const paper = this.index.paperAt(short);
      if (paper && accept(short, paper)) out.push(paper);
    }
    return out;
  }

  recent(limit = 10): Paper[] {
    return this.recentMatching(Math.max(0, Math.floor(limit)), () => true);
  }

  random(options: RandomOptions = {}): Paper | null {
    const excluded = new Set<string>();
    for (const id of options.exclude ?? []) {
      const bare = normalizeArxivId(String(id));
      if (bare) excluded.add(bare);
    }
    const filter = this.compile(options);
    const ok = (short: number, paper: Paper) => !excluded.has(paper.arxivId) && (!filter || filter(short, paper));
    let pool: Paper[] = [];
    const plan = options.topic?.trim() ? planQuery(options.topic, this.planner, { prefixLast: false }) : null;
    if (plan && plan.concepts.length > 0) {
      const full: { paper: Paper; score: number }[] = [];
      const partial: { paper: Paper; score: number }[] = [];
      this.index.score(plan.terms, this.boosts, (short, score, mask) => {
        const paper = this.index.paperAt(short)!;
        if (filter && !filter(short, paper)) return;
        ((mask & plan.fullMask) === plan.fullMask ? full : partial).push({ paper, score });
      });
      // Draw from the papers about every word of the topic when there are any, and among those from the
      // ones really about it: a passing mention in an abstract does not make a reading-group pick, even
      // once the group has read every paper that is about it.
      const matches = full.length > 0 ? full : partial;
      const best = matches.reduce((m, x) => Math.max(m, x.score), 0);
      pool = matches.filter((x) => x.score >= RANDOM_TOPIC_RELEVANCE * best && !excluded.has(x.paper.arxivId)).map((x) => x.paper);
    } else {
      for (const [short, paper] of this.index.entries()) if (ok(short, paper)) pool.push(paper);
    }
    if (pool.length === 0) return null;
    pool.sort((a, b) => (a.arxivId < b.arxivId ? -1 : a.arxivId > b.arxivId ? 1 : 0));
    const r = (options.random ?? Math.random)();
    const at = Number.isFinite(r) ? Math.min(pool.length - 1, Math.max(0, Math.floor(r * pool.length))) : 0;
    return pool[at]!;
  }

  similar(idOrUrl: string, limit = 5): SearchHit[] {
    const paper = this.corpus.get(idOrUrl);
    if (!paper) return [];
    const self = this.index.shortIdOf(paper.arxivId);
    // The paper's salient terms: frequent in it, rare in the corpus; title words count double.
    const tf = new Map<string, number>();
    for (const [text, weight] of [
      [paper.title, 2],
      [paper.abstract, 1],
    ] as const) {
      for (const token of analyzeField(text, 'abstract', this.acronyms)) {
        if (token.term.length < 3 || /^\d+$/.test(token.term)) continue;
        tf.set(token.term, (tf.get(token.term) ?? 0) + weight);
      }
    }
    const total = Math.max(1, this.index.documentCount);
    const ranked: { term: string; salience: number }[] = [];
    for (const [term, count] of tf) {
      const df = this.index.documentFrequency(term);
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
    this.index.score(terms, { title: 2, abstract: 1 }, (short, score, mask) => {
      if (short === self) return;
      // Sharing several salient terms beats repeating one.
      top.push(score * Math.sqrt(popcount(mask)), short, this.index.paperAt(short)!);
    });
    const postings = this.termPostingsOf(terms);
    return top.sorted().map(({ score, short, paper: p }) => ({ paper: p, score, matchedTerms: this.matchedTerms(short, p, terms, postings) }));
  }

  upsert(paper: Paper): void {
    const { paper: merged, outcome } = this.corpus.upsert(paper);
    const indexed = this.index.shortIdOf(merged.arxivId) !== undefined;
    if (outcome === 'unchanged' && indexed === this.corpus.isVisible(merged)) return;
    this.acronyms.addAll(mineAcronyms(`${merged.title}. ${merged.abstract}`));
    if (indexed) this.unindexPaper(merged.arxivId);
    if (this.corpus.isVisible(merged)) this.indexPaper(merged);
  }
}

function newer(a: Paper, b: Paper): boolean {
  return a.published !== b.published ? a.published > b.published : a.arxivId > b.arxivId;
}

/** Cuts text to at most `max` characters at a word boundary, without an ellipsis (it is a value, not a label). */
function cutAtWord(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return (space > max / 2 ? cut.slice(0, space) : cut).trim();
}

/** The typed words before the unfinished one, lower-cased, ending with a space when there are any. */
function normalizeHead(head: string, partial: string, last: string): string {
  // "weak-to-str" completes inside the hyphenated word: keep its finished parts.
  const at = fold(partial).lastIndexOf(last);
  const inner = at > 0 ? fold(partial).slice(0, at) : '';
  const words = head.toLowerCase().replace(/\s+/g, ' ').trim();
  return (words ? words + ' ' : '') + inner;
}

/**
 * Builds the search engine over a corpus: indexes its visible papers (namesakes' only when the corpus opts
 * in) and mines the acronyms their abstracts define.
 */
export function createSearchEngine(corpus: Corpus, options: SearchEngineOptions = {}): SearchEngine {
  return new PaperSearchEngine(corpus, options);
}

export { FIELDS };
