/**
 * Logging: pino, JSON lines in production, pino-pretty (as a transport) only in development.
 *
 * Secrets are kept out twice over: `redact` removes the fields where a token would sit, and every string
 * that is logged (messages, error messages, URLs inside errors) is scrubbed of the bot token and of the
 * interaction tokens that Discord puts in webhook and callback URLs. The second layer matters because
 * discord.js errors carry the request URL, and an interaction's URL *is* its credential for 15 minutes.
 */
import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';

export type { Logger } from 'pino';

/** Field paths whose values are replaced by `[redacted]` wherever they appear. */
export const REDACT_PATHS = [
  'token',
  '*.token',
  '*.*.token',
  'discordToken',
  '*.discordToken',
  'authorization',
  '*.authorization',
  'headers.authorization',
  '*.headers.authorization',
  '*.*.headers.authorization',
  'interactionToken',
  '*.interactionToken',
  'config.discord.token',
  'apiKey',
  '*.apiKey',
  'config.s2.apiKey',
  'headers["x-api-key"]',
  '*.headers["x-api-key"]',
  '*.*.headers["x-api-key"]',
];

// Interaction and webhook tokens travel in URL paths: /interactions/<id>/<token>/callback, /webhooks/<app>/<token>.
const URL_TOKEN = /\/(interactions|webhooks)\/(\d+)\/([A-Za-z0-9_.-]{20,})/g;
// A bot token has three dot-separated base64url parts; catch one even when we were not told its value.
const BOT_TOKEN_SHAPE = /\b[A-Za-z0-9_-]{23,28}\.[A-Za-z0-9_-]{6,7}\.[A-Za-z0-9_-]{27,}\b/g;

/**
 * The literal secrets of a configuration, to pass as {@link LoggerSetup.secrets}: the bot token and the
 * Semantic Scholar key.
 */
export function configSecrets(config: { discord: { token?: string }; s2?: { apiKey?: string } }): string[] {
  return [config.discord.token, config.s2?.apiKey].filter((s): s is string => typeof s === 'string' && s.length > 0);
}

/** Options for {@link createLogger}. */
export interface LoggerSetup {
  level?: string;
  /** Pretty, coloured output for a developer's terminal; production keeps JSON lines. */
  pretty?: boolean;
  /** Literal secret values (the bot token) to scrub from any string that reaches the log. */
  secrets?: (string | undefined)[];
  /** Where lines go; defaults to stdout. Tests pass a stream to read what was written. */
  destination?: DestinationStream;
  /** Base bindings on every line. */
  base?: Record<string, unknown>;
}

/**
 * Replaces known secrets, interaction tokens in URLs and anything shaped like a bot token.
 *
 * @param text - any string about to be logged or shown
 * @param secrets - literal values to remove as well
 */
export function scrubSecrets(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= 8) out = out.split(secret).join('[redacted]');
  return out.replace(URL_TOKEN, '/$1/$2/[redacted]').replace(BOT_TOKEN_SHAPE, '[redacted]');
}

function scrubDeep(value: unknown, secrets: readonly string[], depth = 0): unknown {
  if (typeof value === 'string') return scrubSecrets(value, secrets);
  if (value === null || typeof value !== 'object') return value;
  // Past the limit an object's strings could not be scrubbed, so it is dropped rather than written as is.
  if (depth > 8) return '[too deep]';
  // An Error's message and stack are not enumerable: serialize it first, or `{ err }` would log as `{}`.
  if (value instanceof Error) return scrubDeep(pino.stdSerializers.err(value), secrets, depth + 1);
  if (Array.isArray(value)) return value.map((v) => scrubDeep(v, secrets, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = scrubDeep(v, secrets, depth + 1);
  return out;
}

/**
 * Creates the process logger. Call sites pass a context object first, then the message:
 * `log.info({ command: 'paper search', guildId }, 'answered')`.
 */
export function createLogger(setup: LoggerSetup = {}): Logger {
  const secrets = (setup.secrets ?? []).filter((s): s is string => typeof s === 'string' && s.length > 0);
  const options: LoggerOptions = {
    level: setup.level ?? 'info',
    base: setup.base ?? { app: 'lab-paper-bot' },
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    serializers: {
      // `log.error(err)` arrives here as an Error; `log.error({ err })` arrives already serialized by the hook.
      err: (err: unknown) => scrubDeep(err, secrets),
    },
    hooks: {
      logMethod(args, method) {
        const scrubbed = args.map((a) => (typeof a === 'string' ? scrubSecrets(a, secrets) : a instanceof Error ? a : scrubDeep(a, secrets)));
        return method.apply(this, scrubbed as Parameters<typeof method>);
      },
    },
  };
  if (setup.pretty && !setup.destination) {
    return pino({ ...options, transport: { target: 'pino-pretty', options: { destination: 2, colorize: true } } });
  }
  return pino(options, setup.destination ?? pino.destination({ dest: 1, sync: false }));
}

/** A logger for command-line use: warnings and errors only, always to stderr so stdout stays clean JSON. */
export function createCliLogger(level = 'warn'): Logger {
  return createLogger({ level, destination: pino.destination({ dest: 2, sync: true }) });
}
