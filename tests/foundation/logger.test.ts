import { describe, expect, it } from 'vitest';
import { createLogger, scrubSecrets } from '../../src/logger.js';

const BOT_TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4OQ.GhIjKl.abcdefghijklmnopqrstuvwxyz0123456789AB';
// Shaped like a bot token but never handed to the logger: the shape alone must give it away.
const STRAY_TOKEN = 'OTg3NjU0MzIxMDk4NzY1NDMyMQ.XyZwVu.ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210zz';
const INTERACTION_TOKEN = 'aW50ZXJhY3Rpb246MTIzNDU2Nzg5MDEyMzQ1Njc4OTpzZWNyZXQtaW50ZXJhY3Rpb24tdG9rZW4';
const CALLBACK = `https://discord.com/api/v10/interactions/1234567890123456789/${INTERACTION_TOKEN}/callback`;
const WEBHOOK = `/webhooks/987654321098765432/${INTERACTION_TOKEN}/messages/@original`;

/** A logger writing to memory, and everything it wrote. */
function captured() {
  const lines: string[] = [];
  const log = createLogger({ level: 'trace', secrets: [BOT_TOKEN], destination: { write: (s: string) => void lines.push(s) } });
  return { log, output: () => lines.join('') };
}

describe('logger redaction', () => {
  it('keeps the bot token and interaction tokens out of fields, messages, errors and URLs', () => {
    const { log, output } = captured();
    log.info({ token: BOT_TOKEN }, 'login');
    log.info({ config: { discord: { token: BOT_TOKEN } } }, 'config loaded');
    log.info({ headers: { authorization: `Bot ${BOT_TOKEN}` } }, 'request');
    log.info({ request: { headers: { authorization: `Bot ${BOT_TOKEN}` } } }, 'nested request');
    log.info({ interaction: { id: '1', token: INTERACTION_TOKEN } }, 'interaction received');
    log.info({ interactionToken: INTERACTION_TOKEN }, 'deferred');
    log.warn(`login failed with ${BOT_TOKEN}`);
    log.warn({ detail: `retry with ${STRAY_TOKEN}` }, 'stray token in a field');
    log.warn({ url: CALLBACK, route: WEBHOOK }, 'rate limited');
    log.error({ err: new Error(`Request to ${CALLBACK} failed`) }, 'reply failed');
    log.error(new Error(`PATCH ${WEBHOOK} returned 404`), 'edit failed');
    const withProps = Object.assign(new Error('Unknown interaction'), { url: CALLBACK, requestBody: { token: BOT_TOKEN } });
    log.error({ err: withProps }, 'discord error');
    log.error({ cause: new Error(`wrapped ${BOT_TOKEN}`) }, `message naming ${WEBHOOK}`);
    log.debug({ a: { b: { c: { d: { e: { f: { g: { h: { i: { j: { k: `deep ${STRAY_TOKEN}` } } } } } } } } } } }, 'deeply nested');

    const out = output();
    expect(out.split('\n').filter(Boolean)).toHaveLength(14);
    expect(out).not.toContain(BOT_TOKEN);
    expect(out).not.toContain(STRAY_TOKEN);
    expect(out).not.toContain(INTERACTION_TOKEN);
    // What is useful to a reader survives: the route, the ids, the messages.
    expect(out).toContain('/interactions/1234567890123456789/[redacted]/callback');
    expect(out).toContain('/webhooks/987654321098765432/[redacted]/messages/@original');
    // An error logged as `{ err }` keeps its message (it used to come out as `{}`).
    expect(out).toContain('"message":"Unknown interaction"');
    expect(out).toContain('"message":"wrapped [redacted]"');
    expect(out).toContain('login failed with [redacted]');
  });

  it('scrubs strings on their own, for replies and error messages', () => {
    expect(scrubSecrets(`token ${BOT_TOKEN} at ${CALLBACK}`, [BOT_TOKEN])).toBe(
      'token [redacted] at https://discord.com/api/v10/interactions/1234567890123456789/[redacted]/callback',
    );
    expect(scrubSecrets('a plain message about 2502.05075')).toBe('a plain message about 2502.05075');
  });
});
