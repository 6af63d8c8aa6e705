/**
 * Hand-built interactions through the emulator, the way an attacker's client would send them: clicks with
 * forged custom_ids on messages they do not belong to, modal submits and menus the bot never sends, select
 * values of the wrong type, and links in a query. Every one gets a short private answer, changes nothing,
 * and logs no error.
 */
import type { APIMessage } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customIds, startHarness, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => void (h = await startHarness()));
afterAll(async () => h?.close());

type Payload = Record<string, unknown> & { id: string; token: string };
const errorsLogged = (from: number) => h.logs.slice(from).filter((l) => Number(l.level) >= 50);

/** A click on `target` built from a real click on `carrier`, with the custom_id and message swapped. */
function forgedClick(carrier: APIMessage, carrierId: string, target: APIMessage, customId: string, user = h.emu.otherUser): Payload {
  const p = h.emu.build.button(carrier, carrierId, { user });
  p.message = structuredClone(h.emu.storedMessage(target.id)!.message);
  (p.data as Record<string, unknown>).custom_id = customId;
  return p;
}

describe('forged component clicks', () => {
  it('will not turn a reading-group post into search results', async () => {
    const card = (await h.emu.runCommand('paper', 'random')).message!;
    const pickId = customIds(card).find((id) => id.startsWith('v1:pick:'))!;
    await h.emu.clickButton(card, pickId);
    const post = h.emu.channelMessages().find((m) => m.content.includes('Reading group pick'))!;
    expect(post.interaction_metadata).toBeUndefined();
    const search = (await h.emu.runCommand('paper', 'search', { query: 'learning' })).message!;
    const next = customIds(search).find((id) => id.startsWith('v1:pg:2:'))!;
    const logFrom = h.logs.length;

    const forged = next.replace(h.emu.user.id, h.emu.otherUser.id);
    const r = await (await h.emu.dispatchInteraction(forgedClick(search, next, post, forged))).reply;
    expect(r.ephemeral).toBe(true);
    expect(r.message!.content).toMatch(/does not belong to this message, so nothing was changed/);
    expect(h.emu.storedMessage(post.id)!.message.embeds).toEqual(post.embeds);
    expect(h.emu.storedMessage(post.id)!.history).toHaveLength(1);
    expect(errorsLogged(logFrom)).toEqual([]);
  });

  it('lets nobody turn another user’s pages with a custom_id naming themselves', async () => {
    const search = (await h.emu.runCommand('paper', 'search', { query: 'learning' })).message!;
    const next = customIds(search).find((id) => id.startsWith('v1:pg:2:'))!;
    const forged = next.replace(h.emu.user.id, h.emu.otherUser.id);
    const r = await (await h.emu.dispatchInteraction(forgedClick(search, next, search, forged))).reply;
    expect(r.ephemeral).toBe(true);
    expect(h.emu.storedMessage(search.id)!.message.embeds[0]!.title).toMatch(/^1\. /);
  });

  it('answers a custom_id action named after Object.prototype members without an error', async () => {
    const search = (await h.emu.runCommand('paper', 'search', { query: 'learning' })).message!;
    const next = customIds(search).find((id) => id.startsWith('v1:pg:2:'))!;
    const logFrom = h.logs.length;
    for (const action of ['constructor', 'tostring', 'valueof']) {
      const r = await (await h.emu.dispatchInteraction(forgedClick(search, next, search, `v1:${action}:x`, h.emu.user))).reply;
      expect(r.ephemeral, action).toBe(true);
      expect(r.message!.content).toMatch(/no longer works/);
    }
    expect(errorsLogged(logFrom)).toEqual([]);
  });

  it('answers a select whose value is not a string', async () => {
    const search = (await h.emu.runCommand('paper', 'search', { query: 'learning' })).message!;
    const select = customIds(search).find((id) => id.startsWith('v1:op:'))!;
    const target = search.embeds[0]!.url!.split('/abs/')[1]!;
    const p = h.emu.build.select(search, select, [target]);
    (p.data as Record<string, unknown>).values = [42, { id: target }];
    const logFrom = h.logs.length;
    const r = await (await h.emu.dispatchInteraction(p)).reply;
    expect(r.ephemeral).toBe(true);
    expect(r.message!.content).toMatch(/Pick a paper from the menu/);
    expect(errorsLogged(logFrom)).toEqual([]);
  });
});

describe('interactions of kinds the bot never sends', () => {
  it('answers a modal submit', async () => {
    const p = h.emu.build.command('paper', 'help');
    p.type = 5;
    p.data = { custom_id: 'v1:feedback', components: [{ type: 1, components: [{ type: 4, custom_id: 'text', value: 'hi' }] }] };
    const r = await (await h.emu.dispatchInteraction(p)).reply;
    expect(r.ephemeral).toBe(true);
    expect(r.message!.content).toBe('This no longer works. Please run the command again.');
  });

  it('answers user, role, mentionable and channel menus', async () => {
    const search = (await h.emu.runCommand('paper', 'search', { query: 'learning' })).message!;
    const next = customIds(search).find((id) => id.startsWith('v1:pg:2:'))!;
    for (const componentType of [5, 6, 7, 8]) {
      const p = h.emu.build.button(search, next);
      p.data = { custom_id: next, component_type: componentType, values: [h.emu.user.id], resolved: {} };
      const r = await (await h.emu.dispatchInteraction(p)).reply;
      expect(r.ephemeral, `component type ${componentType}`).toBe(true);
      expect(r.message!.content).toMatch(/no longer works/);
    }
    expect(h.emu.storedMessage(search.id)!.message.embeds[0]!.title).toMatch(/^1\. /);
  });
});

describe('links in a query', () => {
  it('echoes a link in the public search header as text that does not link', async () => {
    const r = await h.emu.runCommand('paper', 'search', { query: 'learning https://evil.example/x' });
    expect(r.ephemeral).toBe(false);
    expect(r.message!.content).not.toMatch(/https?:\/\//);
    expect(r.message!.content).toContain('evil.example/x');
  });
});
