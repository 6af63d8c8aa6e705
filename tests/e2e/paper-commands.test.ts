/**
 * The real bot, the real discord.js client, the Discord emulator: every /paper command, autocomplete,
 * buttons and the select menu, driven the way a lab member would, with hostile input along the way.
 * One emulator and one bot for the whole file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqlitePicksStore } from '../../src/store/picks.js';
import { Store } from '../../src/store/store.js';
import { describeDeployment } from '../../src/deploy-commands.js';
import { customIds, messageBodies, startHarness, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => void (h = await startHarness()));
afterAll(async () => h?.close());

const idOf = (url: string | undefined) => url?.split('/abs/')[1];

describe('registration', () => {
  it('registers /paper with its fourteen subcommands in the guild with one bulk PUT', () => {
    const puts = h.emu.requests.filter((r) => r.method === 'PUT' && r.path.includes('/commands'));
    expect(puts).toHaveLength(1);
    expect(puts[0]!.path).toBe(`/applications/${h.emu.applicationId}/guilds/${h.emu.guildId}/commands`);
    expect(h.emu.commands(h.emu.guildId).map((c) => c.name)).toContain('paper');
    expect(h.deployed.commands.find((c) => c.name === 'paper')!.paths).toEqual([
      'paper search',
      'paper random',
      'paper show',
      'paper recent',
      'paper cite',
      'paper history',
      'paper reading-list',
      'paper stats',
      'paper help',
      'paper poll',
      'paper poll-end',
      'paper schedule',
      'paper sessions',
      'paper unpick',
    ]);
    expect(describeDeployment(h.deployed)).toMatch(/^Registered \d+ command\(s\) in server \d+ \(available now\):\n/);
    expect(describeDeployment(h.deployed)).toMatch(
      /\n {2}\/paper \(search, random, show, recent, cite, history, reading-list, stats, help, poll, poll-end, schedule, sessions, unpick\) {2}id \d+/,
    );
  });

  it('logged one ready line with guilds, commands and papers indexed', () => {
    const ready = h.logs.find((l) => String(l.msg).startsWith('ready as'));
    const paths = h.deployed.commands.reduce((n, c) => n + c.paths.length, 0);
    expect(ready).toMatchObject({ guilds: 1, commands: paths, papers: h.app.engine.size });
  });
});

describe('/paper search', () => {
  it('pages through results with Next and Prev, in place, page i of n', async () => {
    const first = await h.emu.runCommand('paper', 'search', { query: 'learning' });
    expect(first.kind).toBe('message');
    expect(first.ephemeral).toBe(false);
    const total = h.app.engine.search('learning').total;
    const pages = Math.ceil(total / 5);
    expect(pages).toBeGreaterThan(2);
    expect(first.message!.embeds).toHaveLength(5);
    expect(first.message!.embeds[4]!.footer!.text).toContain(`Page 1 of ${pages}`);
    expect(first.message!.embeds[0]!.url).toMatch(/^https:\/\/arxiv\.org\/abs\//);
    expect(first.message!.embeds[0]!.description).toMatch(/\*\*learning\*\*/i);

    const next = customIds(first.message).find((id) => id.startsWith('v1:pg:2:'))!;
    const second = await h.emu.clickButton(first.message!, next);
    expect(second.kind).toBe('update');
    expect(second.message!.embeds[0]!.title).toMatch(/^6\. /);
    expect(second.message!.embeds[4]!.footer!.text).toContain(`Page 2 of ${pages}`);

    const prev = customIds(second.message).find((id) => id.startsWith('v1:pg:1:'))!;
    const back = await h.emu.clickButton(second.message!, prev);
    expect(back.kind).toBe('update');
    expect(back.message!.embeds.map((e) => e.url)).toEqual(first.message!.embeds.map((e) => e.url));
  });

  it('tells another user privately that only the searcher can page, and leaves the message alone', async () => {
    const first = await h.emu.runCommand('paper', 'search', { query: 'learning' });
    const next = customIds(first.message).find((id) => id.startsWith('v1:pg:2:'))!;
    const other = await h.emu.clickButton(first.message!, next, { user: h.emu.otherUser });
    expect(other.ephemeral).toBe(true);
    expect(other.message!.content).toContain(`Only <@${h.emu.user.id}> can turn these pages`);
    expect(h.emu.storedMessage(first.message!.id)!.message.embeds[0]!.title).toMatch(/^1\. /);
  });

  it('opens one result from the select menu as a full card', async () => {
    const first = await h.emu.runCommand('paper', 'search', { query: 'transformer' });
    const select = customIds(first.message).find((id) => id.startsWith('v1:op:'))!;
    const target = idOf(first.message!.embeds[1]!.url)!;
    const card = await h.emu.selectOption(first.message!, select, [target]);
    expect(card.message!.embeds[0]!.url).toBe(`https://arxiv.org/abs/${target}`);
    expect(card.message!.embeds[0]!.fields!.map((f) => f.name)).toEqual(expect.arrayContaining(['Published', 'Categories']));
    const links = (card.message!.components![0] as { components: { url?: string }[] }).components.map((c) => c.url).filter(Boolean);
    expect(links).toEqual([`https://arxiv.org/abs/${target}`, `https://arxiv.org/pdf/${target}`]);
  });

  it('answers nothing-found privately, with did-you-mean when the index has a near word', async () => {
    const query = 'quantum chromodynamics';
    const r = await h.emu.runCommand('paper', 'search', { query });
    expect(r.ephemeral).toBe(true);
    expect(r.message!.content).toContain(`No lab paper matches “${query}”`);
    const suggestions = h.app.engine.search('@everyone').didYouMean;
    const hostile = await h.emu.runCommand('paper', 'search', { query: '@everyone' });
    if (suggestions.length > 0) expect(hostile.message!.content).toContain(`Did you mean **${suggestions[0]}**`);
  });

  it('handles a 1,000-character query and pages it (the query rides in the footer)', async () => {
    const query = ('learning representation ' + 'y'.repeat(30) + ' ').repeat(30).slice(0, 1000);
    expect(h.app.engine.search(query.replace(/\s+/g, ' ').trim()).total).toBeGreaterThan(5);
    const first = await h.emu.runCommand('paper', 'search', { query });
    expect(first.message!.embeds.at(-1)!.footer!.text).toContain('Query: learning representation');
    const next = customIds(first.message).find((id) => id.startsWith('v1:pg:2:'))!;
    expect(next.length).toBeLessThanOrEqual(100);
    const second = await h.emu.clickButton(first.message!, next);
    expect(second.kind).toBe('update');
    expect(second.message!.embeds[0]!.title).toMatch(/^6\. /);
  });

  it('filters by author and years', async () => {
    const r = await h.emu.runCommand('paper', 'search', { query: 'learning', from_year: 2024, to_year: 2025 });
    for (const e of r.message!.embeds) expect(e.description).toMatch(/ · 202[45]( · |\n)/);
    expect(r.message!.content).toContain('2024–2025');
  });
});

describe('autocomplete', () => {
  it('answers empty, partial and 1,000-character input with at most 25 valid choices', async () => {
    for (const typed of ['', 'sket', 'x'.repeat(1000)]) {
      const r = await h.emu.autocomplete('paper', 'search', { query: typed }, 'query');
      expect(r.kind).toBe('autocomplete');
      expect(r.choices!.length).toBeLessThanOrEqual(25);
      for (const c of r.choices!) expect(String(c.value).length > 0 && c.name.length <= 100 && String(c.value).length <= 100).toBe(true);
    }
    const partial = await h.emu.autocomplete('paper', 'search', { query: 'sket' }, 'query');
    expect(partial.choices!.length).toBeGreaterThan(0);
  });

  it('suggests titles for /paper show whose values are arXiv ids, and the pick opens that paper', async () => {
    const r = await h.emu.autocomplete('paper', 'show', { paper: 'sketchy moment' }, 'paper');
    const choice = r.choices![0]!;
    expect(String(choice.value)).toMatch(/^\d{4}\.\d{4,5}$/);
    const card = await h.emu.runCommand('paper', 'show', { paper: String(choice.value) });
    expect(card.message!.embeds[0]!.url).toBe(`https://arxiv.org/abs/${choice.value}`);
  });
});

describe('/paper show, cite, recent, help', () => {
  it('shows a paper by id, by versioned URL, and explains an unknown id', async () => {
    const byId = await h.emu.runCommand('paper', 'show', { paper: '1910.07703' });
    expect(byId.message!.embeds[0]!.fields![0]!.value).toBe('Authors unknown');
    const byUrl = await h.emu.runCommand('paper', 'show', { paper: 'https://arxiv.org/pdf/2407.06120v2' });
    expect(byUrl.message!.embeds[0]!.url).toBe('https://arxiv.org/abs/2407.06120');
    const unknown = await h.emu.runCommand('paper', 'show', { paper: '2501.99999' });
    expect(unknown.ephemeral).toBe(true);
    expect(unknown.message!.content).toContain('arXiv:2501.99999 is not one of the lab’s papers');
  });

  it('cites in a bibtex block, also from the Cite button, and lists similar papers', async () => {
    const cite = await h.emu.runCommand('paper', 'cite', { paper: '2407.06120' });
    expect(cite.message!.content).toMatch(/```bibtex\n@misc\{\w+,[\s\S]*eprint\s*= \{2407\.06120\}[\s\S]*\n```$/);
    const card = await h.emu.runCommand('paper', 'show', { paper: '2407.06120' });
    const [similar, citeId] = customIds(card.message);
    const fromButton = await h.emu.clickButton(card.message!, citeId!);
    expect(fromButton.message!.content).toContain('```bibtex');
    const like = await h.emu.clickButton(card.message!, similar!);
    expect(like.ephemeral).toBe(true);
    expect(like.message!.embeds.length).toBeGreaterThan(0);
    expect(like.message!.embeds.map((e) => e.url)).not.toContain('https://arxiv.org/abs/2407.06120');
  });

  it('lists the newest papers and explains every subcommand', async () => {
    const recent = await h.emu.runCommand('paper', 'recent', { count: 3 });
    expect(recent.message!.embeds.map((e) => idOf(e.url))).toEqual(h.app.engine.recent(3).map((p) => p.arxivId));
    const help = await h.emu.runCommand('paper', 'help');
    expect(help.ephemeral).toBe(true);
    for (const sub of ['search', 'random', 'show', 'recent', 'cite', 'history', 'help']) {
      expect(help.message!.embeds[0]!.description).toContain(`/paper ${sub}`);
    }
  });
});

describe('/paper random and the reading group', () => {
  it('rerolls, picks (public card + thread + record), lists history and never draws the pick again', async () => {
    const first = await h.emu.runCommand('paper', 'random', { topic: 'learning' });
    expect(first.message!.embeds).toHaveLength(1);
    const reroll = customIds(first.message).find((id) => id.startsWith('v1:rr:'))!;
    const second = await h.emu.clickButton(first.message!, reroll);
    expect(second.kind).toBe('update');
    expect(second.message!.embeds[0]!.url).not.toBe(first.message!.embeds[0]!.url);

    const pickedId = idOf(second.message!.embeds[0]!.url)!;
    const pick = customIds(second.message).find((id) => id.startsWith('v1:pick:'))!;
    const before = h.emu.channelMessages().length;
    const done = await h.emu.clickButton(second.message!, pick);
    expect(done.ephemeral).toBe(true);
    expect(done.message!.content).toMatch(/Picked for the reading group and posted in <#\d+>\. Discussion: <#\d+>/);

    const posted = h.emu
      .channelMessages()
      .slice(before)
      .find((m) => m.embeds[0]?.url?.endsWith(pickedId));
    expect(posted).toBeDefined();
    expect(posted!.content).toContain('Reading group pick');
    const threadId = /Discussion: <#(\d+)>/.exec(done.message!.content)![1]!;
    expect(h.emu.requests.some((r) => r.method === 'POST' && r.path === `/channels/${h.emu.channelId}/messages/${posted!.id}/threads` && r.status < 300)).toBe(
      true,
    );
    expect(h.emu.state.channels.get(threadId)).toBeDefined();

    // Read back from the state database file itself, as a restarted bot would.
    const db = Store.open(h.config.dbPath, { readonly: true });
    const stored = new SqlitePicksStore(db).list(h.emu.guildId);
    db.close();
    expect(stored[0]).toMatchObject({ arxivId: pickedId, messageId: posted!.id, threadId, pickedBy: h.emu.user.id });

    const history = await h.emu.runCommand('paper', 'history');
    expect(history.message!.embeds[0]!.description).toMatch(new RegExp(`^1\\. \\[[^\\]]+\\]\\(https://arxiv\\.org/abs/${pickedId.replace('.', '\\.')}\\)`));

    // With every other matching paper excluded too, random must have nothing left rather than the pick.
    for (let i = 0; i < 15; i++) {
      const r = await h.emu.runCommand('paper', 'random', { topic: 'learning' });
      expect(r.message!.embeds[0]?.url ?? '').not.toContain(pickedId);
    }
  });
});

describe('hostile input', () => {
  it('never lets any message the bot sent ping anyone, and shows mentions and markdown as text', async () => {
    for (const query of ['@everyone', '<@&123>', '@here **bold** __under__ `code` ||spoiler||', `<@${h.emu.otherUser.id}> learning`]) {
      const r = await h.emu.runCommand('paper', 'search', { query });
      expect(r.message).not.toBeNull();
      expect(r.message!.content).not.toMatch(/(^|[^\\])<@/);
      expect(r.message!.content).not.toMatch(/@(everyone|here)/);
    }
    await h.emu.runCommand('paper', 'random', { topic: '@everyone learning' });
    const bodies = messageBodies(h.emu.requests);
    expect(bodies.length).toBeGreaterThanOrEqual(5);
    for (const { path, body } of bodies) expect({ path, allowed: body.allowed_mentions }).toEqual({ path, allowed: { parse: [] } });
    for (const id of h.emu.state.messages.keys()) {
      const stored = h.emu.storedMessage(id)!;
      expect(stored.message.mention_everyone ?? false).toBe(false);
      expect(stored.message.mentions ?? []).toEqual([]);
      expect(stored.message.mention_roles ?? []).toEqual([]);
    }
  });

  it('never writes the bot token or an interaction token to the log', () => {
    const log = h.rawLog();
    expect(log).not.toContain(h.emu.token);
    for (const i of h.emu.interactions) expect(log).not.toContain(i.token);
  });
});
