/**
 * Citation counts end to end against a local Semantic Scholar stand-in: the batch request's shape, the
 * cache in a real SQLite file, the daily refresh, and every way the fetch can fail. Whatever fails, the
 * cached figures stay, the message says what happened and from which day the figures are, and nothing throws.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { S2Client, S2Error, createCitationService, type CitationService } from '../../src/citations/index.js';
import { loadConfig } from '../../src/config.js';
import { configSecrets, createLogger } from '../../src/logger.js';
import { Store } from '../../src/store/store.js';
import { startS2Server, s2Fixture, type S2Server } from '../support/s2-server.js';

const IDS = ['2502.05075', '2407.06120', '1910.07703'];
const KEY = 's2-secret-key-0123456789';
const DAY = 24 * 60 * 60 * 1000;

let s2: S2Server;
let dir: string;
let store: Store;
let clock: Date;
let logLines: string[];

beforeAll(async () => void (s2 = await startS2Server()));
afterAll(async () => s2.close());
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'paperbot-s2-'));
  store = Store.open(path.join(dir, 'state.db'));
  clock = new Date('2026-11-30T09:00:00Z');
  logLines = [];
  s2.clearFaults();
  s2.requests.length = 0;
  s2.papers = { '2502.05075': { citationCount: 12, venue: 'ICML' }, '2407.06120': { citationCount: 7 } };
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

function service(apiUrl = s2.url, client?: Partial<ConstructorParameters<typeof S2Client>[0]>): CitationService {
  const config = loadConfig({ DATA_DIR: dir, S2_API_URL: apiUrl, S2_API_KEY: KEY }, 'cli');
  const logger = createLogger({ level: 'debug', secrets: [KEY], destination: { write: (s: string) => void logLines.push(s) } });
  return createCitationService(config, store, logger, {
    paperIds: () => IDS,
    now: () => clock,
    client: new S2Client({ apiUrl, apiKey: KEY, minIntervalMs: 5, timeoutMs: 300, maxRetries: 2, backoffBaseMs: 5, logger, ...client }),
  });
}

describe('a successful fetch', () => {
  it('asks for every paper in one batch request with the documented shape and the key header', async () => {
    const result = await service().refresh();
    expect(result).toMatchObject({ ok: true, papers: 3 });
    expect(s2.requests).toHaveLength(1);
    expect(s2.requests[0]).toMatchObject({ method: 'POST', path: '/graph/v1/paper/batch', fields: 'citationCount,venue,externalIds', apiKey: KEY });
    expect(s2.requests[0]!.ids).toEqual(IDS.map((id) => `ARXIV:${id}`));
  });

  it('caches counts and venues with their date; an id Semantic Scholar does not know stays unknown, not zero', async () => {
    const svc = service();
    await svc.refresh();
    const snap = svc.snapshot();
    expect(snap.problem).toBeNull();
    expect(snap.asOf).toBe('2026-11-30T09:00:00.000Z');
    expect(snap.papers.get('2502.05075')).toEqual({ citationCount: 12, venue: 'ICML', fetchedAt: '2026-11-30T09:00:00.000Z' });
    expect(snap.papers.get('2407.06120')).toMatchObject({ citationCount: 7, venue: null });
    expect(snap.papers.get('1910.07703')).toMatchObject({ citationCount: null });
    // A card reads its one paper the same way.
    expect(svc.figures('2502.05075')).toEqual(snap.papers.get('2502.05075'));
    expect(svc.figures('2101.00001')).toBeUndefined();
  });

  it('reads the recorded-shape fixture: counts aligned with the ids, null for the unknown one', async () => {
    s2.rawNext(s2Fixture('batch-lab.json'));
    const figures = await new S2Client({ apiUrl: s2.url, minIntervalMs: 0 }).fetchPapers(IDS);
    expect(figures).toEqual([
      { arxivId: '2502.05075', citationCount: 12, venue: 'International Conference on Machine Learning' },
      { arxivId: '2407.06120', citationCount: 7, venue: null },
      { arxivId: '1910.07703', citationCount: null, venue: null },
    ]);
  });

  it('splits more than 500 ids into batches of at most 500', async () => {
    const ids = Array.from({ length: 501 }, (_, i) => `2501.${String(i).padStart(5, '0')}`);
    const figures = await new S2Client({ apiUrl: s2.url, minIntervalMs: 0 }).fetchPapers(ids);
    expect(figures).toHaveLength(501);
    expect(s2.requests.map((r) => r.ids.length)).toEqual([500, 1]);
  });

  it('paces requests: two fetches at once go one after the other, the minimum gap apart', async () => {
    const client = new S2Client({ apiUrl: s2.url, minIntervalMs: 150 });
    await Promise.all([client.fetchPapers(IDS), client.fetchPapers(IDS)]);
    expect(s2.requests).toHaveLength(2);
    expect(s2.requests[1]!.at - s2.requests[0]!.at).toBeGreaterThanOrEqual(145);
  });

  it('survives a restart: a new service over the same database shows the same figures', async () => {
    await service().refresh();
    store.close();
    store = Store.open(path.join(dir, 'state.db'));
    const again = service();
    expect(again.snapshot().papers.get('2502.05075')?.citationCount).toBe(12);
  });

  it('never logs the API key', async () => {
    s2.statusNext(500);
    await service().refresh();
    expect(logLines.length).toBeGreaterThan(0);
    expect(logLines.join('')).not.toContain(KEY);
  });
});

describe('at most daily', () => {
  it('refreshes again only a day after a success, and an hour after a failure', async () => {
    const svc = service();
    await svc.refresh();
    clock = new Date(clock.getTime() + 23 * 60 * 60 * 1000);
    expect(await svc.refreshIfDue()).toBeNull();
    expect(s2.requests).toHaveLength(1);
    clock = new Date(clock.getTime() + 2 * 60 * 60 * 1000);
    s2.statusNext(403);
    expect(await svc.refreshIfDue()).toMatchObject({ ok: false });
    clock = new Date(clock.getTime() + 30 * 60 * 1000);
    expect(await svc.refreshIfDue()).toBeNull();
    clock = new Date(clock.getTime() + 31 * 60 * 1000);
    expect(await svc.refreshIfDue()).toMatchObject({ ok: true });
  });

  it('a snapshot of day-old figures starts one refresh in the background and answers at once from the cache', async () => {
    const svc = service();
    await svc.refresh();
    s2.papers['2502.05075'] = { citationCount: 13 };
    clock = new Date(clock.getTime() + DAY + 1);
    expect(svc.snapshot().papers.get('2502.05075')?.citationCount).toBe(12);
    svc.snapshot();
    await svc.refreshIfDue();
    expect(s2.requests).toHaveLength(2);
    expect(svc.snapshot().papers.get('2502.05075')?.citationCount).toBe(13);
  });
});

describe('when the fetch fails, the cached figures stay and the message says why', () => {
  /** A service with yesterday's figures cached, then a refresh a day later against the fault. */
  async function failAfterSuccess(
    setup: () => void,
    apiUrl?: string,
  ): Promise<{ snap: ReturnType<CitationService['snapshot']>; result: Awaited<ReturnType<CitationService['refresh']>> }> {
    await service().refresh();
    clock = new Date(clock.getTime() + DAY);
    setup();
    const svc = service(apiUrl);
    const result = await svc.refresh();
    return { result, snap: svc.snapshot() };
  }

  it('429 then success: waits as Retry-After says, then stores the new figures', async () => {
    s2.statusNext(429, { retryAfter: '1', body: s2Fixture('error-429.json') });
    const result = await service().refresh();
    expect(result.ok).toBe(true);
    expect(s2.requests.map((r) => r.served)).toEqual(['status-429', 'batch']);
    expect(s2.requests[1]!.at - s2.requests[0]!.at).toBeGreaterThanOrEqual(950);
  });

  it('500 forever: retried, then "failed (500)" with the date of the figures shown', async () => {
    const { result, snap } = await failAfterSuccess(() => s2.statusAlways(500));
    expect(result).toMatchObject({ ok: false, error: 'Semantic Scholar failed (500)' });
    expect(s2.requests.filter((r) => r.served === 'status-500')).toHaveLength(3);
    expect(snap.problem).toBe('citation counts unavailable: Semantic Scholar failed (500); showing counts from 2026-11-30');
    expect(snap.papers.get('2502.05075')?.citationCount).toBe(12);
  });

  it('403: not retried; "refused (403)"', async () => {
    const { snap } = await failAfterSuccess(() => s2.statusNext(403, { body: s2Fixture('error-403.json') }));
    expect(s2.requests.map((r) => r.served)).toEqual(['batch', 'status-403']);
    expect(snap.problem).toBe('citation counts unavailable: Semantic Scholar refused (403); showing counts from 2026-11-30');
    expect(snap.papers.get('2407.06120')?.citationCount).toBe(7);
  });

  it('timeout: "did not answer"', async () => {
    const { snap } = await failAfterSuccess(() => {
      s2.hangNext();
      s2.hangNext();
      s2.hangNext();
    });
    expect(snap.problem).toMatch(/^citation counts unavailable: Semantic Scholar did not answer within 300 ms; showing counts from 2026-11-30$/);
    expect(snap.papers.get('2502.05075')?.citationCount).toBe(12);
  });

  it('malformed JSON, or JSON that is not the list asked for: "not JSON" / "not the list"', async () => {
    const first = await failAfterSuccess(() => s2.rawNext('[{"citationCount": 12, "ven'));
    expect(first.snap.problem).toBe('citation counts unavailable: Semantic Scholar sent an answer that is not JSON; showing counts from 2026-11-30');
    s2.rawNext(JSON.stringify({ data: [] }));
    const second = await service().refresh();
    expect(second).toMatchObject({ ok: false, error: 'Semantic Scholar sent an answer that is not the list of papers asked for' });
    s2.rawNext(JSON.stringify([{ citationCount: -3 }, null, null]));
    expect(await service().refresh()).toMatchObject({ ok: false, error: 'Semantic Scholar sent a paper entry in an unexpected shape' });
    expect(service().snapshot().papers.get('2502.05075')?.citationCount).toBe(12);
  });

  it('unreachable (a closed local port): "could not be reached"', async () => {
    const closed = await new Promise<number>((resolve) => {
      const srv = createServer();
      srv.listen(0, '127.0.0.1', () => {
        const { port } = srv.address() as { port: number };
        srv.close(() => resolve(port));
      });
    });
    const { snap } = await failAfterSuccess(() => undefined, `http://127.0.0.1:${closed}`);
    expect(snap.problem).toMatch(/^citation counts unavailable: Semantic Scholar could not be reached( \(ECONNREFUSED\))?; showing counts from 2026-11-30$/);
    expect(snap.papers.get('2502.05075')?.citationCount).toBe(12);
  });

  it('with nothing cached yet, says so instead of showing zeros', async () => {
    s2.statusNext(403);
    const svc = service();
    await svc.refresh();
    const snap = svc.snapshot();
    expect(snap.papers.size).toBe(0);
    expect(snap.asOf).toBeNull();
    expect(snap.problem).toBe('citation counts unavailable: Semantic Scholar refused (403); no counts fetched yet');
  });

  it('the client itself rejects with a typed S2Error the service turns into that message', async () => {
    s2.statusNext(403);
    await expect(new S2Client({ apiUrl: s2.url, minIntervalMs: 0 }).fetchPapers(IDS)).rejects.toMatchObject({ name: 'S2Error', kind: 'refused', status: 403 });
    expect(S2Error).toBeDefined();
  });
});

describe('stopping the bot', () => {
  it('ends a refresh that is waiting out a retry, records nothing, and asks no more', async () => {
    s2.statusAlways(500);
    const config = loadConfig({ DATA_DIR: dir, S2_API_URL: s2.url }, 'cli');
    const logger = createLogger({ level: 'silent' });
    // The production client: seconds of back-off between retries, which stop() must not sit out.
    const svc = createCitationService(config, store, logger, { paperIds: () => IDS, now: () => clock });
    const refresh = svc.refresh();
    while (s2.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    await svc.stop();
    expect(await refresh).toMatchObject({ ok: false, error: 'stopped' });
    expect(s2.requests).toHaveLength(1);
    // A stopped refresh is not a failure of Semantic Scholar: the next start tries again at once.
    const snap = createCitationService(config, store, logger, { paperIds: () => IDS, now: () => clock });
    expect(snap.snapshot().problem).toBeNull();
    await snap.stop();
  });
});

describe('configuration and secrecy of the key', () => {
  it('S2_API_URL defaults to Semantic Scholar; a bad URL is named; the key is optional', () => {
    expect(loadConfig({}, 'cli').s2).toEqual({ apiUrl: 'https://api.semanticscholar.org', apiKey: undefined });
    expect(() => loadConfig({ S2_API_URL: 'not a url' }, 'cli')).toThrow(/S2_API_URL: expected an http\(s\) URL/);
    expect(loadConfig({ S2_API_KEY: KEY, S2_API_URL: 'http://127.0.0.1:9/' }, 'cli').s2).toEqual({ apiUrl: 'http://127.0.0.1:9', apiKey: KEY });
  });

  it('the logger scrubs the key from messages and redacts it in apiKey and x-api-key fields', () => {
    const lines: string[] = [];
    const config = loadConfig({ S2_API_KEY: KEY }, 'cli');
    const logger = createLogger({ level: 'info', secrets: configSecrets(config), destination: { write: (s: string) => void lines.push(s) } });
    logger.info({ apiKey: KEY, request: { headers: { 'x-api-key': KEY } } }, `calling with ${KEY}`);
    logger.error({ err: new Error(`refused key ${KEY}`) }, 'failed');
    expect(lines.join('')).not.toContain(KEY);
    expect(lines.join('')).toContain('[redacted]');
  });
});
