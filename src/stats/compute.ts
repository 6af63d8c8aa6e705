/**
 * The figures of `/paper stats`, computed from plain papers and an optional citation snapshot: papers per
 * year by main category, the most frequent co-authors and, when counts are cached, citations per paper.
 * The chart and the embed's text are both drawn from this one object, so they cannot disagree.
 */
import { paperYear, type Paper } from '../corpus/schema.js';
import { latexToText } from '../corpus/latex.js';
import type { CitationSnapshot } from '../citations/types.js';
import { authorMatcher, selectPapers, type StatsFilters } from './select.js';

/** Shown for papers whose record lists no arXiv category. */
export const UNLISTED_CATEGORY = 'not listed';
/** Categories beyond the most frequent few are summed under this name, so the legend stays readable. */
export const OTHER_CATEGORY = 'other';

/** Papers of one year, by main category. */
export interface YearCount {
  year: number;
  total: number;
  byCategory: Record<string, number>;
}

/** The citation part of the figures; present only when some count is cached for the papers. */
export interface CitationFiguresSummary {
  /** The day the newest figures were fetched (YYYY-MM-DD). */
  asOf: string;
  /** Papers Semantic Scholar knows (with a count) among those selected. */
  known: number;
  /** The sum of their counts. */
  total: number;
  /** Mean citations per known paper, one decimal. */
  mean: number;
  /** The most cited papers, most first. */
  top: { arxivId: string; title: string; count: number }[];
}

/** Everything `/paper stats` shows. */
export interface PaperStats {
  filters: StatsFilters;
  /** The years covered: the selected papers' first and last year. */
  fromYear: number;
  toYear: number;
  /** Number of papers selected; equals the sum of `years[].total`. */
  total: number;
  /** Every year of the range, oldest first, including years without papers. */
  years: YearCount[];
  /** The categories of the stack, most papers first (`other` and `not listed` last). */
  categories: string[];
  /** The most frequent co-authors, most papers first; the lab's own author and the filtered author excluded. */
  coauthors: { name: string; papers: number }[];
  /** Names left out of the co-authors: the lab's own author and whoever the author filter names. */
  excludedAuthors: string[];
  citations: CitationFiguresSummary | null;
  /** Why citation counts are missing or old, in words for the user; null when all is well. */
  citationProblem: string | null;
}

/** Options for {@link computeStats}. */
export interface StatsOptions {
  citations?: CitationSnapshot;
  /** Co-authors and most-cited papers listed. Default 6. */
  top?: number;
  /** Categories stacked before the rest become "other". Default 5. */
  maxCategories?: number;
}

/** A paper's main category: its primary one, else its first listed, else "not listed". */
export function mainCategory(paper: Paper): string {
  return paper.primaryCategory ?? paper.categories[0] ?? UNLISTED_CATEGORY;
}

/**
 * The lab's own author: the one name on the most papers of the whole corpus, when it is on at least half of them
 * (the corpus is one person's lab profile, so that person co-authors everything and is no one's co-author).
 */
export function labAuthor(corpus: readonly Paper[]): string | null {
  const counts = new Map<string, number>();
  for (const p of corpus) for (const a of new Set(p.authors)) counts.set(a, (counts.get(a) ?? 0) + 1);
  let best: [string, number] | null = null;
  let tied = false;
  for (const entry of counts) {
    if (!best || entry[1] > best[1]) [best, tied] = [entry, false];
    else if (entry[1] === best[1]) tied = true;
  }
  // A tie (every author of a one-paper corpus, say) names no one: better a co-author too many than a wrong guess.
  return best && !tied && best[1] * 2 >= corpus.length ? best[0] : null;
}

/**
 * Computes the figures for the papers of `corpus` that match `filters`.
 *
 * @param corpus - the visible papers (what search shows); the selection is made here
 * @returns null when no paper matches, so callers say so instead of drawing an empty chart
 */
export function computeStats(corpus: readonly Paper[], filters: StatsFilters, options: StatsOptions = {}): PaperStats | null {
  const papers = selectPapers(corpus, filters);
  if (papers.length === 0) return null;
  const top = options.top ?? 6;
  const maxCategories = options.maxCategories ?? 5;

  const yearsSeen = papers.map(paperYear);
  // The chart spans the years that have papers (and the empty years between them), not a filter's far
  // bound: `to_year:2100` must not draw seventy empty bars.
  const fromYear = Math.min(...yearsSeen);
  const toYear = Math.max(...yearsSeen);

  const categoryTotals = new Map<string, number>();
  for (const p of papers) categoryTotals.set(mainCategory(p), (categoryTotals.get(mainCategory(p)) ?? 0) + 1);
  const ranked = [...categoryTotals.entries()]
    .filter(([c]) => c !== UNLISTED_CATEGORY)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([c]) => c);
  // With one category too many, "other" would only rename it; fold only when it saves a legend entry.
  const kept = new Set(ranked.length > maxCategories ? ranked.slice(0, maxCategories - 1) : ranked);
  const bucket = (p: Paper) => {
    const c = mainCategory(p);
    return c === UNLISTED_CATEGORY || kept.has(c) ? c : OTHER_CATEGORY;
  };
  const categories = [...kept];
  if (ranked.length > kept.size) categories.push(OTHER_CATEGORY);
  if (categoryTotals.has(UNLISTED_CATEGORY)) categories.push(UNLISTED_CATEGORY);

  const years: YearCount[] = [];
  for (let y = fromYear; y <= toYear; y++) years.push({ year: y, total: 0, byCategory: {} });
  for (const p of papers) {
    const row = years[paperYear(p) - fromYear]!;
    row.total++;
    const c = bucket(p);
    row.byCategory[c] = (row.byCategory[c] ?? 0) + 1;
  }

  const own = labAuthor(corpus);
  const filtered = filters.author?.trim() ? authorMatcher(filters.author) : null;
  const excluded = new Set<string>();
  const coauthorCounts = new Map<string, number>();
  for (const p of papers) {
    for (const a of new Set(p.authors)) {
      if (a === own || (filtered && filtered(a))) {
        excluded.add(a);
        continue;
      }
      coauthorCounts.set(a, (coauthorCounts.get(a) ?? 0) + 1);
    }
  }
  const coauthors = [...coauthorCounts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, top)
    .map(([name, n]) => ({ name, papers: n }));

  let citations: CitationFiguresSummary | null = null;
  const snapshot = options.citations;
  if (snapshot) {
    const counted = papers
      .map((p) => ({ p, f: snapshot.papers.get(p.arxivId) }))
      .filter((x): x is { p: Paper; f: NonNullable<typeof x.f> } => x.f !== undefined && x.f.citationCount !== null);
    if (counted.length > 0) {
      const total = counted.reduce((n, x) => n + x.f.citationCount!, 0);
      const newest = counted.reduce((d, x) => (x.f.fetchedAt > d ? x.f.fetchedAt : d), '');
      citations = {
        asOf: (snapshot.asOf ?? newest).slice(0, 10),
        known: counted.length,
        total,
        mean: Math.round((total / counted.length) * 10) / 10,
        top: counted
          .sort((a, b) => b.f.citationCount! - a.f.citationCount! || a.p.arxivId.localeCompare(b.p.arxivId))
          .slice(0, top)
          .map((x) => ({ arxivId: x.p.arxivId, title: latexToText(x.p.title).replace(/\s+/g, ' ').trim(), count: x.f.citationCount! })),
      };
    }
  }
  const citationProblem = snapshot?.problem ?? (snapshot && !citations ? 'citation counts unavailable: none fetched yet' : null);

  return {
    filters,
    fromYear,
    toYear,
    total: papers.length,
    years,
    categories,
    coauthors,
    excludedAuthors: [...excluded].sort(),
    citations,
    citationProblem,
  };
}
