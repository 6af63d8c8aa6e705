/**
 * The emulator's HTTP side: a node:http server on 127.0.0.1 that parses Discord-style requests (JSON or
 * multipart with `payload_json`), checks the bot token, applies injected faults, routes to the REST
 * handlers and records every request with the status it got.
 */
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { apiError, type DiscordErrorBody } from './errors.js';
import { defaultFaultBody, FaultInjector } from './faults.js';

/** One REST request as the emulator saw it. */
export interface RecordedRequest {
  /** Sequence number, from 0. */
  seq: number;
  method: string;
  /** Route path after `/api/v10`, tokens intact, without the query string. */
  path: string;
  /** Query parameters. */
  query: Record<string, string>;
  /** Parsed JSON body (for multipart: the parsed `payload_json`); `undefined` without a body. */
  body: unknown;
  /** Files of a multipart request. */
  files: Array<{ field: string; name: string; size: number; contentType: string }>;
  /** Whether a valid `Authorization: Bot <token>` header came with it (`null` when none was sent). */
  authorized: boolean | null;
  /** The name of the route that handled it (`'unknown'` for a 404 on an unknown route, `'fault'` when injected). */
  route: string;
  status: number;
  /** The JSON body answered, if any. */
  response: unknown;
  /** Whether an injected fault answered it. */
  injected: boolean;
  /** `Date.now()` when the request arrived and when the answer was sent. */
  receivedAt: number;
  answeredAt: number;
  /** `performance.now()` at answer time, for latency measurements. */
  answeredAtPerf: number;
}

/** What a route handler gets. */
export interface RouteContext {
  method: string;
  path: string;
  params: Record<string, string>;
  query: Record<string, string>;
  body: unknown;
  files: RecordedRequest['files'];
  authorized: boolean | null;
  /** Called by handlers when the answer counts as "seen" by the user; defaults to the send time. */
  request: RecordedRequest;
}

/** What a route handler returns. */
export interface RouteResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Run after the answer has been recorded (e.g. to notify reply waiters with the final record). */
  after?: (rec: RecordedRequest) => void;
}

/** A REST route. */
export interface Route {
  method: string;
  /** Path pattern like `/channels/:channel/messages/:message`. */
  pattern: string;
  name: string;
  /** Whether the bot token is required (false for interaction callbacks and webhooks, which the token in the path authorizes). */
  auth: boolean;
  handler: (ctx: RouteContext) => RouteResult | Promise<RouteResult>;
}

interface CompiledRoute extends Route {
  regex: RegExp;
  keys: string[];
}

function compile(route: Route): CompiledRoute {
  const keys: string[] = [];
  const source = route.pattern
    .split('/')
    .map((seg) => {
      if (seg.startsWith(':')) {
        keys.push(seg.slice(1));
        return '([^/]+)';
      }
      return seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return { ...route, regex: new RegExp(`^${source}$`), keys };
}

/** Options for {@link RestServer}. */
export interface RestServerOptions {
  botToken: string;
  faults: FaultInjector;
  /** The API version prefix served (`/api/v10`). */
  prefix: string;
}

/**
 * The HTTP server: REST under `prefix`, WebSocket upgrades handed to whoever listens on `server`'s
 * 'upgrade' event (the gateway).
 */
export class RestServer extends EventEmitter {
  readonly server: Server;
  readonly requests: RecordedRequest[] = [];
  private readonly routes: CompiledRoute[] = [];
  private seq = 0;

  constructor(private readonly opts: RestServerOptions) {
    super();
    this.server = createServer((req, res) => {
      void this.handle(req, res).catch((error: unknown) => {
        // A bug in a handler must surface in the test, not hang the client.
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ message: `emulator error: ${String(error)}`, code: 0 }));
        this.emit('handlerError', error);
      });
    });
    this.server.keepAliveTimeout = 5_000;
  }

  /** Registers routes (first match wins). */
  addRoutes(routes: Route[]): void {
    for (const r of routes) this.routes.push(compile(r));
  }

  /** Starts listening on 127.0.0.1; resolves with the port. */
  async listen(port: number): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => resolve());
    });
    const address = this.server.address();
    if (!address || typeof address === 'string') throw new Error('discord-emulator: no port');
    return address.port;
  }

  /** Stops the server and drops keep-alive connections. */
  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const receivedAt = Date.now();
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = (req.method ?? 'GET').toUpperCase();
    const raw = await readBody(req);
    const query = Object.fromEntries(url.searchParams.entries());
    const path = url.pathname.startsWith(this.opts.prefix) ? url.pathname.slice(this.opts.prefix.length) || '/' : url.pathname;
    const auth = req.headers.authorization;
    const authorized = auth === undefined ? null : auth === `Bot ${this.opts.botToken}`;

    const rec: RecordedRequest = {
      seq: this.seq++,
      method,
      path,
      query,
      body: undefined,
      files: [],
      authorized,
      route: 'unknown',
      status: 0,
      response: undefined,
      injected: false,
      receivedAt,
      answeredAt: 0,
      answeredAtPerf: 0,
    };

    try {
      const parsed = await parseBody(raw, req.headers['content-type']);
      rec.body = parsed.body;
      rec.files = parsed.files;
    } catch {
      return this.finish(res, rec, { status: 400, body: apiError(50109, 'The request body contains invalid JSON.') });
    }

    const fault = this.opts.faults.take(method, path);
    if (fault?.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
    if (fault && fault.status !== undefined) {
      rec.route = 'fault';
      rec.injected = true;
      return this.finish(res, rec, { status: fault.status, body: fault.body ?? defaultFaultBody(fault.status), headers: fault.headers });
    }

    if (!url.pathname.startsWith(this.opts.prefix + '/')) {
      return this.finish(res, rec, { status: 404, body: apiError(0, '404: Not Found') });
    }
    const match = this.match(method, path);
    if (match === 'method-not-allowed') {
      return this.finish(res, rec, { status: 405, body: apiError(0, '405: Method Not Allowed') });
    }
    if (!match) {
      return this.finish(res, rec, { status: 404, body: apiError(0, '404: Not Found') });
    }
    const { route, params } = match;
    rec.route = route.name;
    if (route.auth && authorized !== true) {
      return this.finish(res, rec, { status: 401, body: apiError(0, '401: Unauthorized') });
    }
    const result: RouteResult = await route.handler({ method, path, params, query, body: rec.body, files: rec.files, authorized, request: rec });
    this.finish(res, rec, result);
  }

  private match(method: string, path: string): { route: CompiledRoute; params: Record<string, string> } | 'method-not-allowed' | undefined {
    let pathMatched = false;
    for (const route of this.routes) {
      const m = route.regex.exec(path);
      if (!m) continue;
      pathMatched = true;
      if (route.method !== method) continue;
      const params: Record<string, string> = {};
      route.keys.forEach((k, i) => (params[k] = decodeURIComponent(m[i + 1]!)));
      return { route, params };
    }
    return pathMatched ? 'method-not-allowed' : undefined;
  }

  private finish(res: ServerResponse, rec: RecordedRequest, result: RouteResult): void {
    const headers: Record<string, string> = { ...(result.headers ?? {}) };
    let payload: string | undefined;
    if (result.body !== undefined && result.status !== 204) {
      payload = JSON.stringify(result.body);
      headers['content-type'] = 'application/json';
    }
    rec.status = result.status;
    rec.response = result.body;
    rec.answeredAt = Date.now();
    rec.answeredAtPerf = performance.now();
    this.requests.push(rec);
    res.writeHead(result.status, headers);
    res.end(payload);
    result.after?.(rec);
    this.emit('request', rec);
  }
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function parseBody(raw: Buffer, contentType: string | undefined): Promise<{ body: unknown; files: RecordedRequest['files'] }> {
  if (raw.length === 0) return { body: undefined, files: [] };
  const ct = contentType ?? '';
  if (ct.startsWith('multipart/form-data')) {
    const form = await new Response(raw, { headers: { 'content-type': ct } }).formData();
    const files: RecordedRequest['files'] = [];
    let body: unknown;
    for (const [field, value] of form.entries()) {
      if (typeof value === 'string') {
        if (field === 'payload_json') body = JSON.parse(value);
      } else {
        files.push({ field, name: value.name, size: value.size, contentType: value.type });
      }
    }
    return { body, files };
  }
  return { body: JSON.parse(raw.toString('utf8')) as unknown, files: [] };
}

/** Type guard for Discord error bodies in recorded responses. */
export function isDiscordError(value: unknown): value is DiscordErrorBody {
  return typeof value === 'object' && value !== null && 'code' in value && 'message' in value;
}
