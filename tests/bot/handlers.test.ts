import { describe, expect, it } from 'vitest';
import { MessageFlags } from 'discord.js';
import { customMessage, pickAnnouncementMessage, randomPaperMessage } from '../../src/cards/cards.js';
import { decodeComponentId, paperActionId, rerollId, searchPageId } from '../../src/cards/custom-id.js';
import { commandHandlers, componentHandlers } from '../../src/handlers/registry.js';
import type { CommandInput, ComponentInput, HandlerContext, OptionValues, Reply } from '../../src/handlers/types.js';
import type { MessagePayload } from '../../src/cards/message.js';
import { CHANNEL, GUILD, OTHER_USER, USER, hostilePapers, manyPapers, paper, testContext } from './fixtures.js';
import { limitViolations, visibleText } from './limits-check.js';

const actor = { userId: USER, guildId: GUILD, channelId: CHANNEL, memberPermissions: '0' };
const run = async (ctx: HandlerContext, path: string, options: OptionValues = {}, who = actor): Promise<Reply> =>
  commandHandlers[path]!.run({ ...who, path, options } satisfies CommandInput, ctx);
/** A click on `message`, which (unless `made` says otherwise) USER's slash command produced. */
const click = async (
  ctx: HandlerContext,
  customId: string,
  message: MessagePayload,
  who = actor,
  values: string[] = [],
  made: ComponentInput['message']['interaction'] = { type: 2, userId: USER },
): Promise<Reply> => {
  const action = customId.split(':')[1]!;
  const componentIds = (message.components ?? []).flatMap((r) => r.components.flatMap((c) => ('custom_id' in c ? [c.custom_id] : [])));
  const input: ComponentInput = {
    ...who,
    customId,
    values,
    message: { id: '1', content: message.content ?? '', embeds: message.embeds ?? [], componentIds, interaction: made },
  };
  return componentHandlers[action]!.run(input, ctx);
};
const ids = (m: MessagePayload) => m.components!.flatMap((r) => r.components.map((c) => ('custom_id' in c ? c.custom_id : '')));
const isEphemeral = (m: MessagePayload) => ((m.flags ?? 0) & MessageFlags.Ephemeral) !== 0;

describe('/paper search', () => {
  it('answers five cards a page with Next, and only the searcher can turn the page', async () => {
    const ctx = testContext(manyPapers(12));
    const first = await run(ctx, 'paper search', { query: 'sketching' });
    expect(first.kind).toBe('reply');
    expect(first.message.embeds).toHaveLength(5);
    expect(first.message.embeds![4]!.footer!.text).toMatch(/^Page 1 of 3/);
    expect(limitViolations(first.message)).toEqual([]);
    const next = ids(first.message).find((id) => id.startsWith('v1:pg:2:'))!;

    const stranger = await click(ctx, next, first.message, { ...actor, userId: OTHER_USER });
    expect(stranger.kind).toBe('reply');
    expect(isEphemeral(stranger.message)).toBe(true);
    expect(stranger.message.content).toMatch(/Only <@100000000000000001> can turn these pages/);

    const second = await click(ctx, next, first.message);
    expect(second.kind).toBe('update');
    expect(second.message.embeds![0]!.title).toMatch(/^6\. /);
    expect(second.message.embeds![4]!.footer!.text).toMatch(/^Page 2 of 3/);
  });

  it('says there are no results, with did-you-mean suggestions, privately', async () => {
    const ctx = testContext(manyPapers(3));
    const r = await run(ctx, 'paper search', { query: 'skech' });
    expect(isEphemeral(r.message)).toBe(true);
    expect(r.message.content).toMatch(/No lab paper matches “skech”/);
    expect(r.message.content).toMatch(/Did you mean \*\*sketching\*\*/);
  });

  it('answers an empty query with a hint instead of failing', async () => {
    const r = await run(testContext(manyPapers(3)), 'paper search', { query: '   ' });
    expect(r.message.content).toMatch(/Type some words to search for/);
  });

  it('shows the paper itself when the query is an arXiv id or URL (what autocomplete fills in)', async () => {
    const ctx = testContext(hostilePapers);
    const r = await run(ctx, 'paper search', { query: 'https://arxiv.org/abs/1910.07703v2' });
    expect(r.message.embeds![0]!.url).toBe('https://arxiv.org/abs/1910.07703');
    expect(r.message.embeds![0]!.fields![0]!.value).toBe('Authors unknown');
  });

  it('opens a result from the select menu: publicly for the searcher, privately for anyone else', async () => {
    const ctx = testContext(manyPapers(7));
    const page = (await run(ctx, 'paper search', { query: 'sketching' })).message;
    const select = ids(page).find((id) => id.startsWith('v1:op:'))!;
    const id = page.embeds![1]!.url!.split('/abs/')[1]!;
    const mine = await click(ctx, select, page, actor, [id]);
    expect(isEphemeral(mine.message)).toBe(false);
    expect(mine.message.embeds![0]!.url).toBe(`https://arxiv.org/abs/${id}`);
    const theirs = await click(ctx, select, page, { ...actor, userId: OTHER_USER }, [id]);
    expect(isEphemeral(theirs.message)).toBe(true);
  });

  it('pages a 1,000-character query, recovering it from the footer', async () => {
    const ctx = testContext(manyPapers(12));
    const query = ('sketching regression ' + 'x'.repeat(20) + ' ').repeat(40).slice(0, 1000);
    const first = (await run(ctx, 'paper search', { query })).message;
    expect(limitViolations(first)).toEqual([]);
    const next = ids(first).find((id) => id.startsWith('v1:pg:2:'))!;
    const state = decodeComponentId(next, first.embeds!.at(-1)!.footer!.text);
    expect(state.kind === 'page' && state.query.text).toBe(query.replace(/\s+/g, ' ').trim());
    const second = await click(ctx, next, first);
    expect(second.kind).toBe('update');
    expect(second.message.embeds![4]!.footer!.text).toMatch(/^Page 2 of 3/);
  });

  it('answers a button of an unknown format version politely', async () => {
    const r = await click(testContext(manyPapers(2)), 'v0:pg:2:1:x', { allowed_mentions: { parse: [] } });
    expect(r.message.content).toMatch(/older version of the bot/);
  });
});

describe('autocomplete', () => {
  it('gives at most 25 choices within limits, for empty, partial and 1,000-character input', async () => {
    const ctx = testContext(manyPapers(40));
    for (const value of ['', 'sket', 'sketching '.repeat(100)]) {
      const choices = await commandHandlers['paper search']!.autocomplete!(
        { ...actor, path: 'paper search', focused: { name: 'query', value }, options: { query: value } },
        ctx,
      );
      expect(choices.length).toBeLessThanOrEqual(25);
      for (const c of choices) expect(c.name.length <= 100 && c.value.length <= 100 && c.value.length > 0).toBe(true);
    }
  });

  it('offers paper titles with arXiv ids as values for /paper show', async () => {
    const ctx = testContext(manyPapers(3));
    const choices = await commandHandlers['paper show']!.autocomplete!(
      { ...actor, path: 'paper show', focused: { name: 'paper', value: 'number 2' }, options: {} },
      ctx,
    );
    expect(choices).toContainEqual({ name: 'Sketching paper number 2', value: '2402.10001' });
    for (const c of choices) expect(c.value).toMatch(/^\d{4}\.\d{5}$/);
  });
});

describe('/paper random and the reading group', () => {
  it('picks: posts the card in the channel, opens a thread, records it, and random skips it afterwards', async () => {
    const papers = manyPapers(2);
    const ctx = testContext(papers);
    const first = (await run(ctx, 'paper random')).message;
    const pickedId = first.embeds![0]!.url!.split('/abs/')[1]!;
    const pickId = ids(first).find((id) => id.startsWith('v1:pick:'))!;
    expect(componentHandlers.pick!.defer).toBe('ephemeral');

    const done = await click(ctx, pickId, first);
    expect(isEphemeral(done.message)).toBe(true);
    expect(done.message.content).toMatch(/Picked for the reading group.*Discussion: <#\d+>/);
    expect(ctx.discord.posts).toHaveLength(1);
    expect(ctx.discord.posts[0]!.channelId).toBe(CHANNEL);
    expect(ctx.discord.posts[0]!.message.embeds![0]!.url).toBe(`https://arxiv.org/abs/${pickedId}`);
    expect(ctx.discord.posts[0]!.message.allowed_mentions).toEqual({ parse: [] });
    expect(ctx.discord.threads[0]!.name).toBe(papers.find((p) => p.arxivId === pickedId)!.title);

    for (let i = 0; i < 10; i++) {
      expect((await run(ctx, 'paper random')).message.embeds![0]!.url).not.toContain(pickedId);
    }
    const again = await click(ctx, pickId, first);
    expect(again.message.content).toMatch(/already picked this paper on 2026-03-01/);
    expect(ctx.discord.posts).toHaveLength(1);

    const history = (await run(ctx, 'paper history')).message;
    expect(history.embeds![0]!.description).toMatch(new RegExp(`^1\\. \\[.*\\]\\(https://arxiv.org/abs/${pickedId.replace('.', '\\.')}\\)`));
  });

  it('records a pick even when the thread cannot be opened, and says so', async () => {
    const ctx = testContext(manyPapers(2), { failThread: true });
    const first = (await run(ctx, 'paper random')).message;
    const done = await click(
      ctx,
      ids(first).find((id) => id.startsWith('v1:pick:'))!,
      first,
    );
    expect(done.message.content).toMatch(/could not open a thread/);
    expect(ctx.picks.list(GUILD)).toHaveLength(1);
  });

  it('rerolls in place for the asker, never the same paper, and refuses others', async () => {
    const ctx = testContext(manyPapers(2));
    const first = (await run(ctx, 'paper random', { topic: 'sketching' })).message;
    const reroll = ids(first).find((id) => id.startsWith('v1:rr:'))!;
    const r = await click(ctx, reroll, first);
    expect(r.kind).toBe('update');
    expect(r.message.embeds![0]!.url).not.toBe(first.embeds![0]!.url);
    const other = await click(ctx, reroll, first, { ...actor, userId: OTHER_USER });
    expect(isEphemeral(other.message)).toBe(true);
  });

  it('says when nothing is left to draw', async () => {
    const r = await run(testContext(manyPapers(2)), 'paper random', { topic: 'nothing matches this' });
    expect(r.message.content).toMatch(/No paper on “nothing matches this” is left/);
  });

  it('shows an empty history kindly', async () => {
    expect((await run(testContext([]), 'paper history')).message.content).toMatch(/No reading-group picks yet/);
  });
});

describe('/paper show, cite, recent, help and card buttons', () => {
  it('shows by id, URL or title words, and explains an unknown id', async () => {
    const ctx = testContext(hostilePapers);
    expect((await run(ctx, 'paper show', { paper: '2401.00002' })).message.embeds![0]!.url).toContain('2401.00002');
    expect((await run(ctx, 'paper show', { paper: 'arXiv:2401.00002v3' })).message.embeds![0]!.url).toContain('2401.00002');
    expect((await run(ctx, 'paper show', { paper: 'no recorded authors' })).message.embeds![0]!.url).toContain('1910.07703');
    const unknown = (await run(ctx, 'paper show', { paper: '2501.99999' })).message;
    expect(isEphemeral(unknown)).toBe(true);
    expect(unknown.content).toMatch(/arXiv:2501\.99999 is not one of the lab’s papers/);
  });

  it('cites in a bibtex code block', async () => {
    const r = await run(testContext(hostilePapers), 'paper cite', { paper: '1910.07703' });
    expect(r.message.content).toMatch(/```bibtex\n@misc\{[\s\S]*eprint\s+= \{1910\.07703\}[\s\S]*```$/);
  });

  it('lists recent papers newest first, as many as asked', async () => {
    const r = await run(testContext(manyPapers(12)), 'paper recent', { count: 3 });
    expect(r.message.embeds).toHaveLength(3);
  });

  it('explains every subcommand in help', async () => {
    const text = visibleText((await run(testContext([]), 'paper help')).message);
    for (const sub of ['search', 'random', 'show', 'recent', 'cite', 'history', 'help']) expect(text).toContain(`/paper ${sub}`);
    expect(text).toContain('/paper search query:<…> [author] [from_year] [to_year] [category]');
  });

  it('answers Similar and Cite buttons privately', async () => {
    const ctx = testContext(manyPapers(4));
    const card = (await run(ctx, 'paper show', { paper: '2402.10000' })).message;
    const [sim, cite] = ids(card).filter(Boolean);
    const similar = await click(ctx, sim!, card);
    expect(isEphemeral(similar.message)).toBe(true);
    expect(similar.message.embeds!.length).toBeGreaterThan(0);
    expect(similar.message.embeds!.every((e) => !e.url!.endsWith('2402.10000'))).toBe(true);
    expect((await click(ctx, cite!, card)).message.content).toContain('```bibtex');
  });
});

describe('forged clicks', () => {
  const namesake = paper({
    arxivId: '2405.00009',
    title: 'Sketching by a namesake',
    authors: ['Qi Lei'],
    attribution: 'different-author',
    abstract: 'Sketching.',
  });

  it('will not turn a channel post (an announcement, a pick) into search results', async () => {
    const ctx = testContext(manyPapers(12));
    const post = pickAnnouncementMessage(manyPapers(1)[0]!, USER);
    const forged = searchPageId(1, OTHER_USER, { text: 'sketching' }, 'id');
    const r = await click(ctx, forged, post, { ...actor, userId: OTHER_USER }, [], null);
    expect(r.kind).toBe('reply');
    expect(isEphemeral(r.message)).toBe(true);
    expect(r.message.content).toMatch(/does not belong to this message, so nothing was changed/);
  });

  it('will not reroll a review card (which would lose its Approve/Reject buttons)', async () => {
    const ctx = testContext(manyPapers(3));
    const card = customMessage({
      content: 'Review',
      components: [{ type: 1, components: [{ type: 2, style: 3, label: 'Approve', custom_id: 'v1:rv:approve:2402.10000:card' }] }],
    });
    const forged = rerollId(OTHER_USER, '2402.10000', { text: 'sketching' }, 'id');
    const r = await click(ctx, forged, card, { ...actor, userId: OTHER_USER }, [], null);
    expect(r.kind).toBe('reply');
    expect(r.message.content).toMatch(/does not belong to this message/);
  });

  it('takes the owner from the message, not from a custom_id naming the clicker', async () => {
    const ctx = testContext(manyPapers(12));
    const page = (await run(ctx, 'paper search', { query: 'sketching' })).message;
    // Bob forges a Next button that names himself as the owner, on Alice's results.
    const forged = searchPageId(2, OTHER_USER, { text: 'sketching' }, 'id');
    const r = await click(ctx, forged, page, { ...actor, userId: OTHER_USER });
    expect(r.kind).toBe('reply');
    expect(r.message.content).toMatch(/does not belong to this message/);
    // A search message someone else's command produced cannot be paged by Bob even with a button it carries.
    const next = ids(page).find((id) => id.startsWith('v1:pg:2:'))!;
    const theirs = await click(ctx, next, page, { ...actor, userId: OTHER_USER }, [], { type: 2, userId: USER });
    expect(theirs.message.content).toMatch(/Only <@100000000000000001> can turn these pages/);
  });

  it('refuses a reading-group pick of a namesake’s paper, and posts nothing', async () => {
    const ctx = testContext([...manyPapers(2), namesake]);
    const card = randomPaperMessage(namesake, USER, { text: '' });
    const r = await click(ctx, paperActionId('pick', namesake.arxivId), card);
    expect(r.message.content).toMatch(/arXiv:2405\.00009 is by a namesake of a lab author, not the lab’s/);
    expect(ctx.discord.posts).toHaveLength(0);
    expect(ctx.picks.list(GUILD)).toHaveLength(0);
  });

  it('refuses a pick button that the card does not carry', async () => {
    const ctx = testContext(manyPapers(3));
    const card = (await run(ctx, 'paper random')).message;
    const shown = card.embeds![0]!.url!.split('/abs/')[1]!;
    const other = manyPapers(3).find((p) => p.arxivId !== shown)!.arxivId;
    const r = await click(ctx, paperActionId('pick', other), card);
    expect(r.message.content).toMatch(/does not belong to this message/);
    expect(ctx.discord.posts).toHaveLength(0);
  });

  it('opens a result privately when the menu is on someone else’s message, and asks for a value when none came', async () => {
    const ctx = testContext(manyPapers(7));
    const page = (await run(ctx, 'paper search', { query: 'sketching' })).message;
    const select = ids(page).find((id) => id.startsWith('v1:op:'))!;
    const forged = select.replace(USER, OTHER_USER);
    const r = await click(ctx, forged, page, { ...actor, userId: OTHER_USER }, ['2402.10001']);
    expect(isEphemeral(r.message)).toBe(true);
    expect((await click(ctx, select, page, actor, [])).message.content).toMatch(/Pick a paper from the menu/);
  });

  it('finds no handler named after a member of Object.prototype', () => {
    for (const key of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      expect(componentHandlers[key], key).toBeUndefined();
      expect(commandHandlers[key], key).toBeUndefined();
    }
  });
});

describe('echoed links', () => {
  const url = 'https://evil.example/x';
  const linkFree = (text: string | undefined) => expect(text ?? '').not.toMatch(/[a-z]+:\/\//i);

  it('defuses a link in a search header, keeping it readable', async () => {
    const ctx = testContext(manyPapers(12));
    const r = await run(ctx, 'paper search', { query: `sketching ${url}` });
    linkFree(r.message.content);
    expect(r.message.content).toContain('https\u200b://evil.example/x');
  });

  it('defuses links in the no-results note, did-you-mean and the author filter, and suppresses previews', async () => {
    const ctx = testContext(manyPapers(3));
    const r = await run(ctx, 'paper search', { query: `skech ${url}`, author: 'http://x.example' });
    linkFree(r.message.content);
    expect((r.message.flags ?? 0) & MessageFlags.SuppressEmbeds).toBe(MessageFlags.SuppressEmbeds);
  });

  it('defuses a link in the topic of /paper random and in its nothing-left note', async () => {
    const ctx = testContext(manyPapers(3));
    linkFree((await run(ctx, 'paper random', { topic: `sketching ${url}` })).message.content);
    linkFree((await run(ctx, 'paper random', { topic: `nothing ${url}` })).message.content);
  });

  it('defuses a link in the footer of a long query and still pages the exact query', async () => {
    const ctx = testContext(manyPapers(12));
    const query = `sketching ${url} ` + 'regression '.repeat(30);
    const first = (await run(ctx, 'paper search', { query })).message;
    linkFree(first.embeds!.at(-1)!.footer!.text);
    const next = ids(first).find((id) => id.startsWith('v1:pg:2:'))!;
    const state = decodeComponentId(next, first.embeds!.at(-1)!.footer!.text);
    expect(state.kind === 'page' && state.query.text).toBe(query.trim());
    expect((await click(ctx, next, first)).kind).toBe('update');
  });
});
