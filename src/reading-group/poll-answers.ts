/**
 * Poll answers from paper titles: Discord's poll answers hold 55 characters, so titles are shortened at a
 * word boundary, and two titles that shorten to the same text are told apart by their arXiv ids.
 */
import { latexToText } from '../corpus/latex.js';
import type { Paper } from '../corpus/schema.js';
import { ELLIPSIS } from '../text/fit.js';

/** Discord's limits for a poll (docs/resources/poll, "Poll Create Request Object"). */
export const POLL_LIMITS = { question: 300, answers: 10, answerText: 55, maxHours: 768 } as const;

/** Length as Discord counts it: code points. */
const length = (s: string) => [...s].length;

/** Cuts text to at most `max` code points at a word boundary, ending in "…" when cut. */
export function shortenAtWord(text: string, max: number): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (length(clean) <= max) return clean;
  const chars = [...clean].slice(0, max - 1);
  let cut = chars.join('');
  const space = cut.lastIndexOf(' ');
  // A word boundary unless that loses more than half the room (one very long word).
  if (space > max / 2) cut = cut.slice(0, space);
  return cut.replace(/[\s,;:.\-–—]+$/, '') + ELLIPSIS;
}

/**
 * One answer text per paper, in order: each within {@link POLL_LIMITS.answerText}, all distinct. A title
 * that shortens like another keeps the start that fits beside its id (" · 2502.05075").
 */
export function pollAnswerTexts(papers: readonly Paper[]): string[] {
  const max = POLL_LIMITS.answerText;
  const texts = papers.map((p) => shortenAtWord(latexToText(p.title), max));
  const counts = new Map<string, number>();
  for (const t of texts) counts.set(t.toLowerCase(), (counts.get(t.toLowerCase()) ?? 0) + 1);
  return texts.map((t, i) => {
    if ((counts.get(t.toLowerCase()) ?? 0) < 2) return t;
    const tag = ` · ${papers[i]!.arxivId}`;
    return shortenAtWord(latexToText(papers[i]!.title), max - length(tag)) + tag;
  });
}
