/** `/paper stats`: figures about the lab's papers and their offline-rendered chart. */
export { selectPapers, authorMatcher, type StatsFilters } from './select.js';
export { computeStats, labAuthor, mainCategory, OTHER_CATEGORY, UNLISTED_CATEGORY, type PaperStats, type YearCount, type StatsOptions } from './compute.js';
export { statsChartSpecs, chartTitle } from './spec.js';
export { renderStatsPng, renderStatsSvg, svgToPng, CHART_WIDTH, FONT_FILES } from './render.js';
export { statsMessage, statsEmbed, STATS_FILE_NAME } from './message.js';
export { statsTextLines, noPapersText } from './text.js';
