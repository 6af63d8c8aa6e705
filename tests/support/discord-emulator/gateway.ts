/**
 * The WebSocket gateway, speaking Discord's protocol v10 with JSON encoding: HELLO, IDENTIFY → READY and
 * one GUILD_CREATE per guild, heartbeats and ACKs, RESUME → replay of missed events → RESUMED, INVALID
 * SESSION, RECONNECT, sequence numbers per session, and the close codes Discord uses.
 *
 * discord.js 14 asks for `compress=zlib-stream` only when the optional `zlib-sync` package is installed;
 * the emulator supports it anyway (one deflate context per connection, flushed with Z_SYNC_FLUSH and so
 * ending in 00 00 ff ff, as Discord sends it).
 */
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { constants as zc, createDeflate, type Deflate } from 'node:zlib';
import { WebSocketServer, type WebSocket } from 'ws';

type Obj = Record<string, unknown>;

/** Gateway opcodes. */
export const Op = {
  Dispatch: 0,
  Heartbeat: 1,
  Identify: 2,
  PresenceUpdate: 3,
  VoiceStateUpdate: 4,
  Resume: 6,
  Reconnect: 7,
  RequestGuildMembers: 8,
  InvalidSession: 9,
  Hello: 10,
  HeartbeatAck: 11,
} as const;

/** Gateway close codes the emulator sends. */
export const CloseCode = {
  UnknownError: 4000,
  UnknownOpcode: 4001,
  DecodeError: 4002,
  NotAuthenticated: 4003,
  AuthenticationFailed: 4004,
  AlreadyAuthenticated: 4005,
  InvalidSeq: 4007,
  SessionTimedOut: 4009,
  InvalidShard: 4010,
  InvalidApiVersion: 4012,
  InvalidIntents: 4013,
  DisallowedIntents: 4014,
} as const;

/** Intent bits Discord treats as privileged (must be enabled in the developer portal). */
export const PRIVILEGED_INTENTS = (1 << 1) | (1 << 8) | (1 << 15);
const GUILDS_INTENT = 1 << 0;
const REPLAY_BUFFER = 1000;

/** One gateway frame in the log. */
export interface GatewayLogEntry {
  connection: number;
  direction: 'in' | 'out';
  op: number;
  t?: string | null;
  s?: number | null;
  at: number;
}

/** A gateway session (survives its socket until invalidated, so it can be resumed). */
export interface GatewaySession {
  id: string;
  seq: number;
  intents: number;
  shard: [number, number];
  invalid: boolean;
  connection: GatewayConnection | null;
  /** Dispatched events, for replay on RESUME. */
  buffer: Array<{ s: number; t: string; d: unknown }>;
  identifiedAt: number;
  lastAttachedAt: number;
}

/** One WebSocket connection. */
export interface GatewayConnection {
  id: number;
  ws: WebSocket;
  path: string;
  query: Record<string, string>;
  session: GatewaySession | null;
  /** True once IDENTIFY or RESUME succeeded and the initial events were sent. */
  ready: boolean;
  deflate: Deflate | null;
  sendChain: Promise<void>;
  heartbeats: number;
  closed: boolean;
}

/** What the gateway needs from the rest of the emulator. */
export interface GatewayOptions {
  server: Server;
  botToken: string;
  heartbeatIntervalMs: number;
  /** Intents the application may use beyond the unprivileged ones. */
  privilegedIntents: number;
  /** Paths accepted for the upgrade: the gateway URL and the resume URL. */
  paths: string[];
  resumeUrl: () => string;
  /** READY's `d` minus session fields, and the GUILD_CREATE payloads, for a shard. */
  buildReady: (shard: [number, number]) => { ready: Obj; guilds: Obj[] };
}

/** The outcome {@link GatewayServer.waitForReady} reports. */
export interface ReadyInfo {
  sessionId: string;
  resumed: boolean;
}

/** The gateway server, attached to the emulator's HTTP server through its 'upgrade' event. */
export class GatewayServer extends EventEmitter {
  readonly sessions = new Map<string, GatewaySession>();
  readonly connections = new Set<GatewayConnection>();
  readonly log: GatewayLogEntry[] = [];
  /** Answer heartbeats (turn off to make the client see a zombie connection). */
  ackHeartbeats = true;
  identifyCount = 0;
  resumeCount = 0;
  private nextConnectionId = 1;
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => this.upgrade(req, socket, head);

  constructor(private readonly opts: GatewayOptions) {
    super();
    opts.server.on('upgrade', this.onUpgrade);
  }

  private upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (!this.opts.paths.includes(url.pathname.replace(/\/$/, ''))) {
      socket.end('HTTP/1.1 404 Not Found\r\n\r\n');
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, url));
  }

  private accept(ws: WebSocket, url: URL): void {
    const query = Object.fromEntries(url.searchParams.entries());
    const conn: GatewayConnection = {
      id: this.nextConnectionId++,
      ws,
      path: url.pathname,
      query,
      session: null,
      ready: false,
      deflate: null,
      sendChain: Promise.resolve(),
      heartbeats: 0,
      closed: false,
    };
    this.connections.add(conn);
    ws.on('message', (data, isBinary) => this.receive(conn, data as Buffer, isBinary));
    ws.on('close', (code) => this.closed(conn, code));
    ws.on('error', () => {});

    const version = Number(query.v ?? '10');
    if (!Number.isInteger(version) || version < 6 || version > 10) {
      ws.close(CloseCode.InvalidApiVersion, 'Invalid API version');
      return;
    }
    if ((query.encoding ?? 'json') !== 'json') {
      // ETF needs erlpack; no discord.js default uses it.
      ws.close(CloseCode.DecodeError, 'The emulator speaks encoding=json only');
      return;
    }
    if (query.compress === 'zlib-stream') conn.deflate = createDeflate();
    else if (query.compress !== undefined) {
      ws.close(CloseCode.DecodeError, 'Unknown compression');
      return;
    }
    this.send(conn, { op: Op.Hello, d: { heartbeat_interval: this.opts.heartbeatIntervalMs, _trace: ['["discord-emulator",{"micros":0}]'] } });
  }

  private receive(conn: GatewayConnection, data: Buffer, isBinary: boolean): void {
    let payload: { op?: unknown; d?: unknown };
    try {
      if (isBinary) throw new Error('binary frames are not JSON');
      payload = JSON.parse(data.toString('utf8')) as typeof payload;
    } catch {
      conn.ws.close(CloseCode.DecodeError, 'Error while decoding payload.');
      return;
    }
    this.log.push({ connection: conn.id, direction: 'in', op: payload.op as number, at: Date.now() });
    switch (payload.op) {
      case Op.Heartbeat:
        conn.heartbeats++;
        if (this.ackHeartbeats) this.send(conn, { op: Op.HeartbeatAck });
        return;
      case Op.Identify:
        return this.identify(conn, (payload.d ?? {}) as Obj);
      case Op.Resume:
        return this.resume(conn, (payload.d ?? {}) as Obj);
      case Op.PresenceUpdate:
      case Op.VoiceStateUpdate:
      case Op.RequestGuildMembers:
        if (!conn.session) conn.ws.close(CloseCode.NotAuthenticated, 'Not authenticated.');
        return;
      default:
        conn.ws.close(CloseCode.UnknownOpcode, 'Unknown opcode.');
    }
  }

  /** IDENTIFY and RESUME both need an unauthenticated connection and the right token; closes it otherwise. */
  private authenticates(conn: GatewayConnection, d: Obj): boolean {
    if (conn.session) {
      conn.ws.close(CloseCode.AlreadyAuthenticated, 'Already authenticated.');
      return false;
    }
    if (d.token !== this.opts.botToken) {
      conn.ws.close(CloseCode.AuthenticationFailed, 'Authentication failed.');
      return false;
    }
    return true;
  }

  private identify(conn: GatewayConnection, d: Obj): void {
    if (!this.authenticates(conn, d)) return;
    const intents = d.intents;
    if (typeof intents !== 'number' || !Number.isInteger(intents) || intents < 0) {
      conn.ws.close(CloseCode.InvalidIntents, 'Invalid intent(s).');
      return;
    }
    if ((intents & PRIVILEGED_INTENTS & ~this.opts.privilegedIntents) !== 0) {
      conn.ws.close(CloseCode.DisallowedIntents, 'Disallowed intent(s).');
      return;
    }
    const shard = (Array.isArray(d.shard) ? d.shard : [0, 1]) as [number, number];
    if (shard.length !== 2 || shard[1] < 1 || shard[0] < 0 || shard[0] >= shard[1]) {
      conn.ws.close(CloseCode.InvalidShard, 'Invalid shard.');
      return;
    }
    this.identifyCount++;
    const session: GatewaySession = {
      id: randomBytes(16).toString('hex'),
      seq: 0,
      intents,
      shard,
      invalid: false,
      connection: conn,
      buffer: [],
      identifiedAt: Date.now(),
      lastAttachedAt: Date.now(),
    };
    this.sessions.set(session.id, session);
    conn.session = session;
    const { ready, guilds } = this.opts.buildReady(shard);
    this.dispatchTo(session, 'READY', {
      ...ready,
      session_id: session.id,
      resume_gateway_url: this.opts.resumeUrl(),
      shard,
    });
    if (intents & GUILDS_INTENT) for (const g of guilds) this.dispatchTo(session, 'GUILD_CREATE', g);
    conn.ready = true;
    this.emit('ready', { sessionId: session.id, resumed: false } satisfies ReadyInfo);
  }

  private resume(conn: GatewayConnection, d: Obj): void {
    if (!this.authenticates(conn, d)) return;
    const session = typeof d.session_id === 'string' ? this.sessions.get(d.session_id) : undefined;
    const seq = typeof d.seq === 'number' ? d.seq : -1;
    const oldest = session?.buffer[0]?.s ?? (session ? session.seq + 1 : 0);
    if (!session || session.invalid || seq > (session?.seq ?? 0) || seq + 1 < oldest) {
      // Not resumable: the client must identify afresh.
      this.send(conn, { op: Op.InvalidSession, d: false });
      return;
    }
    if (session.connection && session.connection !== conn && !session.connection.closed) {
      session.connection.ws.close(CloseCode.SessionTimedOut, 'Session resumed elsewhere.');
    }
    this.resumeCount++;
    session.connection = conn;
    session.lastAttachedAt = Date.now();
    conn.session = session;
    for (const e of session.buffer) {
      if (e.s > seq) this.send(conn, { op: Op.Dispatch, t: e.t, s: e.s, d: e.d });
    }
    this.dispatchTo(session, 'RESUMED', { _trace: ['["discord-emulator",{"micros":0}]'] });
    conn.ready = true;
    this.emit('ready', { sessionId: session.id, resumed: true } satisfies ReadyInfo);
  }

  private closed(conn: GatewayConnection, code: number): void {
    conn.closed = true;
    conn.ready = false;
    this.connections.delete(conn);
    conn.deflate?.close();
    // A client that closes with 1000/1001 ends its session; any other code leaves it resumable.
    if (conn.session && conn.session.connection === conn) {
      conn.session.connection = null;
      if (code === 1000 || code === 1001) conn.session.invalid = true;
    }
    this.emit('disconnect', { connection: conn.id, code });
  }

  /** The session interactions go to: the most recently identified or resumed valid one. */
  activeSession(): GatewaySession | undefined {
    let best: GatewaySession | undefined;
    for (const s of this.sessions.values()) {
      if (s.invalid) continue;
      if (!best || s.lastAttachedAt > best.lastAttachedAt) best = s;
    }
    return best;
  }

  /** Whether some connection is authenticated and has received its initial events. */
  get connected(): boolean {
    return [...this.connections].some((c) => c.ready);
  }

  /**
   * Sends a dispatch event to a session (the active one by default). When its socket is down the event
   * is only buffered, and a RESUME replays it. Returns the sequence number, or null without a session.
   */
  dispatch(t: string, d: unknown, session = this.activeSession()): number | null {
    if (!session) return null;
    return this.dispatchTo(session, t, d);
  }

  /** Sends an event to every valid session (events such as THREAD_CREATE that every shard would see). */
  broadcast(t: string, d: unknown): void {
    for (const s of this.sessions.values()) if (!s.invalid) this.dispatchTo(s, t, d);
  }

  private dispatchTo(session: GatewaySession, t: string, d: unknown): number {
    const s = ++session.seq;
    session.buffer.push({ s, t, d });
    if (session.buffer.length > REPLAY_BUFFER) session.buffer.shift();
    const conn = session.connection;
    if (conn && !conn.closed) this.send(conn, { op: Op.Dispatch, t, s, d });
    return s;
  }

  private send(conn: GatewayConnection, payload: { op: number; d?: unknown; t?: string; s?: number }): void {
    const frame = { op: payload.op, d: payload.d ?? null, s: payload.s ?? null, t: payload.t ?? null };
    this.log.push({ connection: conn.id, direction: 'out', op: frame.op, t: frame.t, s: frame.s, at: Date.now() });
    const text = JSON.stringify(frame);
    const deflate = conn.deflate;
    if (!deflate) {
      if (conn.ws.readyState === conn.ws.OPEN) conn.ws.send(text);
      return;
    }
    // zlib-stream: one shared context; every payload ends with a sync flush so the client can inflate it.
    conn.sendChain = conn.sendChain.then(
      () =>
        new Promise<void>((resolve) => {
          const chunks: Buffer[] = [];
          const onData = (chunk: Buffer) => chunks.push(chunk);
          deflate.on('data', onData);
          deflate.write(text);
          deflate.flush(zc.Z_SYNC_FLUSH, () => {
            deflate.off('data', onData);
            if (conn.ws.readyState === conn.ws.OPEN) conn.ws.send(Buffer.concat(chunks), { binary: true });
            resolve();
          });
        }),
    );
  }

  /**
   * Drops every connection. Code 4000 (default) and other non-1000 codes let discord.js resume; 1000
   * makes it identify afresh. `invalidateSessions` makes any RESUME fail with INVALID_SESSION.
   * `terminate` cuts the TCP connection without a close frame (the client sees 1006).
   */
  disconnect(opts: { code?: number; invalidateSessions?: boolean; terminate?: boolean } = {}): void {
    for (const conn of [...this.connections]) {
      conn.ready = false;
      if (opts.terminate) conn.ws.terminate();
      else conn.ws.close(opts.code ?? CloseCode.UnknownError, 'Emulator disconnect');
    }
    if (opts.invalidateSessions) for (const s of this.sessions.values()) s.invalid = true;
  }

  /** Sends op 7 RECONNECT to every connection (the client closes and resumes). */
  requestReconnect(): void {
    for (const conn of this.connections) if (conn.ready) this.send(conn, { op: Op.Reconnect });
  }

  /** Sends op 9 INVALID_SESSION to every connection; `resumable` says whether RESUME may follow. */
  invalidateSessions(resumable = false): void {
    for (const conn of this.connections) {
      if (!conn.ready) continue;
      if (!resumable && conn.session) conn.session.invalid = true;
      conn.ready = false;
      this.send(conn, { op: Op.InvalidSession, d: resumable });
    }
  }

  /**
   * Resolves once a connection is authenticated (now or later), with its session id and whether it resumed.
   * With `next`, an already authenticated connection does not count: only the next IDENTIFY or RESUME does.
   */
  waitForReady(timeoutMs = 10_000, opts: { next?: boolean } = {}): Promise<ReadyInfo> {
    const live = opts.next ? undefined : [...this.connections].find((c) => c.ready && c.session);
    if (live?.session) return Promise.resolve({ sessionId: live.session.id, resumed: false });
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.off('ready', onReady);
        reject(new Error(`discord-emulator: no gateway session became ready within ${timeoutMs} ms`));
      }, timeoutMs);
      const onReady = (info: ReadyInfo) => {
        clearTimeout(timer);
        resolve(info);
      };
      this.once('ready', onReady);
    });
  }

  /** Closes all sockets and detaches from the HTTP server. */
  close(): void {
    this.opts.server.off('upgrade', this.onUpgrade);
    for (const conn of this.connections) conn.ws.terminate();
    this.wss.close();
  }
}
