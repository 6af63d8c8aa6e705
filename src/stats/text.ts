/**
 * The stats figures in words: the embed's text (for screen readers) and the terminal's output are the same
 * sentences. No Discord or chart library here, so `paperbot stats` loads neither for its text.
 */
import { escapeAndFit, oneLine } from '../cards/markdown.js';
import type { PaperStats } from './compute.js';
import type { StatsFilters } from './select.js';

/** The figures in words, one line each: what the chart shows, for the embed and the terminal. */
export function statsTextLines(stats: PaperStats): { perYear: string[]; coauthors: string; citations: string } {
  const perYear = stats.years.map((y) => {
    const parts = stats.categories.filter((c) => (y.byCategory[c] ?? 0) > 0).map((c) => `${c} ${y.byCategory[c]}`);
    return `${y.year}: ${y.total}${parts.length > 0 ? ` (${parts.join(', ')})` : ''}`;
  });
  const coauthors = stats.coauthors.length > 0 ? stats.coauthors.map((c) => `${c.name} ${c.papers}`).join(' · ') : 'none besides the lab’s own author';
  let citations: string;
  if (stats.citations) {
    const c = stats.citations;
    const most = c.top[0] ? `; most cited: “${c.top[0].title}” (${c.top[0].count.toLocaleString('en-US')})` : '';
    citations = `${c.total.toLocaleString('en-US')} in all for the ${c.known} of ${stats.total} papers Semantic Scholar knows, ${c.mean} per paper on average (as of ${c.asOf})${most}`;
    if (stats.citationProblem) citations += `\n${stats.citationProblem}`;
  } else {
    citations = stats.citationProblem ?? 'no citation counts cached (the bot fetches them from Semantic Scholar once a day)';
  }
  return { perYear, coauthors, citations };
}

/** Says which filters found nothing: "No lab papers by “Smith” from 2019 to 2020." */
export function noPapersText(filters: StatsFilters): string {
  const range =
    filters.fromYear !== undefined && filters.toYear !== undefined
      ? filters.fromYear === filters.toYear
        ? ` in ${filters.fromYear}`
        : ` from ${filters.fromYear} to ${filters.toYear}`
      : filters.fromYear !== undefined
        ? ` from ${filters.fromYear} on`
        : filters.toYear !== undefined
          ? ` up to ${filters.toYear}`
          : '';
  if (filters.author) {
    return `No lab papers by “${escapeAndFit(oneLine(filters.author), 60)}”${range}, so there is nothing to chart. Check the spelling, or give part of the name (“kakade”).`;
  }
  return `No lab papers${range}, so there is nothing to chart. Try a wider range of years.`;
}
