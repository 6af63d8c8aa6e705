/**
 * Fault injection: the next request(s) matching a rule get a canned answer (or a delay) instead of the
 * emulator's normal handling, so tests can reproduce 429s, 5xx and 403s on any route.
 */

/** One injected fault. */
export interface FaultRule {
  /** HTTP method to match (any when omitted). */
  method?: string;
  /** Matched against the route path after `/api/v10` (tokens intact, no query); a string matches as a substring. */
  path: RegExp | string;
  /** Status to answer with; omit together with `delayMs` to only delay normal handling. */
  status?: number;
  /** JSON body to answer with (Discord-shaped defaults for 429 and 5xx when omitted). */
  body?: unknown;
  headers?: Record<string, string>;
  /** How many matching requests the rule applies to (1 by default; `Infinity` for all). */
  times?: number;
  /** Wait this long before answering (with the fault, or normally when no status is given). */
  delayMs?: number;
}

/** A live injected rule: how often it fired, and a way to withdraw it. */
export interface FaultHandle {
  readonly hits: number;
  readonly remaining: number;
  cancel(): void;
}

/** Options for a rate-limit fault, see {@link rateLimitRule}. */
export interface RateLimitOptions {
  method?: string;
  path: RegExp | string;
  /** Seconds to wait; fractional values are sent as-is (Discord rounds its header up to whole seconds) so tests stay fast. */
  retryAfter?: number;
  /** A global rate limit (`X-RateLimit-Global`, scope `global`). */
  global?: boolean;
  /** 'user' (default), 'shared' or 'global'. */
  scope?: 'user' | 'shared' | 'global';
  times?: number;
}

/** A 429 rule with Discord's body and headers (`Retry-After`, `X-RateLimit-*`). */
export function rateLimitRule(opts: RateLimitOptions): FaultRule {
  const retryAfter = opts.retryAfter ?? 0.25;
  const global = opts.global ?? false;
  const scope = opts.scope ?? (global ? 'global' : 'user');
  const headers: Record<string, string> = {
    'retry-after': String(retryAfter),
    'x-ratelimit-scope': scope,
  };
  if (global) {
    headers['x-ratelimit-global'] = 'true';
  } else {
    Object.assign(headers, {
      'x-ratelimit-limit': '5',
      'x-ratelimit-remaining': '0',
      'x-ratelimit-reset': ((Date.now() + retryAfter * 1000) / 1000).toFixed(3),
      'x-ratelimit-reset-after': String(retryAfter),
      'x-ratelimit-bucket': 'emulated-bucket-' + Math.random().toString(36).slice(2, 10),
    });
  }
  return {
    method: opts.method,
    path: opts.path,
    status: 429,
    body: { message: 'You are being rate limited.', retry_after: retryAfter, global, ...(global ? { code: 0 } : {}) },
    headers,
    times: opts.times ?? 1,
  };
}

interface LiveRule extends FaultRule {
  hits: number;
  remaining: number;
}

/** Holds the injected rules and answers which one (if any) a request triggers. */
export class FaultInjector {
  private rules: LiveRule[] = [];

  /** Adds a rule; returns its handle. */
  add(rule: FaultRule): FaultHandle {
    const live: LiveRule = { ...rule, hits: 0, remaining: rule.times ?? 1 };
    this.rules.push(live);
    return {
      get hits() {
        return live.hits;
      },
      get remaining() {
        return live.remaining;
      },
      cancel: () => {
        this.rules = this.rules.filter((r) => r !== live);
      },
    };
  }

  /** The first rule matching this request (consuming one of its uses), if any. */
  take(method: string, path: string): FaultRule | undefined {
    const rule = this.rules.find(
      (r) => r.remaining > 0 && (!r.method || r.method.toUpperCase() === method) && (typeof r.path === 'string' ? path.includes(r.path) : r.path.test(path)),
    );
    if (!rule) return undefined;
    rule.hits++;
    rule.remaining--;
    if (rule.remaining <= 0) this.rules = this.rules.filter((r) => r !== rule);
    return rule;
  }

  /** Removes every rule. */
  clear(): void {
    this.rules = [];
  }
}

/** Discord's body for a fault status when the rule gives none. */
export function defaultFaultBody(status: number): unknown {
  if (status === 429) return { message: 'You are being rate limited.', retry_after: 0.25, global: false };
  if (status >= 500) return { message: `${status}: Internal Server Error`, code: 0 };
  if (status === 403) return { message: 'Missing Access', code: 50001 };
  if (status === 404) return { message: '404: Not Found', code: 0 };
  if (status === 401) return { message: '401: Unauthorized', code: 0 };
  return { message: `${status}`, code: 0 };
}
