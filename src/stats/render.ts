/**
 * Renders the stats chart offline: Vega-Lite compiles the spec, Vega draws it to SVG with no canvas
 * (`renderer: 'none'`, which also keeps Vega from loading anything), and resvg rasterises the SVG to PNG
 * with fonts from the dejavu-fonts-ttf package and `loadSystemFonts: false`, so the picture is the same on
 * every machine.
 */
import { createRequire } from 'node:module';
import { Resvg } from '@resvg/resvg-js';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { PaperStats } from './compute.js';
import { loadFontMetrics } from './font-metrics.js';
import { CHART_FONT, statsChartSpecs } from './spec.js';

/** Width of the PNG in pixels: Discord previews at 400-550 px, so this leaves text sharp at half size. */
export const CHART_WIDTH = 1100;

const require = createRequire(import.meta.url);
/** The chart's fonts, resolved inside node_modules; the machine's own fonts are never used. */
export const FONT_FILES = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'].map((f) => require.resolve(`dejavu-fonts-ttf/ttf/${f}`));

const regular = loadFontMetrics(FONT_FILES[0]!);
const bold = loadFontMetrics(FONT_FILES[1]!);
// Vega lays text out with this; see font-metrics.ts for why its 0.8-em guess will not do.
(vega as unknown as { textMetrics: { width: unknown } }).textMetrics.width = (
  item: { fontSize?: number; fontWeight?: string | number; text?: unknown },
  text?: unknown,
) => {
  const t = String(text ?? item.text ?? '');
  const size = item.fontSize ?? 11;
  const isBold = item.fontWeight === 'bold' || (typeof item.fontWeight === 'number' && item.fontWeight >= 600);
  return (isBold ? bold : regular).width(t, size);
};

// Vega would otherwise fetch URLs or read files named in a spec; ours is inline data only, so nothing may load.
const noLoader = vega.loader({ mode: 'http' });
noLoader.load = () => Promise.reject(new Error('the stats chart loads nothing'));

// vega-lite defines Set.prototype.toJSON when it loads, for its own hashing. Left on every Set of the process
// it breaks other code that walks Set.prototype (discord.js's event emitter fails to load after it), so it is
// put back only for the synchronous span of a compile, where vega-lite needs it.
const setToJson = Object.getOwnPropertyDescriptor(Set.prototype, 'toJSON');
if (setToJson) delete (Set.prototype as { toJSON?: unknown }).toJSON;

/** Compiles a Vega-Lite spec to Vega with vega-lite's Set.prototype.toJSON in place for that call only. */
export function compileSpec(spec: TopLevelSpec): ReturnType<typeof compile>['spec'] {
  if (setToJson) Object.defineProperty(Set.prototype, 'toJSON', setToJson);
  try {
    return compile(spec).spec;
  } finally {
    if (setToJson) delete (Set.prototype as { toJSON?: unknown }).toJSON;
  }
}

/** One Vega-Lite spec drawn to SVG. */
async function specToSvg(spec: TopLevelSpec): Promise<{ svg: string; width: number; height: number }> {
  const view = new vega.View(vega.parse(compileSpec(spec)), { renderer: 'none', loader: noLoader });
  try {
    const svg = await view.toSVG();
    const size = /^<svg[^>]*\swidth="([\d.]+)"[^>]*\sheight="([\d.]+)"/.exec(svg);
    if (!size) throw new Error('Vega drew an SVG without a size');
    return { svg, width: Number(size[1]), height: Number(size[2]) };
  } finally {
    view.finalize();
  }
}

/** The chart as SVG text: each panel drawn by Vega, stacked top to bottom on one white card. */
export async function renderStatsSvg(stats: PaperStats): Promise<string> {
  const panels = await Promise.all(statsChartSpecs(stats).map(specToSvg));
  const width = Math.max(...panels.map((p) => p.width));
  let y = 0;
  const parts: string[] = [];
  for (const p of panels) {
    // A nested <svg> keeps each panel's own coordinate system; only its position changes.
    parts.push(p.svg.replace(/^<svg /, `<svg x="0" y="${y}" `));
    y += p.height;
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${width}" height="${y}" viewBox="0 0 ${width} ${y}"><rect width="${width}" height="${y}" fill="#ffffff"/>${parts.join('')}</svg>`;
}

/** Rasterises an SVG to a PNG {@link CHART_WIDTH} pixels wide. */
export function svgToPng(svg: string, width = CHART_WIDTH): Buffer {
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'width', value: width },
    font: { loadSystemFonts: false, fontFiles: FONT_FILES, defaultFontFamily: CHART_FONT, sansSerifFamily: CHART_FONT },
    background: '#ffffff',
  });
  return resvg.render().asPng();
}

/** The chart as a PNG. */
export async function renderStatsPng(stats: PaperStats): Promise<Buffer> {
  return svgToPng(await renderStatsSvg(stats));
}
