/**
 * `paperbot` run in-process through `runCli`, with output collected: exit codes, JSON shape, cards and error
 * lines. The real process (spawned) is covered, more sparingly, in process.test.ts.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runPaperbot } from '../support/run-paperbot.js';

const DATA_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../data');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'paperbot-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
  json: () => any;
}

/** Runs paperbot with the seed corpus (unless env says otherwise) and plain, non-terminal output. */
function paperbot(args: string[], env: Record<string, string> = {}, tty = false): Promise<Run> {
  return runPaperbot(args, { DATA_DIR, ...env }, { tty }) as Promise<Run>;
}

/** Asserts a bad-input failure: exit 2, nothing on stdout, one line on stderr. Returns that line. */
async function usageError(args: string[], env: Record<string, string> = {}): Promise<string> {
  const run = await paperbot(args, env);
  expect(run.code, `${args.join(' ')} → ${run.stderr}`).toBe(2);
  expect(run.stdout).toBe('');
  expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(run.stderr).toMatch(/^paperbot( \w+)?: /);
  expect(run.stderr).not.toMatch(/\n\s+at /);
  return run.stderr.trim();
}

const NAMESAKES = ['2201.09020', '2205.05236', '2505.15513'];
const RESULT_FIELDS = ['arxivId', 'title', 'authors', 'published', 'score', 'year', 'venue', 'url', 'matchedTerms'];

describe('paperbot search', () => {
  it('lists the two weak-to-strong papers first, as JSON only', async () => {
    const run = await paperbot(['search', 'weak to strong', '--json']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    const results = run.json();
    expect(
      results
        .slice(0, 2)
        .map((r: any) => r.arxivId)
        .sort(),
    ).toEqual(['2502.05075', '2509.24005']);
    for (const r of results) {
      for (const field of RESULT_FIELDS) expect(r).toHaveProperty(field);
      expect(typeof r.score).toBe('number');
      expect(Array.isArray(r.authors)).toBe(true);
      expect(r.url).toBe(`https://arxiv.org/abs/${r.arxivId}`);
    }
    expect(results[0].score).toBeGreaterThanOrEqual(results[1].score);
    expect(results[0].matchedTerms.length).toBeGreaterThan(0);
  });

  it('applies the filters and the limit', async () => {
    const years = (await paperbot(['search', 'bandits', '--from', '2021', '--to', '2022', '--json'])).json();
    expect(years.length).toBeGreaterThan(0);
    for (const r of years) {
      expect(r.year).toBeGreaterThanOrEqual(2021);
      expect(r.year).toBeLessThanOrEqual(2022);
    }

    const kakade = (await paperbot(['search', 'learning', '--author', 'kakade', '--json'])).json();
    expect(kakade.length).toBeGreaterThan(0);
    for (const r of kakade) expect(r.authors.join(' ')).toMatch(/Kakade/);

    const stat = (await paperbot(['search', 'learning', '-c', 'stat', '--venue', 'neurips', '--json'])).json();
    expect(stat.length).toBeGreaterThan(0);
    for (const r of stat) {
      expect(r.categories.some((c: string) => c.startsWith('stat.'))).toBe(true);
      expect(r.venue).toMatch(/NeurIPS/);
    }

    expect((await paperbot(['search', 'learning', '--limit', '3', '--json'])).json()).toHaveLength(3);
  });

  it('prints [] and exits 0 when nothing matches', async () => {
    const run = await paperbot(['search', 'quantum chromodynamics lattice', '--json']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.json()).toEqual([]);
    const human = await paperbot(['search', 'weak', '--from', '1999', '--to', '2000']);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/^No papers match "weak" \(1999–2000\)\./);
  });

  it("never shows the namesakes' papers unless the admin opts in", async () => {
    const hidden = (await paperbot(['search', 'plasmon resonance nanostructures', '--json'])).json();
    expect(hidden.map((r: any) => r.arxivId)).not.toContain('2505.15513');
    const shown = (await paperbot(['search', 'plasmon resonance nanostructures', '--json'], { INCLUDE_OTHER_AUTHORS: 'true' })).json();
    expect(shown[0]?.arxivId).toBe('2505.15513');
  });

  it('prints readable cards with the matches marked, plain when not a terminal', async () => {
    const run = await paperbot(['search', 'weak to strong', '--limit', '2']);
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain('\x1b[');
    expect(run.stdout).toMatch(/^1\. /m);
    expect(run.stdout).toContain('https://arxiv.org/abs/2502.05075');
    expect(run.stdout).toContain('Yijun Dong');
    expect(run.stdout).toMatch(/\[weak\]|\[Weak\]|\[weak-to-strong\]|\[Weak-to-Strong\]/i);
    expect(run.stdout).not.toMatch(/undefined|null|NaN/);
  });

  it('colours a terminal, and respects NO_COLOR', async () => {
    const coloured = await paperbot(['search', 'weak to strong', '--limit', '1'], {}, true);
    expect(coloured.stdout).toContain('\x1b[1m');
    const plain = await paperbot(['search', 'weak to strong', '--limit', '1'], { NO_COLOR: '1' }, true);
    expect(plain.stdout).not.toContain('\x1b[');
  });

  it('sends logs to stderr, never into the JSON', async () => {
    const run = await paperbot(['search', 'pruning', '--json'], { LOG_LEVEL: 'debug' });
    expect(run.code).toBe(0);
    expect(() => run.json()).not.toThrow();
    expect(run.stderr).toContain('corpus loaded');
  });
});

describe('bad input: one line on stderr, exit 2', () => {
  it.each([
    [['search'], /empty query/],
    [['search', '   ', '--json'], /empty query/],
    [['search', 'x', '--from', '20x5'], /--from: expected a four-digit year/],
    [['search', 'x', '--to', 'last year'], /--to: expected a four-digit year/],
    [['search', 'x', '--from', '2024', '--to', '2020'], /--from 2024 is after --to 2020/],
    [['search', 'x', '--limit', '0'], /--limit: expected a whole number/],
    [['search', 'x', '--limit', 'ten'], /--limit: expected a whole number/],
    [['search', 'x', '--limit'], /option --limit needs a value/],
    [['search', 'x', '--colour'], /unknown option --colour/],
    [['search', 'x', '--json=yes'], /option --json takes no value/],
    [['search', 'x', '--author', ''], /--author: expected some text/],
    [['serch', 'x'], /unknown command "serch"/],
    [['show'], /missing arXiv id/],
    [['show', 'weak-to-strong'], /"weak-to-strong" is not an arXiv id/],
    [['show', '2502.99999'], /no paper 2502\.99999 in the corpus/],
    [['show', '2502.05075', '2407.06120'], /expected one arXiv id/],
    [['similar', 'https://arxiv.org/abs/1234.56789'], /no paper 1234\.56789/],
    [['cite', '2407.06120', 'nonsense'], /"nonsense" is not an arXiv id/],
    [['cite'], /missing arXiv id/],
    [['random', 'bandits'], /random takes no arguments/],
    [['random', '--topic', ' '], /--topic: expected some text/],
    [['suggest', 'weak', '--limit', '26'], /--limit: expected a whole number from 1 to 25/],
    [['help', 'serch'], /unknown command "serch"/],
  ])('%j', async (args, message) => {
    expect(await usageError(args)).toMatch(message);
  });

  it('reports a bad config value by name', async () => {
    const line = await usageError(['search', 'x'], { LOG_LEVEL: 'loud', INCLUDE_OTHER_AUTHORS: 'perhaps' });
    expect(line).toMatch(/invalid configuration: LOG_LEVEL: .*; INCLUDE_OTHER_AUTHORS: /);
  });

  it('reports a malformed or missing papers file with the paper and field at fault', async () => {
    const dir = mkdtempSync(path.join(tmp, 'data-'));
    const papers = [
      { arxivId: '2401.00001', title: 'Fine', authors: [], published: '2024-01-01' },
      { arxivId: '2401.00002', title: 'Broken', authors: [], published: 'January' },
    ];
    writeFileSync(path.join(dir, 'papers.json'), JSON.stringify({ papers }));
    const line = await usageError(['search', 'x', '--json'], { DATA_DIR: dir });
    expect(line).toMatch(/papers\.json: paper #1 \(2401\.00002\), field "published"/);

    writeFileSync(path.join(dir, 'papers.json'), '{ "papers": [');
    expect(await usageError(['show', '2401.00001'], { DATA_DIR: dir })).toMatch(/papers\.json: not valid JSON/);
    expect(await usageError(['cite', '2401.00001'], { DATA_DIR: path.join(dir, 'missing') })).toMatch(/papers\.json: not found\. .*DATA_DIR/);
  });
});

describe('paperbot show', () => {
  it('finds a paper from any id form, namesakes included', async () => {
    for (const ref of ['2502.05075', '2502.05075v2', 'arXiv:2502.05075', 'https://arxiv.org/abs/2502.05075v1', 'https://arxiv.org/pdf/2502.05075v1.pdf']) {
      const run = await paperbot(['show', ref, '--json']);
      expect(run.code).toBe(0);
      expect(run.json().arxivId).toBe('2502.05075');
    }
    const namesake = await paperbot(['show', '2505.15513']);
    expect(namesake.code).toBe(0);
    expect(namesake.stdout).toMatch(/namesake/);
  });

  it('prints one object with the full record', async () => {
    const detail = (await paperbot(['show', '2407.06120', '--json'])).json();
    expect(detail).toMatchObject({
      arxivId: '2407.06120',
      title: expect.stringContaining('Sketchy Moment Matching'),
      published: '2024-07-08',
      year: 2024,
      venue: 'NeurIPS 2024',
      url: 'https://arxiv.org/abs/2407.06120',
      pdfUrl: 'https://arxiv.org/pdf/2407.06120',
      citationKey: 'dong2024sketchy',
      attribution: 'lab',
    });
    expect(detail.abstract.length).toBeGreaterThan(200);
  });

  it('copes with a paper whose authors are unknown', async () => {
    const run = await paperbot(['show', '1910.07703']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Authors unknown');
    expect(run.stdout).toContain('Oct 2019');
    expect(run.stdout).not.toMatch(/undefined|null/);
    expect((await paperbot(['show', '1910.07703', '--json'])).json().authors).toEqual([]);
  });
});

describe('paperbot random', () => {
  it('picks one visible paper within the filters', async () => {
    for (let i = 0; i < 3; i++) {
      const picks = (await paperbot(['random', '--from', '2024', '--json'])).json();
      expect(picks).toHaveLength(1);
      expect(picks[0].year).toBeGreaterThanOrEqual(2024);
      expect(NAMESAKES).not.toContain(picks[0].arxivId);
      expect(picks[0].score).toBe(0);
    }
  });

  it('honours exclusions and says so when nothing is left', async () => {
    const seed = JSON.parse(readFileSync(path.join(DATA_DIR, 'papers.json'), 'utf8')).papers as { arxivId: string; published: string; attribution: string }[];
    const lab2022 = seed.filter((p) => p.published.startsWith('2022') && p.attribution === 'lab').map((p) => p.arxivId);
    expect(lab2022.length).toBeGreaterThan(2);
    const [keep, ...rest] = lab2022;
    const excludes = rest.flatMap((id) => ['--exclude', id]);
    const pick = (await paperbot(['random', '--from', '2022', '--to', '2022', ...excludes, '--json'])).json();
    expect(pick.map((r: any) => r.arxivId)).toEqual([keep]);

    const none = await paperbot(['random', '--from', '2022', '--to', '2022', ...excludes, '-x', `arXiv:${keep}v2`, '--json']);
    expect(none).toMatchObject({ code: 0, stderr: '' });
    expect(none.json()).toEqual([]);
    const human = await paperbot(['random', '--from', '2030']);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/^No paper left to pick \(2030 or later\)\./);
  });

  it('picks on a topic', async () => {
    const pick = (await paperbot(['random', '--topic', 'weak to strong generalization', '--json'])).json();
    expect(['2502.05075', '2509.24005', '2602.10014']).toContain(pick[0].arxivId);
  });
});

describe('paperbot similar, cite, suggest, help', () => {
  it('similar lists other papers, never the paper itself', async () => {
    const run = await paperbot(['similar', 'arXiv:2502.05075v1', '--limit', '3', '--json']);
    expect(run.code).toBe(0);
    const hits = run.json();
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.length).toBeLessThanOrEqual(3);
    expect(hits.map((h: any) => h.arxivId)).not.toContain('2502.05075');
    for (const h of hits) for (const field of RESULT_FIELDS) expect(h).toHaveProperty(field);
  });

  it('cite prints BibTeX with corpus-unique keys', async () => {
    const run = await paperbot(['cite', 'https://arxiv.org/abs/2407.06120v2', '1910.07703']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^@misc\{dong2024sketchy,\n/);
    expect(run.stdout).toContain('eprint        = {2407.06120}');
    expect(run.stdout).toContain('@misc{arxiv2019communication,');
    expect(run.stdout).not.toContain('undefined');
  });

  it('suggest returns at most 25 suggestions of at most 100 characters, for any input', async () => {
    for (const input of [[], ['weak t'], ['zzzzzzz'], ['sam', 'ple']]) {
      const run = await paperbot(['suggest', ...input, '--json']);
      expect(run.code).toBe(0);
      const suggestions = run.json();
      expect(suggestions.length).toBeLessThanOrEqual(25);
      for (const s of suggestions) {
        expect(s.name.length).toBeLessThanOrEqual(100);
        expect(s.value.length).toBeLessThanOrEqual(100);
        expect(['paper', 'query']).toContain(s.kind);
      }
    }
    expect((await paperbot(['suggest', '', '--json'])).json().length).toBeGreaterThan(0);
    expect((await paperbot(['suggest', 'weak', '--limit', '2', '--json'])).json().length).toBeLessThanOrEqual(2);
  });

  it('help lists every command and each command documents its options', async () => {
    const help = await paperbot(['help']);
    expect(help.code).toBe(0);
    for (const name of ['search', 'random', 'show', 'similar', 'cite', 'suggest']) expect(help.stdout).toMatch(new RegExp(`^  ${name} `, 'm'));
    expect(help.stdout).toMatch(/Exit codes/);
    expect((await paperbot(['--help'])).stdout).toBe(help.stdout);

    const search = await paperbot(['search', '--help']);
    expect(search.code).toBe(0);
    expect(search.stdout).toMatch(/^Usage: paperbot search <query\.\.\.> \[options\]/);
    for (const flag of ['--author NAME', '--from YEAR', '--to YEAR', '--category CAT', '--venue VENUE', '--limit N', '--json']) {
      expect(search.stdout).toContain(flag);
    }
    expect((await paperbot(['help', 'random'])).stdout).toContain('--topic TOPIC');

    const bare = await paperbot([]);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain('Usage: paperbot <command>');
  });
});
