/**
 * Author feeds (arxiv.org/a/<author-id or ORCID>.atom2) through the arXiv client, against the fake arXiv
 * server: the request made, the parse of a feed without OpenSearch totals, ids refused before any request,
 * unknown authors, retries, and the pacing shared with API queries.
 */
import { describe, expect, it } from 'vitest';
import {
  ArxivClient,
  arxivClientOptionsFromConfig,
  authorFeedKind,
  buildUserAgent,
  DEFAULT_FEED_URL,
  type ArxivClientOptions,
} from '../../src/arxiv/client.js';
import { ArxivFetchError } from '../../src/arxiv/errors.js';
import { hostKey } from '../../src/arxiv/pacing.js';
import { loadConfig } from '../../src/config.js';
import type { ArxivServer, FakePaper } from '../support/arxiv-server.js';
import { FAST_CLIENT, requestGaps, useArxivServer } from '../support/arxiv-client-harness.js';

const ORCID = '0000-0002-1694-934X';
const PAPERS: FakePaper[] = [
  // Claimed by the author under a spelling a name search for "Qi Lei" would not find.
  {
    id: '2601.00011',
    title: 'Claimed paper, initials only',
    authors: ['Q. Lei', 'Ann Other'],
    summary: 's',
    published: '2026-01-05',
    categories: ['q-bio.NC'],
    authorIds: ['lei_q_1', ORCID],
  },
  {
    id: '2512.00022',
    version: 3,
    title: 'Older claimed paper',
    authors: ['Qi Lei'],
    summary: 's',
    published: '2025-12-01',
    categories: ['cs.LG'],
    authorIds: ['lei_q_1'],
  },
  { id: '2301.00002', title: 'Lattice QCD by a namesake', authors: ['Qi Lei'], summary: 's', published: '2023-01-01', categories: ['hep-lat'] },
];

let arxiv: ArxivServer;
useArxivServer(PAPERS, (server) => (arxiv = server));

const client = (extra: Partial<ArxivClientOptions> = {}) => new ArxivClient({ apiUrl: arxiv.url, feedUrl: arxiv.feedUrl, ...FAST_CLIENT, ...extra });

describe('ArxivClient.fetchAuthorFeed', () => {
  it('reads an author-id feed: only that author’s claimed papers, latest versions, bare ids, no OpenSearch totals needed', async () => {
    const feed = await client({ contact: 'lab@example.edu' }).fetchAuthorFeed('lei_q_1');
    expect(feed.entries.map((e) => `${e.arxivId} v${e.version}`)).toEqual(['2601.00011 v1', '2512.00022 v3']);
    expect(feed.totalResults).toBe(2);
    expect(feed.entries[0]).toMatchObject({ authors: ['Q. Lei', 'Ann Other'], primaryCategory: 'q-bio.NC', absUrl: 'http://arxiv.org/abs/2601.00011v1' });
    const [req] = arxiv.requests;
    expect(req).toMatchObject({ path: '/a/lei_q_1.atom2', served: 'author-feed', userAgent: buildUserAgent(undefined, 'lab@example.edu') });
  });

  it('reads an ORCID feed, X check digit included', async () => {
    const feed = await client().fetchAuthorFeed(ORCID);
    expect(feed.entries.map((e) => e.arxivId)).toEqual(['2601.00011']);
    expect(arxiv.requests[0]!.path).toBe(`/a/${ORCID}.atom2`);
  });

  it.each(['Lei_Q_1', 'lei q 1', '../api/query', 'lei_q_1.atom2', '', '0000-0002-1694-934', '0000-0002-1694-934x', 'https://orcid.org/0000-0002-1694-934X'])(
    'refuses %j before asking arXiv anything',
    async (bad) => {
      await expect(client().fetchAuthorFeed(bad)).rejects.toThrow(TypeError);
      expect(arxiv.requests).toHaveLength(0);
    },
  );

  it('an author arXiv does not know: a 404 error at once, not retried', async () => {
    const err = await client()
      .fetchAuthorFeed('nobody_x_1')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ArxivFetchError);
    expect(err).toMatchObject({ failure: 'http-status', status: 404, attempts: 1, retryable: false });
    expect(arxiv.requests).toHaveLength(1);
  });

  it('503 then the feed: retried like an API request', async () => {
    arxiv.failNext({ status: 503 });
    const feed = await client().fetchAuthorFeed('lei_q_1');
    expect(feed.entries).toHaveLength(2);
    expect(arxiv.requests.map((r) => r.served)).toEqual(['status-503', 'author-feed']);
  });

  it('takes the feed base from ARXIV_FEED_URL (default https://arxiv.org/a), a trailing slash tolerated', () => {
    expect(new ArxivClient(arxivClientOptionsFromConfig(loadConfig({}, 'cli'))).feedUrl).toBe(DEFAULT_FEED_URL);
    expect(DEFAULT_FEED_URL).toBe('https://arxiv.org/a');
    const config = loadConfig({ ARXIV_API_URL: arxiv.url, ARXIV_FEED_URL: `${arxiv.feedUrl}/` }, 'cli');
    expect(new ArxivClient(arxivClientOptionsFromConfig(config)).feedUrl).toBe(arxiv.feedUrl);
  });
});

describe('author feeds share the arXiv pace', () => {
  it('feed and API requests from two clients at once: one at a time, never closer than minIntervalMs', async () => {
    const a = client({ minIntervalMs: 150 });
    const b = client({ minIntervalMs: 150 });
    arxiv.hangNext(200);
    await Promise.all([a.fetchAuthorFeed('lei_q_1'), b.searchByAuthor('Qi Lei'), b.fetchAuthorFeed(ORCID), a.fetchByIds(['2301.00002'])]);
    expect(arxiv.requests.map((r) => r.path).sort()).toEqual(['/a/0000-0002-1694-934X.atom2', '/a/lei_q_1.atom2', '/api/query', '/api/query']);
    expect(arxiv.maxInFlight).toBe(1);
    for (const gap of requestGaps(arxiv.requests)) expect(gap).toBeGreaterThanOrEqual(150);
  });

  it('arxiv.org (feeds) and export.arxiv.org (API) are one pacing key; other hosts keep their own', () => {
    expect(hostKey('https://arxiv.org/a/lei_q_1.atom2')).toBe(hostKey('https://export.arxiv.org/api/query'));
    expect(hostKey('https://export.arxiv.org/api/query')).toBe(hostKey('http://ARXIV.org:8080/x'));
    expect(hostKey('http://127.0.0.1:4000/api/query')).not.toBe(hostKey('http://127.0.0.1:4001/a'));
    expect(hostKey('https://notarxiv.org/a')).not.toBe(hostKey('https://arxiv.org/a'));
  });

  it('authorFeedKind tells the two id forms apart', () => {
    expect([authorFeedKind('lei_q_1'), authorFeedKind(ORCID), authorFeedKind('Lei Q')]).toEqual(['author-id', 'orcid', null]);
  });
});
