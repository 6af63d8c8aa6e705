/**
 * The stats chart as a declarative Vega-Lite spec: papers per year stacked by main category, the top
 * co-authors, and, when counts are cached, the most cited papers. Sizes are chosen for Discord: the PNG is
 * about 1,100 px wide and shown at 400-550 px, so every text is at least 22 px before scaling. A white card
 * with dark text reads the same in Discord's light and dark themes.
 */
import type { TopLevelSpec } from 'vega-lite';
import { OTHER_CATEGORY, UNLISTED_CATEGORY, type PaperStats } from './compute.js';

/** The font family every text of the chart uses; `render.ts` loads it from the dejavu-fonts-ttf package. */
export const CHART_FONT = 'DejaVu Sans';
/** Width of the plotting area of each panel, in px; the PNG adds axes, labels and padding around it. */
export const PANEL_WIDTH = 980;

const INK = '#1f2328';
const MUTED = '#57606a';
const GRID = '#d0d7de';
// Colour-blind-safe (Okabe-Ito), fixed by rank so the largest category is always the same blue.
const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442'];
const NEUTRAL = { [OTHER_CATEGORY]: '#8c959f', [UNLISTED_CATEGORY]: '#c6ccd2' } as Record<string, string>;

/** Cuts a label to `max` characters at a word boundary, with an ellipsis. */
export function shortLabel(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** Describes the selection in the chart's title: "Lab papers 2019–2026 · Jason Lee". */
export function chartTitle(stats: PaperStats): string {
  const range = stats.fromYear === stats.toYear ? `${stats.fromYear}` : `${stats.fromYear}–${stats.toYear}`;
  const who = stats.filters.author ? ` · author “${shortLabel(stats.filters.author, 30)}”` : '';
  return `Lab papers ${range}${who} · ${stats.total} paper${stats.total === 1 ? '' : 's'}`;
}

function barPanel(title: string, rows: { label: string; value: number }[], color: string): Record<string, unknown> {
  return {
    title: { text: title, anchor: 'start', fontSize: 28, fontWeight: 'bold', color: INK, offset: 14 },
    width: PANEL_WIDTH - 400,
    height: { step: 46 },
    data: { values: rows },
    encoding: {
      y: {
        field: 'label',
        type: 'nominal',
        sort: null,
        title: null,
        axis: { labelFontSize: 24, labelColor: INK, labelLimit: 400, ticks: false, domain: false, labelPadding: 10 },
      },
      x: { field: 'value', type: 'quantitative', title: null, axis: null },
    },
    layer: [
      { mark: { type: 'bar', color, cornerRadiusEnd: 4, height: 30 } },
      {
        mark: { type: 'text', align: 'left', dx: 8, fontSize: 24, fontWeight: 'bold', color: INK },
        encoding: { text: { field: 'value', type: 'quantitative', format: ',d' } },
      },
    ],
  };
}

/**
 * The Vega-Lite specs of the stats picture, one per panel, top to bottom. Each panel is laid out on its own
 * (a concatenated view would align every panel's plot to the widest label column), and `render.ts` stacks them.
 */
export function statsChartSpecs(stats: PaperStats): TopLevelSpec[] {
  const yearRows = stats.years.flatMap((y) =>
    stats.categories
      .filter((c) => (y.byCategory[c] ?? 0) > 0)
      .map((c) => ({ year: String(y.year), category: c, papers: y.byCategory[c]!, order: stats.categories.indexOf(c) })),
  );
  const totals = stats.years.map((y) => ({ year: String(y.year), total: y.total }));
  const colors = stats.categories.map((c, i) => NEUTRAL[c] ?? PALETTE[i % PALETTE.length]!);
  const maxTotal = Math.max(1, ...stats.years.map((y) => y.total));

  const perYear = {
    title: { text: 'Papers per year, by main arXiv category', anchor: 'start', fontSize: 28, fontWeight: 'bold', color: INK, offset: 14 },
    width: PANEL_WIDTH,
    height: 340,
    layer: [
      {
        data: { values: yearRows },
        // A few years would make bars as wide as a wall; past that they take 72% of their slot.
        mark: { type: 'bar', width: stats.years.length < 6 ? 110 : { band: 0.72 } },
        encoding: {
          x: {
            field: 'year',
            type: 'ordinal',
            title: null,
            scale: { domain: totals.map((t) => t.year) },
            axis: { labelAngle: 0, labelFontSize: 24, labelColor: INK, ticks: false, domainColor: GRID },
          },
          y: {
            field: 'papers',
            type: 'quantitative',
            stack: 'zero',
            title: 'papers',
            scale: { domain: [0, Math.ceil(maxTotal * 1.15)] },
            axis: {
              labelFontSize: 22,
              labelColor: MUTED,
              titleFontSize: 22,
              titleColor: MUTED,
              gridColor: GRID,
              domain: false,
              ticks: false,
              tickMinStep: 1,
              format: 'd',
            },
          },
          color: {
            field: 'category',
            type: 'nominal',
            title: null,
            scale: { domain: stats.categories, range: colors },
            legend: {
              orient: 'top',
              direction: 'horizontal',
              labelFontSize: 24,
              labelColor: INK,
              symbolSize: 320,
              symbolType: 'square',
              columnPadding: 22,
              labelLimit: 220,
            },
          },
          order: { field: 'order', type: 'quantitative' },
        },
      },
      {
        data: { values: totals.filter((t) => t.total > 0) },
        mark: { type: 'text', dy: -16, fontSize: 26, fontWeight: 'bold', color: INK },
        encoding: { x: { field: 'year', type: 'ordinal' }, y: { field: 'total', type: 'quantitative' }, text: { field: 'total', type: 'quantitative' } },
      },
    ],
  };

  const panels: Record<string, unknown>[] = [perYear];
  if (stats.coauthors.length > 0) {
    panels.push(
      barPanel(
        'Top co-authors (papers together)',
        stats.coauthors.map((c) => ({ label: shortLabel(c.name, 24), value: c.papers })),
        '#0072B2',
      ),
    );
  }
  if (stats.citations) {
    panels.push(
      barPanel(
        `Citations per paper, most cited (Semantic Scholar, ${stats.citations.asOf})`,
        stats.citations.top.map((t) => ({ label: shortLabel(t.title, 28), value: t.count })),
        '#009E73',
      ),
    );
  }

  const config = {
    font: CHART_FONT,
    view: { stroke: null },
    axis: { labelFont: CHART_FONT, titleFont: CHART_FONT },
    legend: { labelFont: CHART_FONT },
    title: { font: CHART_FONT },
  };
  return panels.map((panel, i) => ({
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    background: '#ffffff',
    padding: { left: 28, right: 28, top: i === 0 ? 24 : 8, bottom: i === panels.length - 1 ? 24 : 20 },
    config,
    ...(i === 0 ? { vconcat: [panel], title: { text: chartTitle(stats), anchor: 'start', fontSize: 34, fontWeight: 'bold', color: INK, offset: 18 } } : panel),
  })) as unknown as TopLevelSpec[];
}
