/**
 * The stats chart benchmark: how long `/paper stats` takes to draw its PNG for the seed corpus, step by step
 * (Vega-Lite compile + Vega SVG, then resvg PNG), p50 and max of several renders in one run. The target is a
 * PNG in at most 300 ms; the steps show where the time goes.
 */
import path from 'node:path';
import type { CitationSnapshot } from '../src/citations/types.js';
import { loadCorpus } from '../src/corpus/corpus.js';
import { computeStats } from '../src/stats/compute.js';
import { renderStatsSvg, svgToPng } from '../src/stats/render.js';

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
};

/** Runs the stats benchmark and prints one table. */
export async function runStatsBench(rounds = Math.max(3, Number(process.env.BENCH_STATS_ROUNDS ?? 15))): Promise<void> {
  console.log('\n# Stats chart benchmark');
  const corpus = loadCorpus(path.resolve('data/papers.json'));
  const visible = corpus.visible();
  // Citation counts for every paper, so the chart has all three panels, as it will once the cache is filled.
  const citations: CitationSnapshot = {
    papers: new Map(visible.map((p, i) => [p.arxivId, { citationCount: (i * 37) % 211, venue: null, fetchedAt: '2026-11-30T00:00:00Z' }])),
    asOf: '2026-11-30T00:00:00Z',
    problem: null,
  };
  const stats = computeStats(visible, {}, { citations })!;
  // The first render loads the fonts and warms up Vega's parser; it is reported apart.
  let t = performance.now();
  const firstSvg = await renderStatsSvg(stats);
  svgToPng(firstSvg);
  const first = performance.now() - t;

  const compute: number[] = [];
  const svgMs: number[] = [];
  const pngMs: number[] = [];
  const total: number[] = [];
  let bytes = 0;
  for (let i = 0; i < rounds; i++) {
    t = performance.now();
    const s = computeStats(visible, {}, { citations })!;
    const t1 = performance.now();
    const svg = await renderStatsSvg(s);
    const t2 = performance.now();
    bytes = svgToPng(svg).length;
    const t3 = performance.now();
    compute.push(t1 - t);
    svgMs.push(t2 - t1);
    pngMs.push(t3 - t2);
    total.push(t3 - t);
  }
  const row = (name: string, xs: number[]) => `| ${name} | ${quantile(xs, 0.5).toFixed(1)} ms | ${Math.max(...xs).toFixed(1)} ms |`;
  console.log(`${visible.length} papers, three panels, ${rounds} renders after a first one of ${first.toFixed(0)} ms; PNG ${(bytes / 1024).toFixed(0)} KiB`);
  console.log('| step | p50 | max |');
  console.log('| --- | --- | --- |');
  console.log(row('figures (computeStats)', compute));
  console.log(row('Vega-Lite compile + Vega SVG', svgMs));
  console.log(row('resvg SVG → PNG', pngMs));
  console.log(row('stats PNG in all (target ≤ 300 ms)', total));
  const p50 = quantile(total, 0.5);
  console.log(
    `SVG step / whole: ${(quantile(svgMs, 0.5) / p50).toFixed(2)}; PNG step / whole: ${(quantile(pngMs, 0.5) / p50).toFixed(2)}; ${p50 <= 300 ? 'within' : 'OVER'} the 300 ms target`,
  );
}
