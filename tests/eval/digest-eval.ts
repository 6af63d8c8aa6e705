/**
 * The digest's ranking check for `npm run eval`: each lab paper in turn is left out of the profile and
 * hidden among 500 other papers (the seed file's papers that are not the lab's, then synthetic ones from
 * bench/synthetic.ts), posing as a stranger's paper (no roster author, so no boost helps it); the figure is
 * how often it ranks in the top 5, over all lab papers. The same with its real authors shows the boost.
 */
import { generatePapers } from '../../bench/synthetic.js';
import type { Corpus } from '../../src/corpus/corpus.js';
import { isLabPaper, type Paper } from '../../src/corpus/schema.js';
import { rankCandidates } from '../../src/digest/rank.js';
import type { Roster } from '../../src/roster/index.js';

/** What the check measured. */
export interface DigestEvalReport {
  labPapers: number;
  others: number;
  /** Share of lab papers ranked in the top 5, content only. */
  top5: number;
  /** Mean rank (1 = first), content only. */
  meanRank: number;
  /** Share in the top 5 with the real authors (roster and co-author boost). */
  top5WithAuthors: number;
}

/** Runs the leave-one-out check. */
export function evaluateDigestRanking(corpus: Corpus, roster: Roster, now = new Date('2026-12-03T05:30:00Z')): DigestEvalReport {
  const lab = corpus.all().filter(isLabPaper);
  const seedOthers = corpus.all().filter((p) => !isLabPaper(p));
  const synthetic = generatePapers({ count: 500 - seedOthers.length, seed: 7 }).papers.map((p) => ({ ...p, attribution: 'different-author' as const }));
  const others: Paper[] = [...seedOthers, ...synthetic].slice(0, 500);
  let top5 = 0;
  let top5Authors = 0;
  let rankSum = 0;
  for (const hidden of lab) {
    const profile = lab.filter((p) => p.arxivId !== hidden.arxivId);
    const stranger: Paper = { ...hidden, arxivId: '2699.99999', authors: ['Someone Else'], attribution: 'different-author', published: '2026-12-03' };
    const ranked = rankCandidates([...others, stranger], { labPapers: profile, now });
    const rank = ranked.findIndex((r) => r.paper.arxivId === stranger.arxivId) + 1;
    rankSum += rank;
    if (rank <= 5) top5++;
    const withAuthors = rankCandidates([...others, { ...stranger, authors: hidden.authors }], { labPapers: profile, now, roster }, 5);
    if (withAuthors.some((r) => r.paper.arxivId === stranger.arxivId)) top5Authors++;
  }
  return { labPapers: lab.length, others: others.length, top5: top5 / lab.length, meanRank: rankSum / lab.length, top5WithAuthors: top5Authors / lab.length };
}
