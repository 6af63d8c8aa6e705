/** `paperbot stats`: papers per year, top co-authors and cached citations, as text, JSON or a PNG chart. */
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { CitationSnapshot } from '../../citations/types.js';
import { computeStats } from '../../stats/compute.js';
import { noPapersText, statsTextLines } from '../../stats/text.js';
import type { StatsFilters } from '../../stats/select.js';
import { chartTitle } from '../../stats/spec.js';
import type { Store } from '../../store/store.js';
import type { CliCommand, CliContext } from '../command.js';
import { UsageError } from '../errors.js';
import { FILTER_OPTIONS, JSON_OPTION, readFilters, wantsJson } from '../options.js';

/**
 * The cached citation counts in the bot's state database, read-only; none when the database does not exist or
 * predates the cache. The CLI never asks Semantic Scholar: the bot refreshes the cache daily.
 */
async function cachedCitations(ctx: CliContext): Promise<CitationSnapshot | undefined> {
  const file = ctx.config.dbPath;
  if (!existsSync(file)) return undefined;
  let store: Store | undefined;
  try {
    // SQLite loads only here: the other commands never pay for it.
    const [{ Store }, { CitationCache }] = await Promise.all([import('../../store/store.js'), import('../../citations/cache.js')]);
    store = Store.open(file, { readonly: true });
    const cache = new CitationCache(store.db);
    const last = cache.lastAttempt();
    const asOf = cache.lastSuccessAt() ?? null;
    const problem =
      last?.outcome === 'failed'
        ? `citation counts unavailable: ${last.error}; ${asOf ? `showing counts from ${asOf.slice(0, 10)}` : 'no counts fetched yet'}`
        : null;
    return { papers: cache.all(), asOf, problem };
  } catch (err) {
    void ctx.logger().then((log) => log.debug({ err, file }, 'no citation cache to read'));
    return undefined;
  } finally {
    store?.close();
  }
}

export const statsCommand: CliCommand = {
  name: 'stats',
  summary: 'papers per year by category, top co-authors and citations; --out writes the chart as PNG',
  args: '',
  options: {
    author: FILTER_OPTIONS.author!,
    from: FILTER_OPTIONS.from!,
    to: FILTER_OPTIONS.to!,
    out: { type: 'string', short: 'o', valueName: 'FILE', description: 'write the chart as a PNG to FILE (e.g. stats.png)' },
    ...JSON_OPTION,
  },
  details: [
    "Counts cover the papers search shows; citation counts come from the bot's cache (DB_PATH), when there is one.",
    'An author with no papers is said so (exit 0, as in search), and no chart is written.',
    '',
    'Examples:',
    '  paperbot stats',
    '  paperbot stats --from 2022 --author "Jason Lee" --out stats.png',
    '  paperbot stats --json',
  ],
  async run(input, ctx) {
    const { author, fromYear, toYear } = readFilters(input);
    const filters: StatsFilters = {
      ...(author ? { author } : {}),
      ...(fromYear !== undefined ? { fromYear } : {}),
      ...(toYear !== undefined ? { toYear } : {}),
    };
    const out = typeof input.values.out === 'string' ? input.values.out.trim() : undefined;
    if (out !== undefined && !out) throw new UsageError('--out: expected a file name such as stats.png');
    const citations = await cachedCitations(ctx);
    const stats = computeStats(ctx.corpus.visible(), filters, citations ? { citations } : {});
    if (!stats) {
      // As with search, nothing matching is an answer, not an error; but no chart is written for it.
      const message = noPapersText(filters).replace(/\\(.)/g, '$1');
      if (wantsJson(input)) ctx.printJson({ filters, total: 0, message });
      else ctx.print(message);
      return;
    }

    let written: string | undefined;
    if (out) {
      // Loaded only here: drawing needs vega and resvg, which the text output does not.
      const { renderStatsPng } = await import('../../stats/render.js');
      written = path.resolve(out);
      writeFileSync(written, await renderStatsPng(stats));
    }
    if (wantsJson(input)) {
      const { filters: f, ...rest } = stats;
      ctx.printJson({ filters: f, ...rest, ...(written ? { png: written } : {}) });
      return;
    }
    const text = statsTextLines(stats);
    ctx.print(ctx.style.bold(chartTitle(stats)));
    ctx.print();
    ctx.print('Papers per year');
    for (const line of text.perYear) ctx.print(`  ${line}`);
    ctx.print();
    ctx.print(`Top co-authors: ${text.coauthors}`);
    ctx.print(`Citations: ${text.citations}`);
    if (written) ctx.print(ctx.style.dim(`Chart written to ${written}`));
  },
};
