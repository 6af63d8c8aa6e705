/**
 * A local stand-in for Semantic Scholar's paper batch endpoint (`POST /graph/v1/paper/batch`) on 127.0.0.1,
 * shaped after the published API documentation (see tests/fixtures/s2/README.md). It answers from figures
 * held in memory: an array aligned with the ids asked for, `null` for ids it does not know.
 *
 * Faults are queued and consumed one per request: `statusNext(429, { retryAfter: '1' })`, `hangNext()`,
 * `rawNext('not json')`; `statusAlways(500)` fails every request until `clearFaults()`. Every request is
 * logged (arrival time, ids, headers) so tests can check batching, pacing and the key header.
 *
 *   const s2 = await startS2Server({ papers: { '2502.05075': { citationCount: 12 } } });
 *   const client = new S2Client({ apiUrl: s2.url });
 *   ...
 *   await s2.close();
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Where the fixtures live. */
export const S2_FIXTURES_DIR = new URL('../fixtures/s2/', import.meta.url);

/** Reads one fixture file as text. */
export function s2Fixture(name: string): string {
  return readFileSync(new URL(name, S2_FIXTURES_DIR), 'utf8');
}

/** What the fake knows about one arXiv paper. */
export interface FakeS2Paper {
  citationCount: number;
  venue?: string;
}

/** One request as the fake saw it. */
export interface S2Request {
  at: number;
  method: string;
  path: string;
  fields: string | null;
  ids: string[];
  apiKey: string | undefined;
  served: string;
}

type Fault = { kind: 'status'; status: number; body: string; retryAfter?: string } | { kind: 'hang' } | { kind: 'raw'; body: string };

/** The running fake. */
export interface S2Server {
  /** The API root, to pass as `S2_API_URL`. */
  readonly url: string;
  readonly requests: S2Request[];
  papers: Record<string, FakeS2Paper>;
  statusNext(status: number, options?: { retryAfter?: string; body?: string }): void;
  statusAlways(status: number, body?: string): void;
  hangNext(): void;
  rawNext(body: string): void;
  clearFaults(): void;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Starts the fake on a free port of 127.0.0.1. */
export async function startS2Server(options: { papers?: Record<string, FakeS2Paper> } = {}): Promise<S2Server> {
  const queue: Fault[] = [];
  let always: Fault | null = null;
  const hanging = new Set<ServerResponse>();
  const requests: S2Request[] = [];
  const state = { papers: { ...(options.papers ?? {}) } };

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const text = await readBody(req);
    let ids: string[] = [];
    try {
      const parsed = JSON.parse(text) as { ids?: unknown };
      if (Array.isArray(parsed.ids)) ids = parsed.ids.map(String);
    } catch {
      // Logged with no ids; the route check below answers 400.
    }
    const key = req.headers['x-api-key'];
    const rec: S2Request = {
      at: Date.now(),
      method: req.method ?? '',
      path: url.pathname,
      fields: url.searchParams.get('fields'),
      ids,
      apiKey: typeof key === 'string' ? key : undefined,
      served: '',
    };
    requests.push(rec);
    const fault = queue.shift() ?? always;
    if (fault?.kind === 'hang') {
      rec.served = 'hang';
      hanging.add(res);
      res.on('close', () => hanging.delete(res));
      return;
    }
    if (fault?.kind === 'raw') {
      rec.served = 'raw';
      res.writeHead(200, { 'content-type': 'application/json' }).end(fault.body);
      return;
    }
    if (fault?.kind === 'status') {
      rec.served = `status-${fault.status}`;
      res.writeHead(fault.status, { 'content-type': 'application/json', ...(fault.retryAfter ? { 'retry-after': fault.retryAfter } : {}) }).end(fault.body);
      return;
    }
    if (req.method !== 'POST' || url.pathname !== '/graph/v1/paper/batch' || ids.length === 0) {
      rec.served = 'bad-request';
      res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'Unrecognized or unsupported request' }));
      return;
    }
    if (ids.length > 500) {
      rec.served = 'too-many';
      res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: '-- ids: at most 500 ids per request' }));
      return;
    }
    rec.served = 'batch';
    const body = ids.map((id, i) => {
      const arxivId = id.replace(/^ARXIV:/i, '');
      const p = state.papers[arxivId];
      if (!p) return null;
      return { paperId: `s2-${i}-${arxivId}`, externalIds: { ArXiv: arxivId, CorpusId: 1000 + i }, venue: p.venue ?? '', citationCount: p.citationCount };
    });
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    get papers() {
      return state.papers;
    },
    set papers(p) {
      state.papers = p;
    },
    statusNext: (status, o = {}) =>
      queue.push({
        kind: 'status',
        status,
        body: o.body ?? JSON.stringify({ message: `status ${status}` }),
        ...(o.retryAfter ? { retryAfter: o.retryAfter } : {}),
      }),
    statusAlways: (status, body) => void (always = { kind: 'status', status, body: body ?? JSON.stringify({ message: `status ${status}` }) }),
    hangNext: () => queue.push({ kind: 'hang' }),
    rawNext: (body) => queue.push({ kind: 'raw', body }),
    clearFaults: () => {
      queue.length = 0;
      always = null;
    },
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
