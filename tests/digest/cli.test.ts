/**
 * `paperbot digest --dry-run` against the local listing feed: the ranked picks with reasons, as text and
 * JSON, and nothing recorded.
 */
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/corpus.js';
import { isLabPaper } from '../../src/corpus/schema.js';
import { startArxivRss, type ArxivRss } from '../support/arxiv-rss.js';
import { runPaperbot } from '../support/run-paperbot.js';
import { DAY, nearLab, offTopic } from './harness.js';

let dataDir: string;
let rss: ArxivRss;

beforeEach(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'paperbot-digest-'));
  copyFileSync('data/papers.json', path.join(dataDir, 'papers.json'));
  copyFileSync('data/lab.json', path.join(dataDir, 'lab.json'));
  const lab = loadCorpus('data/papers.json').all().filter(isLabPaper);
  rss = await startArxivRss({
    day: DAY,
    entries: [offTopic('2612.00401', 0), nearLab('2612.00402', lab[0]!), nearLab('2612.00403', lab[1]!, { announceType: 'replace' })],
  });
});
afterEach(async () => {
  await rss.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const paperbot = (args: string[], env: Record<string, string> = {}) =>
  runPaperbot(args, {
    DATA_DIR: dataDir,
    ARXIV_LISTING_URL: rss.atomUrl,
    ARXIV_API_URL: 'http://127.0.0.1:9/api/query',
    ARXIV_MIN_INTERVAL_MS: '0',
    DIGEST_CATEGORIES: 'cs.LG,stat.ML',
    ...env,
  });

describe('paperbot digest --dry-run', () => {
  it('prints the ranked picks with their reasons and records nothing', async () => {
    const run = await paperbot(['digest', '--dry-run']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      new RegExp(`^2 new papers in cs\\.LG, stat\\.ML on ${DAY} \\(from the listing feed\\)\\.\\n 1\\. 2612\\.00402  Revisiting .*\\n      close to: `),
    );
    expect(run.stdout).not.toMatch(/2612\.00403/);
    expect(run.stdout).toMatch(/Dry run: nothing was posted or recorded\.\n$/);
    expect(existsSync(path.join(dataDir, 'state.db'))).toBe(false);
  });

  it('prints JSON only with --json', async () => {
    const run = await paperbot(['digest', '--dry-run', '--json']);
    expect(run.json()).toMatchObject({
      day: DAY,
      outcome: 'queued',
      via: 'rss',
      candidates: 2,
      picks: [
        { rank: 1, arxivId: '2612.00402', reason: expect.stringMatching(/^close to: /) },
        { rank: 2, arxivId: '2612.00401' },
      ],
    });
  });

  it('refuses a run without --dry-run and a date that is no day, with exit code 2', async () => {
    expect(await paperbot(['digest'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/only --dry-run/) });
    expect(await paperbot(['digest', '--dry-run', '--date', '2026-02-30'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/real day/) });
  });
});
