/**
 * The digest ranking benchmark: ranking 1,000 candidates (synthetic papers from bench/synthetic.ts) against
 * the lab's profile (the seed corpus), p50 and max of several rounds in one run, beside indexing the same
 * 1,000 papers with the search engine in the same run, so the figure reads as a ratio on any machine.
 */
import path from 'node:path';
import { loadCorpus, Corpus } from '../src/corpus/corpus.js';
import { isLabPaper } from '../src/corpus/schema.js';
import { rankCandidates } from '../src/digest/rank.js';
import { loadRoster } from '../src/roster/index.js';
import { createSearchEngine } from '../src/search/engine.js';
import { generatePapers } from './synthetic.js';

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
};

/** Runs the digest benchmark and prints its lines. */
export async function runDigestBench(rounds = Math.max(3, Number(process.env.BENCH_DIGEST_ROUNDS ?? 7))): Promise<void> {
  console.log('\n# Digest ranking benchmark');
  const lab = loadCorpus(path.resolve('data/papers.json')).all().filter(isLabPaper);
  const roster = loadRoster(path.resolve('data/lab.json'));
  const candidates = generatePapers({ count: 1000, seed: 11 }).papers.map((p) => ({ ...p, attribution: 'different-author' as const }));
  const now = new Date('2026-12-03T05:30:00Z');
  rankCandidates(candidates, { labPapers: lab, roster, now }, 10); // warm-up
  const rank: number[] = [];
  const index: number[] = [];
  for (let i = 0; i < rounds; i++) {
    let t = performance.now();
    rankCandidates(candidates, { labPapers: lab, roster, now }, 10);
    rank.push(performance.now() - t);
    t = performance.now();
    createSearchEngine(new Corpus(candidates.map((p) => ({ ...p, attribution: 'lab' as const }))));
    index.push(performance.now() - t);
  }
  const r = quantile(rank, 0.5);
  const x = quantile(index, 0.5);
  console.log(`rank 1,000 candidates against ${lab.length} lab papers: p50 ${r.toFixed(1)} ms, max ${Math.max(...rank).toFixed(1)} ms (${rounds} rounds)`);
  console.log(`index the same 1,000 papers with the search engine: p50 ${x.toFixed(1)} ms; ranking / indexing = ${(r / x).toFixed(2)}×`);
}

if (import.meta.url === `file://${process.argv[1]}`) await runDigestBench();
