/**
 * The reading list end to end, through the Discord emulator and the real app: digest cards carry *Save to
 * reading list* and *Not relevant* (posted here by the bot's token, as the digest posts them); any member
 * may press them, twice or after a restart, and the list holds the paper once with who saved it; a saved
 * paper is searchable at once under `scope:reading-list`; `/paper reading-list` pages and removes;
 * `scope` works in search, paging, random (with the reading group's no-repeat rule) and autocomplete;
 * forged and stale buttons change nothing.
 */
import type { APIMessage } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readingListButtons } from '../../src/cards/reading-list-buttons.js';
import { paperSchema, type Paper } from '../../src/corpus/schema.js';
import { customIds, startHarness, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => void (h = await startHarness()));
afterAll(async () => h?.close());

const TODAY = new Date().toISOString().slice(0, 10);

/** A digest paper with a distinctive word, so a search names exactly it. */
function digestPaper(n: number, word: string): Paper {
  return paperSchema.parse({
    arxivId: `2612.${String(20000 + n)}`,
    title: `A ${word} approach to field problem ${n}`,
    authors: ['Field Author', `Coauthor ${n}`],
    published: TODAY,
    categories: ['stat.ML'],
    primaryCategory: 'stat.ML',
    abstract: `We present the ${word} method for learning, tested on field benchmark ${n}.`,
    attribution: 'lab',
    source: 'arxiv',
  });
}

/** Writes papers to field_papers as the digest does, and tells the field index (the digest's onFieldPapers hook). */
function listInDigest(papers: Paper[]): void {
  const stmt = h.app.store.db.prepare(`INSERT OR IGNORE INTO field_papers (arxiv_id, json, listed_on, announce_type, first_seen) VALUES (?, ?, ?, 'new', ?)`);
  for (const p of papers) stmt.run(p.arxivId, JSON.stringify(p), TODAY, new Date().toISOString());
  h.app.fieldIndex.addPapers(papers);
}

/** Posts a digest-like card for a paper in the channel with the bot's own token; resolves with the message. */
async function postDigestCard(paper: Paper): Promise<APIMessage> {
  const res = await fetch(`${h.emu.apiUrl}/v10/channels/${h.emu.channelId}/messages`, {
    method: 'POST',
    headers: { authorization: `Bot ${h.emu.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      embeds: [{ title: paper.title, url: `https://arxiv.org/abs/${paper.arxivId}` }],
      components: [{ type: 1, components: readingListButtons(paper.arxivId) }],
      allowed_mentions: { parse: [] },
    }),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as APIMessage;
}

const rows = (table: string) => h.app.store.db.prepare(`SELECT * FROM ${table} ORDER BY arxiv_id`).all() as Record<string, unknown>[];
const errorsLogged = (from: number) => h.logs.slice(from).filter((l) => Number(l.level) >= 50);

const quokka = digestPaper(1, 'quokka');
const wombat = digestPaper(2, 'wombat');

describe('Save and Not relevant on digest cards', () => {
  let card: APIMessage;
  beforeAll(async () => {
    listInDigest([quokka, wombat]);
    card = await postDigestCard(quokka);
  });

  it('saves once for any member, records who pressed, and is searchable at once', async () => {
    const before = await h.emu.runCommand('paper', 'search', { query: 'quokka', scope: 'reading-list' });
    expect(before.message!.content).toMatch(/No paper on the reading list matches/);

    const first = await h.emu.clickButton(card, `v1:rls:${quokka.arxivId}`);
    expect(first.ephemeral).toBe(true);
    expect(first.message!.content).toMatch(/Saved \*\*A quokka approach to field problem 1\*\* to the reading list/);
    const again = await h.emu.clickButton(card, `v1:rls:${quokka.arxivId}`);
    expect(again.message!.content).toMatch(/already on the reading list \(saved by you on \d{4}-\d{2}-\d{2}\)\. Nothing was added/);
    const other = await h.emu.clickButton(card, `v1:rls:${quokka.arxivId}`, { user: h.emu.otherUser });
    expect(other.message!.content).toContain(`saved by <@${h.emu.user.id}>`);

    expect(rows('reading_list')).toMatchObject([{ arxiv_id: quokka.arxivId, saved_by: h.emu.user.id }]);
    expect(rows('paper_feedback').map((r) => [r.user_id, r.verdict])).toEqual(
      expect.arrayContaining([
        [h.emu.user.id, 'save'],
        [h.emu.otherUser.id, 'save'],
      ]),
    );
    const found = await h.emu.runCommand('paper', 'search', { query: 'quokka', scope: 'reading-list' });
    expect(found.message!.embeds[0]!.title).toBe('1. A quokka approach to field problem 1');
    expect(found.message!.embeds[0]!.author?.name).toBe('From the reading list');
    expect(found.message!.content).toMatch(/on the reading list for “quokka”/);
  });

  it('keeps the list and the verdicts across a restart, and Not relevant is recorded once per member', async () => {
    await h.restartBot();
    const again = await h.emu.clickButton(card, `v1:rls:${quokka.arxivId}`);
    expect(again.message!.content).toMatch(/already on the reading list/);
    expect(rows('reading_list')).toHaveLength(1);

    const no = await h.emu.clickButton(card, `v1:rln:${quokka.arxivId}`, { user: h.emu.otherUser });
    expect(no.ephemeral).toBe(true);
    expect(no.message!.content).toMatch(/will rank lower in later digests.*It stays on the reading list/);
    const twice = await h.emu.clickButton(card, `v1:rln:${quokka.arxivId}`, { user: h.emu.otherUser });
    expect(twice.message!.content).toMatch(/already marked .* not relevant\. Nothing changed/);
    const verdicts = rows('paper_feedback').filter((r) => r.user_id === h.emu.otherUser.id);
    expect(verdicts.map((r) => r.verdict)).toEqual(['not-relevant']);
    expect(rows('reading_list')).toHaveLength(1);
    const found = await h.emu.runCommand('paper', 'search', { query: 'quokka', scope: 'reading-list' });
    expect(found.message!.embeds).toHaveLength(1);
  });

  it('changes nothing for a forged, stale or unknown button, with a private answer and no error', async () => {
    const logFrom = h.logs.length;
    const search = (await h.emu.runCommand('paper', 'search', { query: 'learning' })).message!;
    const next = customIds(search).find((id) => id.startsWith('v1:pg:2:'))!;
    const forgeOn = (message: APIMessage, customId: string) => {
      const p = h.emu.build.button(message, next);
      (p.data as Record<string, unknown>).custom_id = customId;
      return p;
    };
    const forged = await (await h.emu.dispatchInteraction(forgeOn(search, `v1:rls:${wombat.arxivId}`))).reply;
    expect(forged.ephemeral).toBe(true);
    expect(forged.message!.content).toMatch(/does not belong to this message, so nothing was changed/);
    const stale = await (await h.emu.dispatchInteraction(forgeOn(search, 'v1:rls:not-a-paper'))).reply;
    expect(stale.message!.content).toMatch(/older version of the bot/);
    expect(rows('reading_list').map((r) => r.arxiv_id)).toEqual([quokka.arxivId]);

    const gone = await postDigestCard(digestPaper(99, 'vanished'));
    const unknown = await h.emu.clickButton(gone, `v1:rls:2612.20099`);
    expect(unknown.message!.content).toMatch(/no longer among the digest papers .* Nothing was changed/);
    expect(rows('reading_list')).toHaveLength(1);
    expect(errorsLogged(logFrom)).toEqual([]);
  });
});

describe('/paper reading-list', () => {
  it('pages five at a time, removes from the menu, and only the member who ran it can change the view', async () => {
    const extra = Array.from({ length: 6 }, (_, i) => digestPaper(10 + i, `platypus${i}`));
    listInDigest(extra);
    for (const p of extra) await h.emu.clickButton(await postDigestCard(p), `v1:rls:${p.arxivId}`);
    expect(rows('reading_list')).toHaveLength(7);

    const list = (await h.emu.runCommand('paper', 'reading-list')).message!;
    expect(list.content).toMatch(/Reading list\*\*: 7 papers/);
    expect(list.embeds).toHaveLength(5);
    expect(list.embeds[0]!.description).toContain(`Saved by <@${h.emu.user.id}>`);
    expect(list.embeds.at(-1)!.footer!.text).toMatch(/^Page 1 of 2/);

    const notMine = await h.emu.clickButton(list, 'v1:rlp:2', { user: h.emu.otherUser });
    expect(notMine.ephemeral).toBe(true);
    expect(notMine.message!.content).toMatch(/Only <@\d+> can change this list view/);

    const page2 = (await h.emu.clickButton(list, 'v1:rlp:2')).message!;
    expect(page2.embeds).toHaveLength(2);
    expect(page2.embeds.at(-1)!.footer!.text).toMatch(/^Page 2 of 2/);
    const victim = page2.embeds[0]!.url!.split('/abs/')[1]!;
    const removed = (await h.emu.selectOption(page2, 'v1:rlr:2', [victim])).message!;
    expect(removed.content).toMatch(/Removed \*\*.*\*\* from the reading list/);
    expect(removed.content).toMatch(/6 papers/);
    expect(rows('reading_list').map((r) => r.arxiv_id)).not.toContain(victim);
    const search = await h.emu.runCommand('paper', 'search', { query: 'field problem', scope: 'reading-list' });
    expect(search.message!.content).toMatch(/\*\*6 papers\*\*/);
  });
});

describe('scope', () => {
  it('searches everything under scope:all, labels each card, and the paging buttons keep the scope', async () => {
    const lab = await h.emu.runCommand('paper', 'search', { query: 'learning' });
    const all = await h.emu.runCommand('paper', 'search', { query: 'learning', scope: 'all' });
    const total = (m: APIMessage) => Number(/\*\*(\d+) papers?\*\*/.exec(m.content)![1]);
    expect(total(all.message!)).toBeGreaterThan(total(lab.message!));
    expect(lab.message!.embeds[0]!.author).toBeUndefined();
    const next = customIds(all.message).find((id) => id.startsWith('v1:pg:2:'))!;
    expect(next).toContain('s=all');
    expect(next.length).toBeLessThanOrEqual(100);
    const pages: APIMessage[] = [all.message!];
    for (let page = 2; page <= 12; page++) {
      const id = customIds(pages.at(-1)!).find((c) => c.startsWith(`v1:pg:${page}:`));
      if (!id) break;
      pages.push((await h.emu.clickButton(pages.at(-1)!, id)).message!);
    }
    const labels = new Set(pages.flatMap((m) => m.embeds.map((e) => e.author?.name)));
    expect(labels).toEqual(new Set(['Lab paper', 'From the reading list', 'Digest paper (arXiv listing)']));
    expect(pages.at(-1)!.content).toMatch(/in lab papers, the reading list and digest papers/);

    const digestOnly = await h.emu.runCommand('paper', 'search', { query: 'wombat', scope: 'all' });
    expect(digestOnly.message!.embeds[0]!.author?.name).toBe('Digest paper (arXiv listing)');
    const menu = customIds(digestOnly.message).find((id) => id.startsWith('v1:op:'))!;
    const full = (await h.emu.selectOption(digestOnly.message!, menu, [wombat.arxivId])).message!;
    expect(full.embeds[0]!.title).toBe(wombat.title);
    // Since the restart above, the field index is the snapshot's, its abstracts left in the table until a card asks.
    expect(h.app.fieldIndex.status().source).toMatchObject({ kind: 'snapshot', checked: 'stamp' });
    expect(full.embeds[0]!.description).toContain(`We present the wombat method for learning`);
    const cite = await h.emu.clickButton(full, `v1:cite:${wombat.arxivId}`);
    expect(cite.message!.content).toMatch(/eprint\s*=\s*\{2612\.20002\}/);
    const save = await h.emu.clickButton(full, `v1:rls:${wombat.arxivId}`, { user: h.emu.otherUser });
    expect(save.message!.content).toMatch(/Saved \*\*A wombat approach/);
    const notInLab = await h.emu.runCommand('paper', 'search', { query: 'wombat' });
    // A digest paper drawn under scope:all must be saved before the reading group can pick it.
    listInDigest([digestPaper(50, 'echidna')]);
    const drawn = (await h.emu.runCommand('paper', 'random', { topic: 'echidna', scope: 'all' })).message!;
    expect(drawn.embeds[0]!.footer!.text).toContain('Digest paper (arXiv listing)');
    const fieldPick = await h.emu.clickButton(
      drawn,
      customIds(drawn).find((id) => id.startsWith('v1:pick:'))!,
    );
    expect(fieldPick.message!.content).toMatch(/press \*Save\* on this card first/);
    expect(notInLab.message!.content).toMatch(/No lab paper matches/);
  });

  it('completes from the scope being searched', async () => {
    const completions = async (scope?: string) =>
      ((await h.emu.autocomplete('paper', 'search', { query: 'wombat', ...(scope ? { scope } : {}) }, 'query')).choices ?? []).map((c) => c.name);
    expect((await completions('all')).join('\n')).toMatch(/wombat/i);
    expect((await completions()).join('\n')).not.toMatch(/wombat/i);
    const random = await h.emu.autocomplete('paper', 'random', { topic: 'quokk', scope: 'reading-list' }, 'topic');
    expect(random.choices!.map((c) => c.name).join('\n')).toMatch(/quokka/i);
  });

  it('draws the reading group’s pick from the reading list and never draws a picked paper again', async () => {
    // Six papers are on the list: once one is picked, no draw from the list returns it again.
    const first = (await h.emu.runCommand('paper', 'random', { scope: 'reading-list', topic: 'platypus0 platypus1 quokka' })).message!;
    expect(first.content).toMatch(/on the reading list/);
    expect(first.embeds[0]!.footer!.text).toContain('From the reading list');
    const pickedId = customIds(first).find((id) => id.startsWith('v1:pick:'))!;
    const picked = await h.emu.clickButton(first, pickedId);
    expect(picked.message!.content).toMatch(/Picked for the reading group/);
    const pickedPaper = pickedId.slice('v1:pick:'.length);
    for (let i = 0; i < 8; i++) {
      const draw = (await h.emu.runCommand('paper', 'random', { scope: 'reading-list' })).message!;
      expect(draw.embeds[0]!.url).not.toContain(pickedPaper);
    }
    expect(rows('picks').map((r) => r.arxiv_id)).toEqual([pickedPaper]);
  });
});
