/**
 * The fake arXiv must behave like arXiv where the bot depends on it, or the end-to-end tests prove nothing:
 * its feeds parse like the recorded ones, it matches author names per author, drops unknown ids, pages and
 * sorts. Requests here go straight through fetch (no pacing needed against a local server).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArxivApiError } from '../../src/arxiv/errors.js';
import { parseArxivFeed } from '../../src/arxiv/parse.js';
import { feedXml, startArxivServer, type ArxivServer, type FakePaper } from '../support/arxiv-server.js';

const PAPERS: FakePaper[] = [
  {
    id: '2502.05075',
    version: 2,
    title: 'Discrepancies are virtue: weak-to-strong generalization through the lens of intrinsic dimension',
    authors: ['Yijun Dong', 'Yicheng Li', 'Yunai Li', 'Jason D. Lee', 'Qi Lei'],
    summary: 'Weak-to-strong (W2S) generalization is a type of finetuning where a strong student model is trained on pseudo-labels.',
    published: '2025-02-07',
    updated: '2025-06-01',
    categories: ['cs.LG', 'stat.ML'],
  },
  {
    id: '2410.01234',
    title: 'A $\\ell_1$ & <sparse> method for\nwrapped titles',
    authors: [{ name: 'Qi Lei', affiliations: ['New York University'] }, 'Ann Other'],
    summary: 'Line one.\nLine two.',
    published: '2024-10-02',
    categories: ['math.OC'],
    doi: '10.1000/xyz',
    journalRef: 'J. Opt. 1 (2025) 1-10',
    comment: '12 pages',
  },
  {
    id: '2301.00002',
    title: 'Lattice QCD at finite density',
    authors: ['Lei Qi', 'Wei Zhang'],
    summary: 'A namesake, name order reversed.',
    published: '2023-01-01',
    categories: ['hep-lat'],
  },
  {
    id: '2201.00003',
    title: 'Ferroelectric thin films',
    authors: ['Qiang Lei'],
    summary: 'Another person sharing a surname and an initial.',
    published: '2022-01-01',
    categories: ['cond-mat.mtrl-sci'],
  },
];

let arxiv: ArxivServer;
beforeAll(async () => {
  arxiv = await startArxivServer({ papers: PAPERS });
});
afterAll(async () => {
  await arxiv.close();
});

async function ask(params: Record<string, string>): Promise<{ status: number; body: string }> {
  const res = await fetch(`${arxiv.url}?${new URLSearchParams(params)}`);
  return { status: res.status, body: await res.text() };
}

describe('feedXml', () => {
  it.each(['old', 'new'] as const)('%s format round-trips through the parser with every field', (format) => {
    const feed = parseArxivFeed(feedXml(PAPERS.slice(0, 2), { format, totalResults: 7 }));
    expect(feed.totalResults).toBe(7);
    const [a, b] = feed.entries;
    expect(a).toMatchObject({
      arxivId: '2502.05075',
      version: 2,
      published: '2025-02-07',
      updated: '2025-06-01',
      primaryCategory: 'cs.LG',
      categories: ['cs.LG', 'stat.ML'],
    });
    expect(a!.title).toBe(PAPERS[0]!.title);
    expect(a!.authors).toEqual(PAPERS[0]!.authors);
    expect(b).toMatchObject({
      arxivId: '2410.01234',
      title: 'A $\\ell_1$ & <sparse> method for wrapped titles',
      summary: 'Line one. Line two.',
      authors: ['Qi Lei', 'Ann Other'],
      affiliations: [['New York University'], []],
      doi: '10.1000/xyz',
      journalRef: 'J. Opt. 1 (2025) 1-10',
      comment: '12 pages',
    });
    expect(b!.absUrl).toMatch(/^https?:\/\/arxiv\.org\/abs\/2410\.01234v1$/);
    expect(b!.pdfUrl).toMatch(/^https?:\/\/arxiv\.org\/pdf\/2410\.01234v1$/);
  });

  it('old format hard-wraps long titles as arXiv did; new format does not', () => {
    expect(feedXml(PAPERS.slice(0, 1), { format: 'old' })).toContain('<title>Discrepancies are virtue: weak-to-strong generalization through the lens\n  of');
    expect(feedXml(PAPERS.slice(0, 1), { format: 'new' })).toContain(`<title>${PAPERS[0]!.title}</title>`);
  });
});

describe('fake arXiv server', () => {
  it('au:"Qi Lei" matches that name in that order only: not "Lei Qi", not "Qiang Lei"', async () => {
    const feed = parseArxivFeed((await ask({ search_query: 'au:"Qi Lei"', sortBy: 'submittedDate', sortOrder: 'descending' })).body);
    expect(feed.entries.map((e) => e.arxivId)).toEqual(['2502.05075', '2410.01234']);
  });

  it('au:Lei_Q is surname plus initial, so it also finds Qiang Lei', async () => {
    const feed = parseArxivFeed((await ask({ search_query: 'au:Lei_Q' })).body);
    expect(feed.entries.map((e) => e.arxivId).sort()).toEqual(['2201.00003', '2410.01234', '2502.05075']);
  });

  it('combines terms with OR, AND, ANDNOT and brackets', async () => {
    const ids = async (q: string) =>
      parseArxivFeed((await ask({ search_query: q })).body)
        .entries.map((e) => e.arxivId)
        .sort();
    expect(await ids('(au:"Qi Lei" OR au:"Lei Qi") AND cat:hep-lat')).toEqual(['2301.00002']);
    expect(await ids('au:"Qi Lei" ANDNOT cat:math.OC')).toEqual(['2502.05075']);
    expect(await ids('ti:lattice OR ti:"thin films"')).toEqual(['2201.00003', '2301.00002']);
  });

  it('id_list drops unknown ids silently and honours a requested version', async () => {
    const feed = parseArxivFeed((await ask({ id_list: '2502.05075,2999.99999,2410.01234v1' })).body);
    expect(feed.totalResults).toBe(2);
    expect(feed.entries.map((e) => `${e.arxivId}v${e.version}`)).toEqual(['2502.05075v2', '2410.01234v1']);
  });

  it("a malformed id gets arXiv's error feed", async () => {
    const { status, body } = await ask({ id_list: '2502.050' });
    expect(status).toBe(400);
    expect(() => parseArxivFeed(body)).toThrow(ArxivApiError);
    expect(() => parseArxivFeed(body)).toThrow('incorrect id format for 2502.050');
  });

  it('pages with start/max_results and reports the total', async () => {
    const page = parseArxivFeed((await ask({ search_query: 'au:Lei', sortBy: 'submittedDate', sortOrder: 'ascending', start: '1', max_results: '2' })).body);
    expect(page.totalResults).toBe(4);
    expect(page.startIndex).toBe(1);
    expect(page.entries.map((e) => e.arxivId)).toEqual(['2301.00002', '2410.01234']);
  });

  it('serves a replaced paper (a v2) and a raw fixture, and logs every request', async () => {
    arxiv.upsertPaper({ ...PAPERS[1]!, version: 2, updated: '2025-01-01' });
    const feed = parseArxivFeed((await ask({ id_list: '2410.01234' })).body);
    expect(feed.entries.map((e) => e.version)).toEqual([2]);

    arxiv.fixtureNext('id-list-missing-ids.xml');
    const fixture = parseArxivFeed((await ask({ id_list: '2201.13455,2201.13452' })).body);
    expect(fixture.entries.map((e) => e.arxivId)).toEqual(['2201.13452']);
    expect(arxiv.requests.at(-1)).toMatchObject({
      path: '/api/query',
      served: 'fixture-id-list-missing-ids.xml',
      params: { id_list: '2201.13455,2201.13452' },
    });
  });
});
