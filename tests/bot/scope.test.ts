/**
 * `scope` at the handler level, where the parts can be made to lag: while the field index is still built,
 * `scope:all` still answers from the lab and the reading list and says that digest papers are not searched
 * yet (never a silent half-search); the scope survives the custom_id codec within Discord's 100 characters.
 */
import { describe, expect, it } from 'vitest';
import { decodeComponentId, footerLinesFor, placeSearchQuery, searchPageId } from '../../src/cards/custom-id.js';
import { commandHandlers } from '../../src/handlers/registry.js';
import type { CommandInput, HandlerContext, OptionValues } from '../../src/handlers/types.js';
import { ReadingListService } from '../../src/reading-list/service.js';
import { Store } from '../../src/store/store.js';
import { CHANNEL, GUILD, USER, manyPapers, paper, testContext } from './fixtures.js';

const actor = { userId: USER, guildId: GUILD, channelId: CHANNEL, memberPermissions: '0' };
const run = async (ctx: HandlerContext, path: string, options: OptionValues = {}, who: Omit<CommandInput, 'path' | 'options'> = actor) =>
  commandHandlers[path]!.run({ ...who, path, options } satisfies CommandInput, ctx);

function contextWithLists(building: boolean) {
  const ctx = testContext(manyPapers(3));
  const list = new ReadingListService(Store.open(':memory:'));
  list.save(GUILD, paper({ arxivId: '2611.00001', title: 'Saved sketching survey', abstract: 'Sketching, surveyed.' }), USER, '2026-03-01T00:00:00Z');
  ctx.readingList = list;
  ctx.fieldIndex = {
    engine: () => undefined,
    status: () => (building ? { state: 'building', papers: 0, progress: { done: 420, total: 1000 } } : { state: 'failed', papers: 0 }),
    addPapers: () => undefined,
  };
  return ctx;
}

describe('scope', () => {
  it('says digest papers are not searched yet while the field index is built, and answers from the rest', async () => {
    const r = await run(contextWithLists(true), 'paper search', { query: 'sketching', scope: 'all' });
    expect(r.message.content).toMatch(/\*\*4 papers\*\* in lab papers, the reading list and digest papers/);
    expect(r.message.content).toMatch(/still being built \(42%\): digest papers are not searched yet/);
    expect(r.message.embeds!.map((e) => e.author?.name)).toContain('From the reading list');
    const failed = await run(contextWithLists(false), 'paper search', { query: 'nothingmatcheszz', scope: 'all' });
    expect(failed.message.content).toMatch(/No paper in lab papers, the reading list and digest papers matches/);
    expect(failed.message.content).toMatch(/index of digest papers is unavailable/);
  });

  it('keeps the lab search as it was when no scope is given', async () => {
    const r = await run(contextWithLists(true), 'paper search', { query: 'sketching' });
    expect(r.message.content).toMatch(/^🔎 \*\*3 papers\*\* for “sketching”$/);
    expect(r.message.embeds!.every((e) => e.author === undefined)).toBe(true);
  });

  it('carries the scope in the page buttons within 100 characters, next to every other filter', () => {
    const q = { text: 'x'.repeat(30), author: 'A'.repeat(40), fromYear: 2020, toYear: 2024, category: 'stat.ML', scope: 'reading-list' as const };
    const placement = placeSearchQuery(USER, q);
    const id = searchPageId(2, USER, q, placement);
    expect(id.length).toBeLessThanOrEqual(100);
    // Whatever did not fit the custom_id is on the message's footer, as the card builder writes it.
    const back = decodeComponentId(id, footerLinesFor(q, placement).join('\n'));
    expect(back).toMatchObject({ kind: 'page', page: 2, query: { scope: 'reading-list', author: q.author, category: 'stat.ML' } });
  });
});
