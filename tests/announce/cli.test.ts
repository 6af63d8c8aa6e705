/**
 * `paperbot sync` and `paperbot announce --dry-run` against the fake arXiv API, in a temporary DATA_DIR.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runPaperbot } from '../support/run-paperbot.js';
import { loadCorpus } from '../../src/corpus/corpus.js';
import { Store } from '../../src/store/index.js';
import { fakePaperFromPaper, startArxivServer, type ArxivServer } from '../support/arxiv-server.js';
import { labPaper, namesakePaper } from './harness.js';

let dataDir: string;
let arxiv: ArxivServer;
const CHANNEL = '100000000000000001';

beforeEach(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'paperbot-announce-'));
  copyFileSync('data/papers.json', path.join(dataDir, 'papers.json'));
  copyFileSync('data/lab.json', path.join(dataDir, 'lab.json'));
  const seed = loadCorpus(path.join(dataDir, 'papers.json')).all().map(fakePaperFromPaper);
  arxiv = await startArxivServer({ papers: seed });
});
afterEach(async () => {
  await arxiv.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const paperbot = (args: string[], env: Record<string, string> = {}) =>
  runPaperbot(args, { DATA_DIR: dataDir, ARXIV_API_URL: arxiv.url, ARXIV_MIN_INTERVAL_MS: '0', ...env });

/** A state database whose first, silent run is done, so the next run would announce in CHANNEL. */
function baselinedStore(): string {
  const dbPath = path.join(dataDir, 'state.db');
  const store = Store.open(dbPath);
  store.recordDiscoveries({
    newPapers: [],
    updated: [],
    reviews: [],
    announceTargets: [{ guildId: null, channelId: CHANNEL }],
    adminTargets: [],
    silent: true,
  });
  store.close();
  return dbPath;
}

describe('paperbot sync', () => {
  it('fills the missing author list of 1910.07703 from arXiv and keeps venues and namesake marks', async () => {
    const file = path.join(dataDir, 'papers.json');
    const before = loadCorpus(file);
    expect(before.get('1910.07703')?.authors).toEqual([]);
    arxiv.upsertPaper({
      ...fakePaperFromPaper(before.get('1910.07703')!),
      authors: ['Jiacheng Zhuo', 'Qi Lei', 'Alexandros G. Dimakis', 'Constantine Caramanis'],
      version: 2,
    });

    const dry = await paperbot(['sync', '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/1910\.07703 {2}authors, .*version/);
    expect(readFileSync(file, 'utf8')).toBe(readFileSync('data/papers.json', 'utf8'));

    const run = await paperbot(['sync', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out).toMatchObject({ checked: 48, missing: [], written: true });
    const after = loadCorpus(file);
    expect(after.get('1910.07703')).toMatchObject({ authors: ['Jiacheng Zhuo', 'Qi Lei', 'Alexandros G. Dimakis', 'Constantine Caramanis'], version: 2 });
    expect(after.get('2505.15513')?.attribution).toBe('different-author');
    expect(after.all().map((p) => p.arxivId)).toEqual(before.all().map((p) => p.arxivId));
    expect(after.all().filter((p) => p.venue).length).toBe(before.all().filter((p) => p.venue).length);
  });

  it('reports papers arXiv does not know and leaves them as they are', async () => {
    arxiv.removePaper('2603.00306');
    const run = await paperbot(['sync', '--dry-run', '--json']);
    expect(JSON.parse(run.stdout)).toMatchObject({ missing: ['2603.00306'], written: false });
  });
});

describe('paperbot announce --dry-run', () => {
  it('says the first run would post nothing when the bot has no state yet', async () => {
    arxiv.upsertPaper(labPaper('2603.99501', '2026-03-02'));
    const run = await paperbot(['announce', '--dry-run', '--json'], { ANNOUNCE_CHANNEL_ID: CHANNEL });
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ firstRun: true, announce: { channels: [] } });
  });

  it('lists what the next run would announce and review, and records nothing', async () => {
    const dbPath = baselinedStore();
    arxiv.upsertPaper(labPaper('2603.99502', '2026-03-02', { title: 'A new lab paper' }));
    arxiv.upsertPaper(namesakePaper('2603.99503', '2026-03-02'));

    const run = await paperbot(['announce', '--dry-run'], { ANNOUNCE_CHANNEL_ID: CHANNEL });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/Next scheduled run: \w+day/);
    expect(run.stdout).toMatch(new RegExp(`Would announce in channel ${CHANNEL}:\\n {2}2603\\.99502 {2}A new lab paper`));
    expect(run.stdout).toMatch(/review[\s\S]*2603\.99503[\s\S]*math\.AP/);

    const after = Store.open(dbPath);
    expect(after.outboxCounts()).toEqual({ pending: 0, sent: 0, failed: 0 });
    expect(after.storedPaper('2603.99502')).toBeUndefined();
    expect(after.pendingReviews()).toEqual([]);
    after.close();
  });

  it('says a flood would be withheld under the same ANNOUNCE_MAX_PER_RUN as the bot uses', async () => {
    baselinedStore();
    for (const id of ['2603.99511', '2603.99512', '2603.99513']) arxiv.upsertPaper(labPaper(id, '2026-03-02'));

    const human = await paperbot(['announce', '--dry-run'], { ANNOUNCE_CHANNEL_ID: CHANNEL, ANNOUNCE_MAX_PER_RUN: '2' });
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toMatch(/arXiv lists 3 new papers at once, more than ANNOUNCE_MAX_PER_RUN \(2\): the run would announce none/);
    const json = await paperbot(['announce', '--dry-run', '--json'], { ANNOUNCE_CHANNEL_ID: CHANNEL, ANNOUNCE_MAX_PER_RUN: '2' });
    expect(JSON.parse(json.stdout)).toMatchObject({ withheld: 3, skipped: [] });
    // Under the default cap the same three are simply announced.
    const normal = await paperbot(['announce', '--dry-run', '--json'], { ANNOUNCE_CHANNEL_ID: CHANNEL });
    expect(JSON.parse(normal.stdout)).toMatchObject({ withheld: null });
    expect(JSON.parse(normal.stdout).announce.papers).toHaveLength(3);
  });

  it('refuses to run without --dry-run', async () => {
    const run = await paperbot(['announce']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/only --dry-run/);
  });
});
