/** Approve / Reject change the message they are clicked on, so only a review card or list carrying that button. */
import { PermissionFlagsBits } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import type { AnnouncementAdmin } from '../../src/app/contracts.js';
import { reviewButtonId, reviewMessage } from '../../src/announce/messages.js';
import { componentHandlers } from '../../src/handlers/registry.js';
import type { ComponentInput } from '../../src/handlers/types.js';
import { Store } from '../../src/store/index.js';
import { CHANNEL, GUILD, USER, manyPapers, paper, testContext } from './fixtures.js';

let store: Store | undefined;
afterEach(() => store?.close());

function adminContext() {
  store = Store.open(':memory:');
  const candidate = paper({ arxivId: '2605.00001', title: 'Namesake work', authors: ['Qi Lei'], attribution: 'different-author' });
  const none = { newPapers: [], updated: [], announceTargets: [], adminTargets: [], silent: false };
  store.recordDiscoveries({ ...none, reviews: [{ paper: candidate, reasons: ['unknown co-authors'] }] });
  const admin: AnnouncementAdmin = { store, defaults: {}, timeZone: 'UTC', scheduleEnabled: false, runner: () => undefined };
  const ctx = testContext(manyPapers(3));
  ctx.announcements = admin;
  return { ctx, candidate, store };
}

const click = (customId: string, componentIds: string[]): ComponentInput => ({
  userId: USER,
  guildId: GUILD,
  channelId: CHANNEL,
  memberPermissions: PermissionFlagsBits.ManageGuild.toString(),
  customId,
  values: [],
  message: { id: '1', content: 'a search page', embeds: [], componentIds, interaction: { type: 2, userId: USER } },
});

describe('review buttons', () => {
  it('refuse a click naming a review button the message does not carry, and decide nothing', async () => {
    const { ctx, store } = adminContext();
    const approve = reviewButtonId('approve', '2605.00001');
    const r = await componentHandlers.rv!.run(click(approve, ['v1:pg:2:1::learning']), ctx);
    expect(r.kind).toBe('reply');
    expect(r.message.content).toMatch(/does not belong to this message, so nothing was changed/);
    expect(store.pendingReviews()).toHaveLength(1);
  });

  it('decide on the review card that carries them', async () => {
    const { ctx, candidate, store } = adminContext();
    const card = reviewMessage(candidate, ['unknown co-authors']);
    const ids = card.components!.flatMap((row) => row.components.flatMap((c) => ('custom_id' in c ? [c.custom_id] : [])));
    const r = await componentHandlers.rv!.run(click(reviewButtonId('approve', '2605.00001'), ids), ctx);
    expect(r.kind).toBe('update');
    expect(store.pendingReviews()).toHaveLength(0);
  });
});
