import { loadCorpus } from '../../src/corpus/corpus.js';
import { computeStats } from '../../src/stats/compute.js';
import { statsChartSpec } from '../../src/stats/spec.js';
import { renderStatsSvg, svgToPng } from '../../src/stats/render.js';
import { compile } from 'vega-lite';
import * as vega from 'vega';
const corpus = loadCorpus('data/papers.json');
const stats = computeStats(corpus.visible(), {})!;
for (let i = 0; i < 12; i++) {
  let t = performance.now();
  const { spec } = compile(statsChartSpec(stats));
  const t1 = performance.now();
  const view = new vega.View(vega.parse(spec), { renderer: 'none' });
  const svg = await view.toSVG();
  const t2 = performance.now();
  svgToPng(svg);
  const t3 = performance.now();
  console.log('compile', (t1 - t).toFixed(1), 'svg', (t2 - t1).toFixed(1), 'png', (t3 - t2).toFixed(1));
}
