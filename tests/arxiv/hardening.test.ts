/**
 * The arXiv client and parser under hostile conditions: no network at all, a host that never answered,
 * Retry-After beyond what a run may wait, feeds of thousands of entries, and entries that are not valid.
 */
import { describe, expect, it } from 'vitest';
import { ArxivClient } from '../../src/arxiv/client.js';
import { ArxivFetchError } from '../../src/arxiv/errors.js';
import { parseArxivFeed, parseArxivFeedAsync } from '../../src/arxiv/parse.js';
import { paperSchema } from '../../src/corpus/schema.js';
import { feedXml, startArxivServer, type ArxivServer, type FakePaper } from '../support/arxiv-server.js';
import { FAST_CLIENT, useArxivServer } from '../support/arxiv-client-harness.js';
import { probeEventLoop } from '../support/event-loop-probe.js';

const PAPER: FakePaper = {
  id: '2502.05075',
  title: 'Discrepancies are virtue',
  authors: ['Qi Lei'],
  summary: 's',
  published: '2025-02-07',
  categories: ['cs.LG'],
};

let arxiv: ArxivServer;
useArxivServer([PAPER], (server) => (arxiv = server));

async function failure(promise: Promise<unknown>): Promise<ArxivFetchError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ArxivFetchError);
  return err as ArxivFetchError;
}

function manyPapers(n: number): FakePaper[] {
  return Array.from({ length: n }, (_, i) => ({ ...PAPER, id: `2601.${String(10000 + i)}`, title: `Paper ${i}` }));
}

describe('an unreachable arXiv', () => {
  it('fails after one attempt with one clear line when the host name does not resolve', async () => {
    // .invalid never resolves (RFC 2606): no traffic leaves the machine.
    const client = new ArxivClient({ ...FAST_CLIENT, apiUrl: 'http://nonexistent.invalid/api/query' });
    const err = await failure(client.query('au:"Qi Lei"'));
    expect(err.attempts).toBe(1);
    expect(err.failure).toBe('unreachable');
    expect(err.message).toBe('cannot reach nonexistent.invalid (DNS lookup failed): check the network or ARXIV_API_URL');
  });

  it('fails at once when a host that never answered refuses the connection, but retries one that answered before', async () => {
    const gone = await startArxivServer();
    const url = gone.url;
    await gone.close();
    const never = new ArxivClient({ ...FAST_CLIENT, apiUrl: url });
    const err = await failure(never.query('au:"Qi Lei"'));
    expect(err.attempts).toBe(1);
    expect(err.message).toMatch(/^cannot reach 127\.0\.0\.1:\d+ \(connection refused\): check the network or ARXIV_API_URL$/);

    const restarting = await startArxivServer({ papers: [PAPER] });
    const client = new ArxivClient({ ...FAST_CLIENT, apiUrl: restarting.url });
    await client.query('au:"Qi Lei"');
    await restarting.close();
    const later = await failure(client.query('au:"Qi Lei"'));
    expect(later.attempts).toBe(FAST_CLIENT.maxRetries + 1);
    expect(later.failure).toBe('network');
  });
});

describe('retry waits', () => {
  it('does not wait past the deadline: a Retry-After beyond it fails the request at once', async () => {
    const client = new ArxivClient({ ...FAST_CLIENT, apiUrl: arxiv.url });
    arxiv.failNext({ status: 503, headers: { 'Retry-After': '120' } });
    const waits: number[] = [];
    const err = await failure(client.query('au:"Qi Lei"', { deadline: Date.now() + 5_000, onRetryWait: (w) => waits.push(w.delayMs) }));
    expect(err.failure).toBe('retry-after-too-long');
    expect(err.message).toMatch(/arXiv asked us to wait 120 s, longer than this run may wait/);
    expect(arxiv.requests).toHaveLength(1);
    expect(waits).toEqual([]);
  });

  it('tells the caller before it sleeps through a wait arXiv asked for', async () => {
    const client = new ArxivClient({ ...FAST_CLIENT, apiUrl: arxiv.url });
    arxiv.failNext({ status: 429, headers: { 'Retry-After': '0' } });
    const waits: { rateLimited: boolean }[] = [];
    const feed = await client.query('au:"Qi Lei"', { onRetryWait: (w) => waits.push(w) });
    expect(feed.entries).toHaveLength(1);
    expect(waits).toEqual([expect.objectContaining({ rateLimited: true })]);
  });
});

describe('a feed of thousands of entries', () => {
  const xml = feedXml(manyPapers(3000), { format: 'new' });

  it('is parsed in slices, with the event loop free between them, to the same result as in one go', async () => {
    const probe = probeEventLoop();
    const feed = await parseArxivFeedAsync(xml, undefined, 200);
    const probes = probe.stop();
    // 3000 entries in slices of 200: the probe ran between (nearly) every two slices.
    expect(probes).toBeGreaterThanOrEqual(14);
    expect(feed).toEqual(parseArxivFeed(xml));
    expect(feed.entries).toHaveLength(3000);
  });

  it.each(['old', 'new'] as const)('gives the same result in slices as in one go, in the %s format', async (format) => {
    const body = feedXml(manyPapers(300), { format, totalResults: 4000, startIndex: 100, itemsPerPage: 300 });
    expect(await parseArxivFeedAsync(body, undefined, 50)).toEqual(parseArxivFeed(body));
  });

  it('reaches the client whole, however many entries were asked for', async () => {
    const client = new ArxivClient({ ...FAST_CLIENT, apiUrl: arxiv.url });
    arxiv.floodNext(manyPapers(1000));
    const feed = await client.query('au:"Qi Lei"', { maxResults: 5 });
    expect(feed.entries).toHaveLength(1000);
  });

  it('still notices a truncated large feed', async () => {
    await expect(parseArxivFeedAsync(xml.slice(0, Math.floor(xml.length * 0.7)))).rejects.toThrow(/not a feed/);
  });
});

describe('entries that are not valid', () => {
  it('skips an entry with version v0 or a date that is not a real day, and keeps the rest', () => {
    const xml = feedXml(
      [
        { ...PAPER, id: '2601.00001', version: 0 },
        { ...PAPER, id: '2601.00002', published: '2025-13-45' },
        { ...PAPER, id: '2601.00003', published: '2025-02-29' },
        { ...PAPER, id: '2601.00004', published: '2024-02-29' },
      ],
      { format: 'new' },
    );
    const feed = parseArxivFeed(xml);
    expect(feed.entries.map((e) => e.arxivId)).toEqual(['2601.00004']);
    expect(feed.skipped).toEqual([
      expect.stringMatching(/2601\.00001 has version v0/),
      expect.stringMatching(/2601\.00002 has no valid <published> date/),
      expect.stringMatching(/2601\.00003 has no valid <published> date/),
    ]);
  });

  it('the paper schema accepts only real calendar dates', () => {
    const base = { arxivId: '2601.00001', title: 'T' };
    expect(paperSchema.safeParse({ ...base, published: '2025-13-45' }).success).toBe(false);
    expect(paperSchema.safeParse({ ...base, published: '2025-02-29' }).success).toBe(false);
    expect(paperSchema.safeParse({ ...base, published: '2025-00-10' }).success).toBe(false);
    expect(paperSchema.safeParse({ ...base, published: '2025-00' }).success).toBe(true); // the year alone
    expect(paperSchema.safeParse({ ...base, published: '2024-02-29' }).success).toBe(true);
    expect(paperSchema.safeParse({ ...base, published: '2025-11' }).success).toBe(true);
    expect(paperSchema.safeParse({ ...base, published: '2025-02-28', updated: '2025-04-31' }).success).toBe(false);
  });
});
