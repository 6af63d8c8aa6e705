/**
 * `paperbot stats` in-process: text and JSON figures equal the corpus, `--out` writes a real PNG, cached
 * citation counts from the bot's database are shown with their date, and an author with no papers is said
 * so with no file written.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CitationCache } from '../../src/citations/cache.js';
import { runPaperbot } from '../support/run-paperbot.js';
import { loadCorpus } from '../../src/corpus/corpus.js';
import { paperYear } from '../../src/corpus/schema.js';
import { CHART_WIDTH } from '../../src/stats/render.js';
import { Store } from '../../src/store/store.js';
import { pngSize } from './png.js';

const DATA_DIR = path.resolve('data');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'paperbot-stats-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const visible = loadCorpus(path.join(DATA_DIR, 'papers.json')).visible();

const paperbot = (args: string[], env: Record<string, string> = {}) => runPaperbot(args, { DATA_DIR, DB_PATH: path.join(tmp, 'absent.db'), ...env });

describe('paperbot stats', () => {
  it('--json: per-year counts equal the corpus', async () => {
    const run = await paperbot(['stats', '--from', '2021', '--json']);
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as { total: number; years: { year: number; total: number }[] };
    const expected = visible.filter((p) => paperYear(p) >= 2021);
    expect(out.total).toBe(expected.length);
    for (const y of out.years) expect(y.total).toBe(expected.filter((p) => paperYear(p) === y.year).length);
  });

  it('--out writes the chart as a PNG of the chart width', async () => {
    const file = path.join(tmp, 'stats.png');
    const run = await paperbot(['stats', '--author', 'Jason Lee', '--out', file]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Chart written to ${file}`);
    expect(pngSize(readFileSync(file)).width).toBe(CHART_WIDTH);
  });

  it('an author with no papers: says so, exit 0 as search does, and writes no file', async () => {
    const file = path.join(tmp, 'none.png');
    const run = await paperbot(['stats', '--author', 'Zyxwvut', '--out', file]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('No lab papers by “Zyxwvut”');
    expect(existsSync(file)).toBe(false);
  });

  it('shows the bot’s cached citation counts, and the last failure with the date of the counts', async () => {
    const db = path.join(tmp, 'state.db');
    const store = Store.open(db);
    const cache = new CitationCache(store.db);
    cache.saveFetch([{ arxivId: visible[0]!.arxivId, citationCount: 321, venue: null }], '2026-11-30T09:00:00.000Z');
    cache.saveFailure('Semantic Scholar refused (403)', '2026-12-01T09:00:00.000Z');
    store.close();
    const run = await paperbot(['stats'], { DB_PATH: db });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Citations: 321 in all for the 1 of');
    expect(run.stdout).toContain('citation counts unavailable: Semantic Scholar refused (403); showing counts from 2026-11-30');
  });

  it('a bad year is a usage error', async () => {
    const run = await paperbot(['stats', '--from', '20x1']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--from');
  });
});
