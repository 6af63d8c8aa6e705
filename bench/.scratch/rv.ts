import { readFileSync } from 'node:fs';
import { Resvg } from '@resvg/resvg-js';
import { loadCorpus } from '../../src/corpus/corpus.js';
import { computeStats } from '../../src/stats/compute.js';
import { renderStatsSvg, FONT_FILES } from '../../src/stats/render.js';
const stats = computeStats(loadCorpus('data/papers.json').visible(), {})!;
const svg = await renderStatsSvg(stats);
const bufs = FONT_FILES.map((f) => readFileSync(f));
const time = (name: string, f: () => void) => { const xs: number[] = []; for (let i = 0; i < 8; i++) { const t = performance.now(); f(); xs.push(performance.now() - t); } xs.sort((a, b) => a - b); console.log(name, xs[4]!.toFixed(1)); };
for (let k = 0; k < 2; k++) {
time('files', () => new Resvg(svg, { fitTo: { mode: 'width', value: 1100 }, font: { loadSystemFonts: false, fontFiles: FONT_FILES, defaultFontFamily: 'DejaVu Sans' } }).render().asPng());
time('buffers', () => new Resvg(svg, { fitTo: { mode: 'width', value: 1100 }, font: { loadSystemFonts: false, fontBuffers: bufs, defaultFontFamily: 'DejaVu Sans' } } as never).render().asPng());
time('render-only', () => new Resvg(svg, { fitTo: { mode: 'width', value: 1100 }, font: { loadSystemFonts: false, fontFiles: FONT_FILES, defaultFontFamily: 'DejaVu Sans' } }).render());
time('parse-only', () => new Resvg(svg, { fitTo: { mode: 'width', value: 1100 }, font: { loadSystemFonts: false, fontFiles: FONT_FILES, defaultFontFamily: 'DejaVu Sans' } }));
}
