/**
 * The arXiv client against the fake arXiv server: what it asks, how it survives arXiv's bad moments, when
 * it gives up, and that it never asks faster than allowed. Intervals and backoffs are shrunk to keep the
 * suite fast, except in the one test that checks the real 3-second default.
 */
import { describe, expect, it } from 'vitest';
import { ArxivClient, arxivClientOptionsFromConfig, buildUserAgent, parseRetryAfter, type ArxivClientOptions } from '../../src/arxiv/client.js';
import { loadConfig } from '../../src/config.js';
import { ArxivApiError, ArxivFetchError } from '../../src/arxiv/errors.js';
import { startArxivServer, type ArxivServer, type FakePaper } from '../support/arxiv-server.js';
import { FAST_CLIENT, requestGaps, useArxivServer } from '../support/arxiv-client-harness.js';

const PAPERS: FakePaper[] = [
  {
    id: '2502.05075',
    version: 2,
    title: 'Discrepancies are virtue: weak-to-strong generalization through the lens of intrinsic dimension',
    authors: ['Yijun Dong', 'Yicheng Li', 'Yunai Li', 'Jason D. Lee', 'Qi Lei'],
    summary: 'Weak-to-strong generalization.',
    published: '2025-02-07',
    updated: '2025-05-30',
    categories: ['cs.LG', 'stat.ML'],
  },
  { id: '2410.01234', title: 'Older lab paper', authors: ['Qi Lei', 'Ann Other'], summary: 's', published: '2024-10-02', categories: ['math.OC'] },
  { id: '2301.00002', title: 'Lattice QCD', authors: ['Lei Qi'], summary: 's', published: '2023-01-01', categories: ['hep-lat'] },
];

let arxiv: ArxivServer;
useArxivServer(PAPERS, (server) => (arxiv = server));

const client = (extra: Partial<ArxivClientOptions> = {}) => new ArxivClient({ apiUrl: arxiv.url, ...FAST_CLIENT, ...extra });

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected the call to fail');
}

describe('ArxivClient requests', () => {
  it('searches by author with a quoted name, newest submissions first, and a descriptive User-Agent', async () => {
    const feed = await client({ contact: 'lab@example.edu' }).searchByAuthor('Lei, Qi', { maxResults: 20 });
    expect(feed.entries.map((e) => e.arxivId)).toEqual(['2502.05075', '2410.01234']);
    const [req] = arxiv.requests;
    expect(req!.params).toMatchObject({ search_query: 'au:"Qi Lei"', sortBy: 'submittedDate', sortOrder: 'descending', start: '0', max_results: '20' });
    expect(req!.userAgent).toBe(buildUserAgent(undefined, 'lab@example.edu'));
    expect(req!.userAgent).toMatch(/^lab-paper-bot\/0\.1 \(.*mailto:lab@example\.edu\)$/);
  });

  it('ORs several spellings of a name into one query', async () => {
    const feed = await client().searchByAuthor(['Qi Lei', 'Lei Qi']);
    expect(arxiv.requests[0]!.params.search_query).toBe('(au:"Qi Lei" OR au:"Lei Qi")');
    expect(feed.totalResults).toBe(3);
  });

  it('fetches by id without versions: any form of a known id gives the latest version, unknown ids are dropped', async () => {
    const entries = await client().fetchByIds(['2502.05075v1', 'arXiv:2502.05075', 'https://arxiv.org/abs/2410.01234v1', '2999.99999']);
    expect(arxiv.requests).toHaveLength(1);
    expect(arxiv.requests[0]!.params.id_list).toBe('2502.05075,2410.01234,2999.99999');
    expect(entries.map((e) => `${e.arxivId} v${e.version}`)).toEqual(['2502.05075 v2', '2410.01234 v1']);
  });

  it('a new version of a known paper keeps its bare id', async () => {
    const c = client();
    const [before] = await c.fetchByIds(['2410.01234']);
    arxiv.upsertPaper({ ...PAPERS[1]!, version: 2, updated: '2025-03-01', title: 'Older lab paper, revised' });
    const [after] = await c.fetchByIds(['2410.01234']);
    expect(before!.arxivId).toBe(after!.arxivId);
    expect([before!.version, after!.version]).toEqual([1, 2]);
    expect(after!.updated).toBe('2025-03-01');
  });

  it('splits long id lists into several requests', async () => {
    const entries = await client({ idsPerRequest: 2 }).fetchByIds(['2502.05075', '2410.01234', '2301.00002']);
    expect(arxiv.requests.map((r) => r.params.id_list)).toEqual(['2502.05075,2410.01234', '2301.00002']);
    expect(entries).toHaveLength(3);
  });

  it('takes URL, interval, timeout and contact from the configuration', () => {
    const config = loadConfig({ ARXIV_API_URL: arxiv.url, ARXIV_MIN_INTERVAL_MS: '1234', ARXIV_TIMEOUT_MS: '999', ARXIV_CONTACT: 'ops@example.edu' }, 'cli');
    const c = new ArxivClient(arxivClientOptionsFromConfig(config));
    expect(c).toMatchObject({ apiUrl: arxiv.url, minIntervalMs: 1234, timeoutMs: 999 });
    expect(c.userAgent).toContain('mailto:ops@example.edu');
  });

  it('stops at once, without retrying, when the caller aborts (shutdown)', async () => {
    arxiv.hangNext(5000);
    const controller = new AbortController();
    const pending = client().searchByAuthor('Qi Lei', { signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    expect(arxiv.requests).toHaveLength(1);
  });

  it('rejects inputs that are not arXiv ids before asking anything', async () => {
    await expect(client().fetchByIds(['2502.05075', 'not an id'])).rejects.toThrow('not arXiv ids: "not an id"');
    expect(arxiv.requests).toHaveLength(0);
  });
});

describe('ArxivClient retries', () => {
  it('503 then a feed: succeeds on the second attempt', async () => {
    arxiv.failNext({ status: 503 });
    const feed = await client().searchByAuthor('Qi Lei');
    expect(feed.entries).toHaveLength(2);
    expect(arxiv.requests.map((r) => r.served)).toEqual(['status-503', 'feed']);
  });

  it.each([200, 503] as const)('"Rate exceeded." with status %i then a feed: succeeds', async (status) => {
    arxiv.rateExceeded(status);
    const feed = await client().searchByAuthor('Qi Lei');
    expect(feed.entries).toHaveLength(2);
    expect(arxiv.requests.map((r) => r.served)).toEqual(['rate-exceeded', 'feed']);
  });

  it.each(['truncated', 'html'] as const)('malformed answer (%s) then a feed: succeeds', async (kind) => {
    arxiv.malformedNext(kind);
    const feed = await client().searchByAuthor('Qi Lei');
    expect(feed.entries).toHaveLength(2);
    expect(arxiv.requests).toHaveLength(2);
  });

  it('a timeout then a feed: the hung request is abandoned and retried', async () => {
    arxiv.hangNext(5000);
    const feed = await client({ timeoutMs: 300 }).searchByAuthor('Qi Lei');
    expect(feed.entries).toHaveLength(2);
    expect(arxiv.requests.map((r) => r.served)).toEqual(['hang-5000ms', 'feed']);
  });

  it('honours Retry-After on 429', async () => {
    arxiv.failNext({ status: 429, headers: { 'Retry-After': '1' } });
    await client().searchByAuthor('Qi Lei');
    expect(arxiv.requests).toHaveLength(2);
    expect(requestGaps(arxiv.requests)[0]).toBeGreaterThanOrEqual(1000);
  });

  it('gives up after maxRetries with an error that says what happened', async () => {
    arxiv.failNext({ status: 503 }, 3);
    const err = await failureOf(client({ maxRetries: 2 }).searchByAuthor('Qi Lei'));
    expect(err).toBeInstanceOf(ArxivFetchError);
    const e = err as ArxivFetchError;
    expect(e).toMatchObject({ failure: 'rate-limited', attempts: 3, status: 503, retryable: true });
    expect(e.message).toBe('arXiv request failed after 3 attempts: HTTP 503 ("fake arXiv: HTTP 503")');
    expect(arxiv.requests).toHaveLength(3);
  });

  it('gives up on repeated timeouts with a timeout error', async () => {
    arxiv.hangNext(5000, 2);
    const err = (await failureOf(client({ timeoutMs: 200, maxRetries: 1 }).searchByAuthor('Qi Lei'))) as ArxivFetchError;
    expect(err).toMatchObject({ failure: 'timeout', attempts: 2 });
    expect(err.message).toBe('arXiv request failed after 2 attempts: no complete answer within 200 ms');
  });

  it("does not retry an error entry: ArxivApiError with arXiv's message after one request", async () => {
    arxiv.errorNext('incorrect id format for 2502.050');
    const err = await failureOf(client().fetchByIds(['2502.05075']));
    expect(err).toBeInstanceOf(ArxivApiError);
    expect((err as Error).message).toBe('arXiv rejected the query: incorrect id format for 2502.050');
    expect(arxiv.requests).toHaveLength(1);
  });

  it('does not retry a 404', async () => {
    arxiv.failNext({ status: 404, body: 'Not Found' });
    const err = (await failureOf(client().searchByAuthor('Qi Lei'))) as ArxivFetchError;
    expect(err).toMatchObject({ failure: 'http-status', attempts: 1, status: 404, retryable: false });
    expect(arxiv.requests).toHaveLength(1);
  });

  it('fails at once when Retry-After asks for longer than it will wait', async () => {
    arxiv.failNext({ status: 429, headers: { 'Retry-After': '3600' } });
    const err = (await failureOf(client({ maxRetryAfterMs: 60_000 }).searchByAuthor('Qi Lei'))) as ArxivFetchError;
    expect(err.failure).toBe('retry-after-too-long');
    expect(err.message).toContain('arXiv asked to wait 3600 s');
    expect(arxiv.requests).toHaveLength(1);
  });
});

describe('ArxivClient pacing (process-wide, per host)', () => {
  it('two clients and concurrent calls: one request at a time, never closer than minIntervalMs', async () => {
    const a = client({ minIntervalMs: 150 });
    const b = client({ minIntervalMs: 150 });
    arxiv.hangNext(300);
    await Promise.all([a.searchByAuthor('Qi Lei'), b.searchByAuthor('Qi Lei'), a.fetchByIds(['2502.05075']), b.query('cat:hep-lat')]);
    expect(arxiv.requests).toHaveLength(4);
    expect(arxiv.maxInFlight).toBe(1);
    for (const gap of requestGaps(arxiv.requests)) expect(gap).toBeGreaterThanOrEqual(150);
  });

  it('waits for the slower of two intervals when clients disagree', async () => {
    await Promise.all([client({ minIntervalMs: 250 }).searchByAuthor('Qi Lei'), client({ minIntervalMs: 10 }).searchByAuthor('Qi Lei')]);
    expect(requestGaps(arxiv.requests)[0]).toBeGreaterThanOrEqual(250);
  });

  it('a retry after 503 also keeps the interval', async () => {
    arxiv.failNext({ status: 503 }, 2);
    await client({ minIntervalMs: 120, backoffBaseMs: 1 }).searchByAuthor('Qi Lei');
    for (const gap of requestGaps(arxiv.requests)) expect(gap).toBeGreaterThanOrEqual(120);
  });

  it('with the default interval, 3 requests from two clients are at least 3 s apart', async () => {
    // A separate server (another port, so another pacing key) keeps this the only slow test.
    const slow = await startArxivServer({ papers: PAPERS });
    try {
      const a = new ArxivClient({ apiUrl: slow.url });
      const b = new ArxivClient({ apiUrl: slow.url });
      expect(a.minIntervalMs).toBe(3000);
      await Promise.all([a.searchByAuthor('Qi Lei'), b.fetchByIds(['2410.01234']), a.query('cat:hep-lat')]);
      expect(slow.requests).toHaveLength(3);
      for (const gap of requestGaps(slow.requests)) expect(gap).toBeGreaterThanOrEqual(3000);
    } finally {
      await slow.close();
    }
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('5')).toBe(5000);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:10 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(10_000);
    expect(parseRetryAfter(null)).toBeNull();
    expect(parseRetryAfter('soon')).toBeNull();
  });
});
