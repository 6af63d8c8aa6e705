/**
 * A local stand-in for arXiv's query API (`/api/query`) and author feeds (`/a/<id>.atom2`, for papers
 * whose `authorIds` name that author id or ORCID; 404 for ids no paper names) on 127.0.0.1, for tests that
 * must never reach the real arXiv. It answers `search_query` (au:, ti:, abs:, cat:, id:, all:, submittedDate:[A TO B] with AND/OR/ANDNOT and brackets),
 * `id_list` (unknown ids dropped silently, malformed ones answered with arXiv's error feed), `start`,
 * `max_results`, `sortBy` and `sortOrder`, from papers held in memory, in either response format.
 *
 * Faults are queued and consumed one per request, in order: `failNext`, `rateExceeded`, `malformedNext`,
 * `hangNext`, `errorNext`, `rawNext`/`fixtureNext`, `floodNext`. Every request is logged with its arrival time so a test
 * can check the client's pacing.
 *
 *   const arxiv = await startArxivServer({ papers: [...] });
 *   const config = loadConfig({ ...env, ARXIV_API_URL: arxiv.url }, 'cli');
 *   ...
 *   await arxiv.close();
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArxivId } from '../../src/corpus/ids.js';
import { authorFeedXml, errorFeedXml, feedXml, timestampOf, type FakePaper, type FeedFormat } from './arxiv-feeds.js';

export type { FakePaper, FeedFormat } from './arxiv-feeds.js';
export { authorFeedXml, errorFeedXml, fakePaperFromPaper, feedXml } from './arxiv-feeds.js';

/** Where the recorded arXiv responses live (copied from the shared material; see its README). */
export const ARXIV_FIXTURES_DIR = new URL('../fixtures/arxiv/', import.meta.url);

/** One request as the fake server saw it. */
export interface RecordedRequest {
  /** Arrival time, epoch milliseconds. */
  at: number;
  method: string;
  path: string;
  /** Query parameters, decoded. */
  params: Record<string, string>;
  userAgent: string | undefined;
  /** What was served: `feed`, `error-feed`, or the fault's name (`status-503`, `rate-exceeded`, …). */
  served: string;
}

/** Options for {@link startArxivServer}. */
export interface ArxivServerOptions {
  papers?: readonly FakePaper[];
  /** Response format; default `new` (what arXiv serves today). */
  format?: FeedFormat;
}

/** The running fake. */
export interface ArxivServer {
  /** The query endpoint, to pass as `ARXIV_API_URL`. */
  readonly url: string;
  /** The base of author feeds, to pass as `ARXIV_FEED_URL`. */
  readonly feedUrl: string;
  readonly port: number;
  /** Response format of generated feeds; may be switched between requests. */
  format: FeedFormat;
  /** Every request received, in arrival order. */
  readonly requests: RecordedRequest[];
  /** The most requests that were ever in progress at once (arXiv wants one connection at a time). */
  readonly maxInFlight: number;
  /** The papers currently held. */
  papers(): FakePaper[];
  /** Replaces all papers. */
  setPapers(papers: readonly FakePaper[]): void;
  /** Adds a paper, or replaces the one with the same id (e.g. its v2). */
  upsertPaper(paper: FakePaper): void;
  removePaper(id: string): void;
  /** The next `times` requests get this status, body (default a short text) and headers. */
  failNext(fault: { status: number; body?: string; headers?: Record<string, string> }, times?: number): void;
  /** The next `times` requests get arXiv's plain-text "Rate exceeded." with status 200 or 503 (default 503). */
  rateExceeded(status?: 200 | 503, times?: number): void;
  /** The next `times` requests get a feed cut off mid-entry (`truncated`) or an HTML page with status 200. */
  malformedNext(kind?: 'truncated' | 'html', times?: number): void;
  /** The next request is answered normally, but only after `ms`: long enough to trip a client's timeout. */
  hangNext(ms: number, times?: number): void;
  /** The next request gets arXiv's error feed with this message (HTTP 400). */
  errorNext(message: string): void;
  /** The next request gets exactly this body. */
  rawNext(body: string, options?: { status?: number; contentType?: string }): void;
  /**
   * The next `times` requests get a feed of all these papers at once, whatever `start` and `max_results`
   * asked (arXiv misbehaving, or a flood of entries): an API feed for a query, an author feed for `/a/`.
   */
  floodNext(papers: readonly FakePaper[], times?: number): void;
  /** The next request gets one of the recorded fixture files verbatim, e.g. `id-list-missing-ids.xml`. */
  fixtureNext(name: string): void;
  /** Faults still queued. */
  pendingFaults(): number;
  /** Drops queued faults and the request log. */
  reset(): void;
  close(): Promise<void>;
}

type Reply = (req: IncomingMessage, res: ServerResponse, answer: () => void) => void;
interface Fault {
  name: string;
  reply: Reply;
}

// ---- search_query evaluation ---------------------------------------------------------------------------

/** Lower case, accents and punctuation removed, words separated by single spaces. */
function norm(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

function containsSequence(haystack: string[], needle: string[]): boolean {
  if (needle.length === 0) return false;
  for (let i = 0; i + needle.length <= haystack.length; i++) {
    if (needle.every((w, j) => haystack[i + j] === w)) return true;
  }
  return false;
}

function nameOf(a: FakePaper['authors'][number]): string {
  return typeof a === 'string' ? a : a.name;
}

/**
 * Author matching as arXiv does it, per author: a phrase (`au:"Qi Lei"`) must appear as those words in that
 * order within one author's name; `au:Lei_Q` / `au:del_maestro` is surname then forename prefix, or the
 * words joined; a single word matches any word of a name.
 */
function authorMatches(paper: FakePaper, value: string, phrase: boolean): boolean {
  const names = paper.authors.map((a) => norm(nameOf(a)).split(' ').filter(Boolean));
  if (!phrase && value.includes('_')) {
    const parts = norm(value.replace(/_/g, ' ')).split(' ');
    const [surname, forename] = parts;
    return names.some((n) => containsSequence(n, parts) || (parts.length === 2 && n.at(-1) === surname && !!forename && (n[0] ?? '').startsWith(forename)));
  }
  const words = norm(value).split(' ').filter(Boolean);
  return names.some((n) => (words.length === 1 ? n.includes(words[0]!) : containsSequence(n, words)));
}

function textMatches(text: string, value: string): boolean {
  const hay = ` ${norm(text)} `;
  const words = norm(value);
  return words !== '' && hay.includes(` ${words} `);
}

function termMatches(paper: FakePaper, field: string, value: string, phrase: boolean): boolean {
  switch (field) {
    case 'au':
      return authorMatches(paper, value, phrase);
    case 'ti':
      return textMatches(paper.title, value);
    case 'abs':
      return textMatches(paper.summary ?? '', value);
    case 'co':
      return textMatches(paper.comment ?? '', value);
    case 'jr':
      return textMatches(paper.journalRef ?? '', value);
    case 'cat':
      return paper.categories.some((c) => (value.endsWith('*') ? c.startsWith(value.slice(0, -1)) : c === value));
    case 'id':
      return paper.id === (parseArxivId(value)?.id ?? value);
    case 'all':
      return (
        authorMatches(paper, value, phrase) || textMatches(paper.title, value) || textMatches(paper.summary ?? '', value) || paper.categories.includes(value)
      );
    case 'submittedDate':
    case 'lastUpdatedDate': {
      const [from, to] = value.split(' ') as [string, string];
      const stamp = timestampOf(field === 'submittedDate' ? paper.published : (paper.updated ?? paper.published))
        .replace(/[-T:]/g, '')
        .slice(0, 12);
      return stamp >= from.padEnd(12, '0') && stamp <= to.padEnd(12, '0');
    }
    default:
      throw new Error(`unknown field prefix "${field}:"`);
  }
}

type Token =
  { kind: 'op'; op: 'AND' | 'OR' | 'ANDNOT' } | { kind: 'open' } | { kind: 'close' } | { kind: 'term'; field: string; value: string; phrase: boolean };

function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < query.length) {
    const ch = query[i]!;
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === '(') {
      tokens.push({ kind: 'open' });
      i++;
    } else if (ch === ')') {
      tokens.push({ kind: 'close' });
      i++;
    } else {
      const rest = query.slice(i);
      const op = /^(ANDNOT|AND|OR)(?=[\s(]|$)/.exec(rest);
      if (op) {
        tokens.push({ kind: 'op', op: op[1] as 'AND' | 'OR' | 'ANDNOT' });
        i += op[1]!.length;
        continue;
      }
      // arXiv's date range: submittedDate:[YYYYMMDDHHMM TO YYYYMMDDHHMM] (GMT), on the first version's date.
      const range = /^(submittedDate|lastUpdatedDate):\[(\d{8,12}) TO (\d{8,12})\]/.exec(rest);
      if (range) {
        tokens.push({ kind: 'term', field: range[1]!, value: `${range[2]} ${range[3]}`, phrase: false });
        i += range[0].length;
        continue;
      }
      const term = /^(?:(\w+):)?(?:"([^"]*)"|([^\s()"]+))/.exec(rest);
      if (!term) throw new Error(`cannot read the query at "${rest}"`);
      tokens.push({ kind: 'term', field: term[1] ?? 'all', value: term[2] ?? term[3] ?? '', phrase: term[2] !== undefined });
      i += term[0].length;
    }
  }
  return tokens;
}

/** Evaluates a search_query left to right (arXiv gives AND/OR/ANDNOT no precedence); brackets group. */
function compileQuery(query: string): (p: FakePaper) => boolean {
  const tokens = tokenize(query);
  let pos = 0;
  const operand = (): ((p: FakePaper) => boolean) => {
    const t = tokens[pos++];
    if (!t) throw new Error('query ends too early');
    if (t.kind === 'open') {
      const inner = expression();
      if (tokens[pos++]?.kind !== 'close') throw new Error('unbalanced brackets');
      return inner;
    }
    if (t.kind === 'term') return (p) => termMatches(p, t.field, t.value, t.phrase);
    throw new Error('expected a term');
  };
  const expression = (): ((p: FakePaper) => boolean) => {
    let left = operand();
    for (;;) {
      const t = tokens[pos];
      if (!t || t.kind === 'close') return left;
      // Adjacent terms without an operator: OR, as arXiv's search engine treats them.
      const op = t.kind === 'op' ? (pos++, t.op) : 'OR';
      const right = operand();
      const l = left;
      left = op === 'AND' ? (p) => l(p) && right(p) : op === 'OR' ? (p) => l(p) || right(p) : (p) => l(p) && !right(p);
    }
  };
  const matcher = expression();
  if (pos !== tokens.length) throw new Error('unbalanced brackets');
  return matcher;
}

// ---- the server -----------------------------------------------------------------------------------------

class QueryError extends Error {}

/**
 * Starts the fake arXiv API on 127.0.0.1 with a random port.
 */
export async function startArxivServer(options: ArxivServerOptions = {}): Promise<ArxivServer> {
  let papers = new Map<string, FakePaper>();
  for (const p of options.papers ?? []) papers.set(p.id, { ...p });
  const faults: Fault[] = [];
  const requests: RecordedRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let inFlight = 0;
  let maxInFlight = 0;

  const state = { format: options.format ?? ('new' as FeedFormat) };

  function send(res: ServerResponse, status: number, body: string, contentType: string, headers: Record<string, string> = {}): void {
    if (res.destroyed || res.writableEnded) return;
    res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body), ...headers });
    res.end(body);
  }

  function answerQuery(params: URLSearchParams): { status: number; body: string; served: string } {
    const fmt = state.format;
    const intParam = (name: string, fallback: number, message: string): number => {
      const raw = params.get(name);
      if (raw === null || raw === '') return fallback;
      if (!/^\d+$/.test(raw)) throw new QueryError(message);
      return Number(raw);
    };
    try {
      const start = intParam('start', 0, 'start must be an integer');
      const maxResults = intParam('max_results', 10, 'max_results must be an integer');
      const searchQuery = params.get('search_query') ?? '';
      const idList = params.get('id_list') ?? '';
      const sortBy = params.get('sortBy') ?? 'relevance';
      const sortOrder = params.get('sortOrder') ?? 'descending';
      if (!['relevance', 'lastUpdatedDate', 'submittedDate'].includes(sortBy))
        throw new QueryError(`sortBy must be in: relevance, lastUpdatedDate, submittedDate`);
      if (!['ascending', 'descending'].includes(sortOrder)) throw new QueryError('sortOrder must be in: ascending, descending');

      let matches: FakePaper[];
      if (idList.trim()) {
        matches = [];
        for (const raw of idList
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)) {
          const parsed = parseArxivId(raw);
          if (!parsed || parsed.id !== raw.replace(/v\d+$/, '')) throw new QueryError(`incorrect id format for ${raw}`);
          const paper = papers.get(parsed.id);
          const latest = paper?.version ?? 1;
          // A version that does not exist yet is dropped, like an unknown id.
          if (!paper || (parsed.version !== undefined && parsed.version > latest)) continue;
          matches.push(parsed.version !== undefined ? { ...paper, version: parsed.version } : paper);
        }
      } else {
        matches = [...papers.values()];
      }
      if (searchQuery.trim()) {
        let matcher: (p: FakePaper) => boolean;
        try {
          matcher = compileQuery(searchQuery);
        } catch (err) {
          throw new QueryError(`malformed search query: ${(err as Error).message}`);
        }
        matches = matches.filter(matcher);
      } else if (!idList.trim()) {
        matches = [];
      }
      if (sortBy !== 'relevance' && !(idList.trim() && !params.has('sortBy'))) {
        const key = (p: FakePaper) => timestampOf(sortBy === 'submittedDate' ? p.published : (p.updated ?? p.published));
        matches.sort((a, b) => key(a).localeCompare(key(b)) * (sortOrder === 'ascending' ? 1 : -1));
      }
      const page = matches.slice(start, start + maxResults);
      const body = feedXml(page, {
        format: fmt,
        totalResults: matches.length,
        startIndex: start,
        itemsPerPage: maxResults,
        query: { searchQuery, idList, start, maxResults },
      });
      return { status: 200, body, served: 'feed' };
    } catch (err) {
      if (err instanceof QueryError) return { status: 400, body: errorFeedXml(err.message, { format: fmt }), served: 'error-feed' };
      throw err;
    }
  }

  const server = createServer((req, res) => {
    const at = Date.now();
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const record: RecordedRequest = {
      at,
      method: req.method ?? 'GET',
      path: url.pathname,
      params: Object.fromEntries(url.searchParams),
      userAgent: req.headers['user-agent'],
      served: '',
    };
    requests.push(record);
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    res.once('close', () => inFlight--);
    // Drain any request body so the connection stays usable; nothing in it is read.
    req.resume();

    const answer = () => {
      const authorFeed = /^\/a\/([^/]+)\.atom2$/.exec(url.pathname);
      if (authorFeed) {
        const id = decodeURIComponent(authorFeed[1]!);
        const listed = [...papers.values()].filter((p) => p.authorIds?.includes(id));
        // arXiv answers an id it does not know with a 404 page; an id no paper names is unknown here.
        if (listed.length === 0) {
          record.served = record.served ? `${record.served}+not-found` : 'not-found';
          return send(res, 404, 'Not Found', 'text/plain');
        }
        record.served = record.served ? `${record.served}+author-feed` : 'author-feed';
        return send(res, 200, authorFeedXml(id, listed), 'application/atom+xml; charset=utf-8');
      }
      if (url.pathname !== '/api/query') {
        record.served = 'not-found';
        return send(res, 404, 'Not Found', 'text/plain');
      }
      // Only query-string parameters are read: the client uses GET.
      const { status, body, served } = answerQuery(url.searchParams);
      record.served = record.served ? `${record.served}+${served}` : served;
      send(res, status, body, 'application/atom+xml; charset=utf-8');
    };

    const fault = faults.shift();
    if (fault) {
      record.served = fault.name;
      fault.reply(req, res, answer);
    } else {
      answer();
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  const queue = (times: number, fault: Fault) => {
    for (let i = 0; i < times; i++) faults.push(fault);
  };

  const api: ArxivServer = {
    url: `http://127.0.0.1:${port}/api/query`,
    feedUrl: `http://127.0.0.1:${port}/a`,
    port,
    get format() {
      return state.format;
    },
    set format(f: FeedFormat) {
      state.format = f;
    },
    requests,
    get maxInFlight() {
      return maxInFlight;
    },
    papers: () => [...papers.values()],
    setPapers(list) {
      papers = new Map(list.map((p) => [p.id, { ...p }]));
    },
    upsertPaper(paper) {
      papers.set(paper.id, { ...paper });
    },
    removePaper(id) {
      papers.delete(id);
    },
    failNext({ status, body, headers }, times = 1) {
      queue(times, {
        name: `status-${status}`,
        reply: (_req, res) => send(res, status, body ?? `fake arXiv: HTTP ${status}`, 'text/plain; charset=utf-8', headers),
      });
    },
    rateExceeded(status = 503, times = 1) {
      queue(times, { name: 'rate-exceeded', reply: (_req, res) => send(res, status, 'Rate exceeded.', 'text/plain; charset=utf-8') });
    },
    malformedNext(kind = 'truncated', times = 1) {
      queue(times, {
        name: `malformed-${kind}`,
        reply: (_req, res) => {
          if (kind === 'html') {
            return send(
              res,
              200,
              '<!DOCTYPE html>\n<html><head><title>Bad Gateway</title></head><body><h1>Bad Gateway</h1><p>The proxy server received an invalid response.<br></p></body></html>',
              'text/html',
            );
          }
          const sample: FakePaper = {
            id: '2101.00001',
            title: 'Truncated',
            authors: ['A. Author'],
            summary: 'x '.repeat(200),
            published: '2021-01-04',
            categories: ['cs.LG'],
          };
          const full = feedXml([sample, sample], { format: state.format });
          send(res, 200, full.slice(0, Math.floor(full.length * 0.6)), 'application/atom+xml; charset=utf-8');
        },
      });
    },
    hangNext(ms, times = 1) {
      queue(times, {
        name: `hang-${ms}ms`,
        reply: (_req, res, answer) => {
          const timer = setTimeout(() => {
            timers.delete(timer);
            if (!res.destroyed) answer();
          }, ms);
          timers.add(timer);
        },
      });
    },
    errorNext(message) {
      queue(1, {
        name: 'error-feed',
        reply: (_req, res) => send(res, 400, errorFeedXml(message, { format: state.format }), 'application/atom+xml; charset=utf-8'),
      });
    },
    rawNext(body, { status = 200, contentType = 'application/atom+xml; charset=utf-8' } = {}) {
      queue(1, { name: 'raw', reply: (_req, res) => send(res, status, body, contentType) });
    },
    floodNext(list, times = 1) {
      queue(times, {
        name: `flood-${list.length}`,
        reply: (req, res) => {
          const authorFeed = /^\/a\/([^/?]+)\.atom2/.exec(req.url ?? '');
          const body = authorFeed
            ? authorFeedXml(decodeURIComponent(authorFeed[1]!), list)
            : feedXml(list, { format: state.format, totalResults: list.length, itemsPerPage: list.length });
          send(res, 200, body, 'application/atom+xml; charset=utf-8');
        },
      });
    },
    fixtureNext(name) {
      const body = readFileSync(new URL(name, ARXIV_FIXTURES_DIR), 'utf8');
      queue(1, { name: `fixture-${name}`, reply: (_req, res) => send(res, 200, body, 'application/atom+xml; charset=utf-8') });
    },
    pendingFaults: () => faults.length,
    reset() {
      faults.length = 0;
      requests.length = 0;
      maxInFlight = inFlight;
    },
    async close() {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return api;
}
