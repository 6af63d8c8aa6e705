/**
 * Configuration: one zod schema over the process environment.
 *
 * `loadConfig(env)` is pure: it reads only the object it is given, so tests pass plain objects and the
 * entry points pass `process.env`. Every problem is collected and reported at once, naming the variable and
 * what it expects, so an admin fixes their `.env` in one go instead of one restart per typo.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import * as z from './validation/zod.js';

/** The default schedule: 21:00 Sunday to Thursday, an hour after arXiv's 20:00 Eastern announcement. */
const DEFAULT_CRON = '0 21 * * 0-4';

/**
 * croner's parser, loaded only to check a schedule that is not the default: the command line reads the
 * configuration on every call and should not pay for the scheduler it never runs.
 */
function cronParser(): typeof import('croner').Cron {
  return (createRequire(import.meta.url)('croner') as typeof import('croner')).Cron;
}

/** The default digest schedule: 00:30 Monday to Friday, after arXiv refreshes its listing feeds at midnight Eastern. */
const DEFAULT_DIGEST_CRON = '30 0 * * 1-5';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Discord snowflakes are 17-20 digit integers; anything else is a paste error worth catching early. */
const snowflake = z.string().check(z.regex(/^\d{17,20}$/, 'expected a Discord id (17-20 digits)'));

const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
// Blank values are made undefined before parsing (see loadConfig): `KEY=` in .env means "use the default".
// `prefault` sends the fallback, an input string, through the schema like any value, so 'false' comes out a boolean.
const withDefault = <T extends z.ZodMiniType>(schema: T, fallback: z.input<T>) => z.prefault(schema, fallback);

const FLAG_WORDS = ['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'] as const;
const booleanFlag = z.pipe(
  z.pipe(
    z.string(),
    z.transform((v: string) => v.trim().toLowerCase()),
  ),
  z.pipe(
    z.enum(FLAG_WORDS, { message: 'expected true or false' }),
    z.transform((v: (typeof FLAG_WORDS)[number]) => ['true', '1', 'yes', 'on'].includes(v)),
  ),
);

const httpUrl = z.pipe(
  z.url('expected an http(s) URL').check(z.refine((v) => /^https?:\/\//i.test(v), 'expected an http(s) URL')),
  z.transform((v: string) => v.replace(/\/+$/, '')),
);

const positiveInt = (what: string) => z.coerce.number({ message: `expected ${what}` }).check(z.int(`expected ${what}`), z.positive(`expected ${what}`));

const idList = z.pipe(
  z.pipe(
    z.string(),
    z.transform((v: string) => v.split(/[\s,]+/).filter(Boolean)),
  ),
  z.array(snowflake),
);

/**
 * A cron expression, checked by the same parser the scheduler uses, so a typo stops the bot at start with
 * the variable's name instead of after it has logged in.
 */
const cronExpression = z.string().check(
  z.trim(),
  z.superRefine((v, ctx) => {
    const fields = v.split(/\s+/).length;
    if (fields !== 5 && fields !== 6) {
      ctx.addIssue({ code: 'custom', message: 'expected a cron expression of 5 fields such as "0 21 * * 0-4" (minute hour day month weekday)' });
      return;
    }
    if (v === DEFAULT_CRON || v === DEFAULT_DIGEST_CRON) return;
    try {
      const Cron = cronParser();
      new Cron(v, { paused: true }).stop();
    } catch (err) {
      const why = (err as Error).message.replace(/^CronPattern:\s*/, '');
      ctx.addIssue({ code: 'custom', message: `not a valid cron expression (${why}); for example "0 21 * * 0-4" is 21:00 Sunday to Thursday` });
    }
  }),
);

const DEFAULT_TIME_ZONE = 'America/New_York';
const timeZone = z.string().check(
  z.refine((tz) => {
    // The first Intl time-zone lookup loads ICU's zone data, the largest cost of a `paperbot` start: skip it for the default.
    if (tz === DEFAULT_TIME_ZONE) return true;
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'expected an IANA time zone such as America/New_York'),
);

/** The environment schema; keys are the variable names documented in `.env.example`. */
export const envSchema = z.object({
  DISCORD_TOKEN: z.optional(z.string().check(z.minLength(20, 'expected the bot token from the Discord Developer Portal'))),
  DISCORD_APPLICATION_ID: z.optional(snowflake),
  DISCORD_GUILD_ID: z.optional(snowflake),
  DISCORD_API_URL: z.optional(httpUrl),
  ALLOWED_GUILD_IDS: withDefault(idList, ''),
  ARXIV_API_URL: withDefault(httpUrl, 'https://export.arxiv.org/api/query'),
  ARXIV_FEED_URL: withDefault(httpUrl, 'https://arxiv.org/a'),
  ARXIV_LISTING_URL: withDefault(httpUrl, 'https://rss.arxiv.org/atom'),
  ARXIV_MIN_INTERVAL_MS: withDefault(z.coerce.number({ message: 'expected milliseconds' }).check(z.int(), z.minimum(0, 'expected milliseconds')), '3000'),
  ARXIV_TIMEOUT_MS: withDefault(positiveInt('a timeout in milliseconds'), '30000'),
  ARXIV_CONTACT: z.optional(z.email({ message: 'expected an e-mail address arXiv can write to' })),
  DATA_DIR: withDefault(z.string(), 'data'),
  DB_PATH: z.optional(z.string()),
  LOG_LEVEL: withDefault(z.enum(LOG_LEVELS, { message: `expected one of ${LOG_LEVELS.join(', ')}` }), 'info'),
  NODE_ENV: withDefault(z.enum(['development', 'production', 'test'], { message: 'expected development, production or test' }), 'production'),
  INCLUDE_OTHER_AUTHORS: withDefault(booleanFlag, 'false'),
  ANNOUNCE_ENABLED: withDefault(booleanFlag, 'true'),
  ANNOUNCE_CRON: withDefault(cronExpression, DEFAULT_CRON),
  ANNOUNCE_TZ: withDefault(timeZone, DEFAULT_TIME_ZONE),
  ANNOUNCE_CHANNEL_ID: z.optional(snowflake),
  ADMIN_CHANNEL_ID: z.optional(snowflake),
  ANNOUNCE_MAX_PER_RUN: withDefault(positiveInt('a whole number of papers (1 or more)'), '25'),
  READING_GROUP_TZ: z.optional(timeZone),
  READING_GROUP_REMINDER_HOURS: withDefault(
    z.coerce
      .number({ message: 'expected hours before a session, e.g. 24' })
      .check(z.minimum(0, 'expected hours before a session, e.g. 24'), z.maximum(24 * 14, 'at most two weeks (336 hours)')),
    '24',
  ),
  DIGEST_ENABLED: withDefault(booleanFlag, 'true'),
  DIGEST_CATEGORIES: z.optional(
    z.pipe(
      z.pipe(
        z.string(),
        z.transform((v: string) => v.split(/[\s,+]+/).filter(Boolean)),
      ),
      z.array(z.string().check(z.regex(/^[a-z-]+(\.[A-Za-z-]+)?$/, 'expected arXiv categories such as cs.LG,stat.ML'))).check(z.minLength(1)),
    ),
  ),
  DIGEST_SIZE: withDefault(
    z.coerce
      .number({ message: 'expected a number of papers from 1 to 10' })
      .check(
        z.int('expected a number of papers from 1 to 10'),
        z.minimum(1, 'expected a number of papers from 1 to 10'),
        z.maximum(10, 'expected a number of papers from 1 to 10'),
      ),
    '5',
  ),
  DIGEST_CHANNEL_ID: z.optional(snowflake),
  DIGEST_EMPTY_NOTICE: withDefault(booleanFlag, 'true'),
  DIGEST_CRON: withDefault(cronExpression, DEFAULT_DIGEST_CRON),
  S2_API_URL: withDefault(httpUrl, 'https://api.semanticscholar.org'),
  S2_API_KEY: z.optional(z.string().check(z.minLength(8, 'expected a Semantic Scholar API key'))),
  DIGEST_RETENTION_DAYS: withDefault(positiveInt('a whole number of days (1 or more)'), '365'),
});

/** What each entry point needs: the bot and the deploy script need Discord credentials, the CLI none. */
export type ConfigPurpose = 'bot' | 'deploy' | 'cli';

/** The validated, typed configuration every module receives (never `process.env` directly). */
export interface Config {
  discord: {
    token?: string;
    applicationId?: string;
    guildId?: string;
    /** API root without a version, as discord.js's `rest.api` takes it; undefined means Discord's own. */
    apiUrl?: string;
    allowedGuildIds: string[];
  };
  /**
   * `contact`: an e-mail put in the User-Agent, so arXiv can reach the operator instead of blocking the bot.
   * `feedUrl`: the base of author feeds (`<feedUrl>/<author-id or ORCID>.atom2`).
   */
  arxiv: { apiUrl: string; feedUrl: string; listingUrl: string; minIntervalMs: number; timeoutMs: number; contact?: string };
  dataDir: string;
  papersPath: string;
  labPath: string;
  dbPath: string;
  logLevel: (typeof LOG_LEVELS)[number];
  nodeEnv: 'development' | 'production' | 'test';
  /** Whether papers by namesakes of lab authors are searchable (off: they stay in the file, marked). */
  includeOtherAuthors: boolean;
  announce: {
    enabled: boolean;
    cron: string;
    timeZone: string;
    channelId?: string;
    adminChannelId?: string;
    /** More new papers and reviews than this in one run are not posted; the admins are alerted instead. */
    maxPerRun: number;
  };
  /** The reading group: the zone its session times are read in (default ANNOUNCE_TZ) and how early reminders go out. */
  readingGroup: { timeZone: string; reminderLeadMs: number };
  /**
   * The daily field digest: the day's new arXiv papers in `categories` (unset: the roster's main categories),
   * the `size` closest to the lab's work, posted in `channelId` (unset: the announcement channel) on `cron`
   * in `announce.timeZone`; `emptyNotice` says so in one line on a day with nothing new.
   */
  digest: { enabled: boolean; categories?: string[]; size: number; channelId?: string; emptyNotice: boolean; cron: string };
  /** Semantic Scholar, for citation counts: the API root, and an optional key (a secret: header only, never logged). */
  s2: { apiUrl: string; apiKey?: string };
  /** The field index: digest papers stay searchable under scope:all this many days after arXiv listed them. */
  fieldIndex: { retentionDays: number };
}

/** Raised with a message meant for a human: one line per bad variable, no stack trace needed. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}\nSee .env.example for every variable and its default.`);
    this.name = 'ConfigError';
  }
}

const REQUIRED: Record<ConfigPurpose, { key: keyof z.infer<typeof envSchema>; hint: string }[]> = {
  bot: [
    { key: 'DISCORD_TOKEN', hint: 'required: the bot token from the Discord Developer Portal (Bot tab)' },
    { key: 'DISCORD_APPLICATION_ID', hint: 'required: the application id (General Information tab)' },
  ],
  deploy: [
    { key: 'DISCORD_TOKEN', hint: 'required: the bot token from the Discord Developer Portal (Bot tab)' },
    { key: 'DISCORD_APPLICATION_ID', hint: 'required: the application id (General Information tab)' },
  ],
  cli: [],
};

/**
 * Validates an environment and returns the typed configuration.
 *
 * @param env - the variables to read, usually `process.env`
 * @param purpose - which entry point asks; decides which Discord variables are required
 * @throws ConfigError naming every missing or invalid variable (values are never echoed: one may be a token)
 */
export function loadConfig(env: Record<string, string | undefined>, purpose: ConfigPurpose = 'bot'): Config {
  const blankless: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(env)) blankless[key] = emptyToUndefined(value);
  const parsed = envSchema.safeParse(blankless);
  const problems: string[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? 'environment');
      problems.push(`${key}: ${issue.message}`);
    }
  }
  for (const { key, hint } of REQUIRED[purpose]) {
    if (emptyToUndefined(env[key]) === undefined) problems.push(`${key}: ${hint}`);
  }
  if (problems.length > 0 || !parsed.success) throw new ConfigError([...new Set(problems)]);

  const e = parsed.data;
  const dataDir = path.resolve(e.DATA_DIR);
  return {
    discord: {
      token: e.DISCORD_TOKEN,
      applicationId: e.DISCORD_APPLICATION_ID,
      guildId: e.DISCORD_GUILD_ID,
      apiUrl: e.DISCORD_API_URL,
      allowedGuildIds: e.ALLOWED_GUILD_IDS,
    },
    arxiv: {
      apiUrl: e.ARXIV_API_URL,
      feedUrl: e.ARXIV_FEED_URL,
      listingUrl: e.ARXIV_LISTING_URL,
      minIntervalMs: e.ARXIV_MIN_INTERVAL_MS,
      timeoutMs: e.ARXIV_TIMEOUT_MS,
      contact: e.ARXIV_CONTACT,
    },
    dataDir,
    papersPath: path.join(dataDir, 'papers.json'),
    labPath: path.join(dataDir, 'lab.json'),
    dbPath: e.DB_PATH ? path.resolve(e.DB_PATH) : path.join(dataDir, 'state.db'),
    logLevel: e.LOG_LEVEL,
    nodeEnv: e.NODE_ENV,
    includeOtherAuthors: e.INCLUDE_OTHER_AUTHORS,
    announce: {
      enabled: e.ANNOUNCE_ENABLED,
      cron: e.ANNOUNCE_CRON,
      timeZone: e.ANNOUNCE_TZ,
      channelId: e.ANNOUNCE_CHANNEL_ID,
      adminChannelId: e.ADMIN_CHANNEL_ID,
      maxPerRun: e.ANNOUNCE_MAX_PER_RUN,
    },
    readingGroup: { timeZone: e.READING_GROUP_TZ ?? e.ANNOUNCE_TZ, reminderLeadMs: Math.round(e.READING_GROUP_REMINDER_HOURS * 3_600_000) },
    digest: {
      enabled: e.DIGEST_ENABLED,
      categories: e.DIGEST_CATEGORIES,
      size: e.DIGEST_SIZE,
      channelId: e.DIGEST_CHANNEL_ID,
      emptyNotice: e.DIGEST_EMPTY_NOTICE,
      cron: e.DIGEST_CRON,
    },
    s2: { apiUrl: e.S2_API_URL, apiKey: e.S2_API_KEY },
    fieldIndex: { retentionDays: e.DIGEST_RETENTION_DAYS },
  };
}

/**
 * Reads `.env` from the working directory into `process.env` when present, without overriding variables
 * already set (so a real environment and the tests win over the file).
 */
export function loadDotEnv(file = '.env'): void {
  try {
    process.loadEnvFile(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}
