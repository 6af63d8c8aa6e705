import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

/** The message of the ConfigError thrown for an environment (fails the test when none is thrown). */
function configProblem(env: Record<string, string>, purpose: 'bot' | 'deploy' | 'cli' = 'cli'): ConfigError {
  try {
    loadConfig(env, purpose);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

const TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4OQ.GhIjKl.abcdefghijklmnopqrstuvwxyz0123456789AB';
const APP_ID = '123456789012345678';

describe('loadConfig', () => {
  it('gives documented defaults for an empty environment, for the CLI', () => {
    const config = loadConfig({}, 'cli');
    expect(config.dataDir).toBe(path.resolve('data'));
    expect(config.papersPath).toBe(path.resolve('data', 'papers.json'));
    expect(config.dbPath).toBe(path.resolve('data', 'state.db'));
    expect(config.logLevel).toBe('info');
    expect(config.includeOtherAuthors).toBe(false);
    expect(config.arxiv.apiUrl).toBe('https://export.arxiv.org/api/query');
    expect(config.arxiv.minIntervalMs).toBe(3000);
    expect(config.announce).toMatchObject({ enabled: true, cron: '0 21 * * 0-4', timeZone: 'America/New_York' });
    expect(config.discord.allowedGuildIds).toEqual([]);
    expect(config.discord.token).toBeUndefined();
  });

  it('is pure: reads the object it is given, never process.env', () => {
    const before = process.env.LOG_LEVEL;
    process.env.LOG_LEVEL = 'debug';
    try {
      expect(loadConfig({}, 'cli').logLevel).toBe('info');
    } finally {
      if (before === undefined) delete process.env.LOG_LEVEL;
      else process.env.LOG_LEVEL = before;
    }
  });

  it('names every bad variable in one message, with what it expects', () => {
    const err = configProblem({
      LOG_LEVEL: 'loud',
      ARXIV_API_URL: 'ftp://mirror.example/api',
      DISCORD_GUILD_ID: '12345',
      ANNOUNCE_TZ: 'Mars/Olympus_Mons',
      ANNOUNCE_CRON: 'every evening',
      INCLUDE_OTHER_AUTHORS: 'maybe',
      ARXIV_TIMEOUT_MS: 'soon',
    });
    for (const name of ['LOG_LEVEL', 'ARXIV_API_URL', 'DISCORD_GUILD_ID', 'ANNOUNCE_TZ', 'ANNOUNCE_CRON', 'INCLUDE_OTHER_AUTHORS', 'ARXIV_TIMEOUT_MS']) {
      expect(err.message).toContain(name);
    }
    expect(err.problems).toHaveLength(7);
    expect(err.message).toMatch(/LOG_LEVEL: expected one of .*debug/);
    expect(err.message).toMatch(/ANNOUNCE_TZ: expected an IANA time zone/);
    expect(err.message).toMatch(/DISCORD_GUILD_ID: expected a Discord id/);
    expect(err.message).not.toMatch(/\n\s+at /); // no stack trace in the text meant for people
  });

  it('never echoes a token, even a malformed one', () => {
    const short = 'tiny-secret-value';
    const err = configProblem({ DISCORD_TOKEN: short, DISCORD_APPLICATION_ID: APP_ID }, 'bot');
    expect(err.message).toContain('DISCORD_TOKEN');
    expect(err.message).not.toContain(short);

    const other = configProblem({ DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: APP_ID, LOG_LEVEL: 'loud' }, 'bot');
    expect(other.message).not.toContain(TOKEN);
  });

  it('requires the Discord credentials for the bot and the deploy script, none for the CLI', () => {
    for (const purpose of ['bot', 'deploy'] as const) {
      const err = configProblem({}, purpose);
      expect(err.message).toContain('DISCORD_TOKEN');
      expect(err.message).toContain('DISCORD_APPLICATION_ID');
    }
    expect(() => loadConfig({}, 'cli')).not.toThrow();
    expect(loadConfig({ DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: APP_ID }, 'bot').discord.token).toBe(TOKEN);
  });

  it('reads booleans in their usual spellings and treats an empty value as unset', () => {
    expect(loadConfig({ INCLUDE_OTHER_AUTHORS: 'yes' }, 'cli').includeOtherAuthors).toBe(true);
    expect(loadConfig({ INCLUDE_OTHER_AUTHORS: ' TRUE ' }, 'cli').includeOtherAuthors).toBe(true);
    expect(loadConfig({ INCLUDE_OTHER_AUTHORS: '1' }, 'cli').includeOtherAuthors).toBe(true);
    expect(loadConfig({ ANNOUNCE_ENABLED: 'off' }, 'cli').announce.enabled).toBe(false);
    expect(loadConfig({ ANNOUNCE_ENABLED: '0' }, 'cli').announce.enabled).toBe(false);
    expect(loadConfig({ ANNOUNCE_ENABLED: '', LOG_LEVEL: '  ' }, 'cli')).toMatchObject({ announce: { enabled: true }, logLevel: 'info' });
  });

  it('accepts http(s) URLs without their trailing slash and rejects anything else', () => {
    const config = loadConfig({ DISCORD_API_URL: 'http://127.0.0.1:4321/api/', ARXIV_API_URL: 'http://127.0.0.1:9/query' }, 'cli');
    expect(config.discord.apiUrl).toBe('http://127.0.0.1:4321/api');
    expect(config.arxiv.apiUrl).toBe('http://127.0.0.1:9/query');
    expect(configProblem({ DISCORD_API_URL: 'localhost:4321' }).message).toMatch(/DISCORD_API_URL: expected an http\(s\) URL/);
  });

  it('takes five- or six-field cron expressions and IANA time zones', () => {
    expect(loadConfig({ ANNOUNCE_CRON: '30 20 * * 1-5' }, 'cli').announce.cron).toBe('30 20 * * 1-5');
    expect(loadConfig({ ANNOUNCE_CRON: '0 30 20 * * 1-5' }, 'cli').announce.cron).toBe('0 30 20 * * 1-5');
    expect(configProblem({ ANNOUNCE_CRON: '0 21 *' }).message).toContain('ANNOUNCE_CRON');
    // Five fields but an impossible value: caught here, naming the variable, not after logging in.
    expect(configProblem({ ANNOUNCE_CRON: '61 21 * * 0-4' }).message).toMatch(/ANNOUNCE_CRON: not a valid cron expression \(Invalid value for minute: 61\)/);
    expect(loadConfig({ ANNOUNCE_TZ: 'Europe/Paris' }, 'cli').announce.timeZone).toBe('Europe/Paris');
  });

  it('checks Discord ids (snowflakes), alone and in lists', () => {
    const config = loadConfig({ ALLOWED_GUILD_IDS: '123456789012345678, 223456789012345678', ANNOUNCE_CHANNEL_ID: '323456789012345678' }, 'cli');
    expect(config.discord.allowedGuildIds).toEqual(['123456789012345678', '223456789012345678']);
    expect(config.announce.channelId).toBe('323456789012345678');
    expect(configProblem({ ALLOWED_GUILD_IDS: '123456789012345678,my-server' }).message).toContain('ALLOWED_GUILD_IDS');
    expect(configProblem({ ADMIN_CHANNEL_ID: '#general' }).message).toContain('ADMIN_CHANNEL_ID');
  });

  it('puts every data file under DATA_DIR unless DB_PATH says otherwise', () => {
    const config = loadConfig({ DATA_DIR: '/srv/paperbot' }, 'cli');
    expect(config.papersPath).toBe('/srv/paperbot/papers.json');
    expect(config.labPath).toBe('/srv/paperbot/lab.json');
    expect(config.dbPath).toBe('/srv/paperbot/state.db');
    expect(loadConfig({ DATA_DIR: '/srv/paperbot', DB_PATH: '/var/db/bot.db' }, 'cli').dbPath).toBe('/var/db/bot.db');
  });
});
