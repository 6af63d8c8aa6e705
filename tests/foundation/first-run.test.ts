/**
 * A new admin's first start, before Discord is ever contacted: a DATA_DIR without the lab's files, or a
 * typo in a setting, stops with one message that names the file or variable and says what to do.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app/build-app.js';
import { ConfigError, loadConfig } from '../../src/config.js';
import { CorpusError } from '../../src/corpus/corpus.js';
import { RosterError } from '../../src/roster/index.js';

const TOKEN = { DISCORD_TOKEN: 'x'.repeat(30) + '.abc.def', DISCORD_APPLICATION_ID: '123456789012345678' };
let dir: string;
beforeEach(() => void (dir = mkdtempSync(path.join(tmpdir(), 'first-run-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const silent = pino({ level: 'silent' });

describe('a first start with a DATA_DIR that lacks the lab files', () => {
  it('names the missing papers.json and says where it comes from', () => {
    const config = loadConfig({ ...TOKEN, DATA_DIR: dir }, 'bot');
    const err = (() => {
      try {
        buildApp(config, { logger: silent });
      } catch (e) {
        return e as Error;
      }
      throw new Error('buildApp should have refused');
    })();
    expect(err).toBeInstanceOf(CorpusError);
    expect(err.message).toContain(path.join(dir, 'papers.json'));
    expect(err.message).toMatch(/not found.*DATA_DIR.*git checkout data\/papers\.json/);
  });

  it('names the missing lab.json once the papers are there', () => {
    copyFileSync(path.resolve('data/papers.json'), path.join(dir, 'papers.json'));
    const config = loadConfig({ ...TOKEN, DATA_DIR: dir }, 'bot');
    expect(() => buildApp(config, { logger: silent })).toThrow(RosterError);
    expect(() => buildApp(config, { logger: silent })).toThrow(/lab\.json: not found.*git checkout data\/lab\.json/);
  });

  it('shows a path inside the working folder relative to it, as typed', () => {
    const config = loadConfig({ ...TOKEN, DATA_DIR: 'no-such-folder' }, 'bot');
    expect(() => buildApp(config, { logger: silent })).toThrow(/^no-such-folder\/papers\.json: not found/);
  });
});

describe('settings checked before the bot logs in', () => {
  it('refuses an impossible schedule, naming ANNOUNCE_CRON', () => {
    expect(() => loadConfig({ ...TOKEN, ANNOUNCE_CRON: '0 25 * * *' }, 'bot')).toThrow(ConfigError);
    expect(() => loadConfig({ ...TOKEN, ANNOUNCE_CRON: '0 25 * * *' }, 'bot')).toThrow(
      /ANNOUNCE_CRON: not a valid cron expression \(Invalid value for hour: 25\)/,
    );
  });
});
