/**
 * `/paper stats`: the figures equal the corpus, the chart is a real PNG of the expected size drawn the same
 * way every time, and the reply carries the chart and the same figures in text. An author with no papers
 * gets a sentence and no chart; a corpus of one paper works.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MessageFlags } from 'discord.js';
import { loadCorpus } from '../../src/corpus/corpus.js';
import { paperYear } from '../../src/corpus/schema.js';
import type { CitationReader, CitationSnapshot } from '../../src/citations/types.js';
import { showCommand } from '../../src/handlers/paper/show.js';
import { statsCommand } from '../../src/handlers/paper/stats.js';
import { computeStats, mainCategory, UNLISTED_CATEGORY } from '../../src/stats/compute.js';
import { CHART_WIDTH, renderStatsPng, renderStatsSvg } from '../../src/stats/render.js';
import { paper, testContext, USER, GUILD, CHANNEL } from '../bot/fixtures.js';
import { pngSize } from './png.js';

const corpus = loadCorpus(path.resolve('data/papers.json'));
const visible = corpus.visible();

const input = (options: Record<string, string | number> = {}, sub = 'stats') => ({
  userId: USER,
  guildId: GUILD,
  channelId: CHANNEL,
  memberPermissions: null,
  path: `paper ${sub}`,
  options,
});

function citations(snapshot: Partial<CitationSnapshot>): CitationReader {
  const snap = (): CitationSnapshot => ({ papers: new Map(), asOf: null, problem: null, ...snapshot });
  return { snapshot: snap, figures: (id) => snap().papers.get(id) };
}

describe('the figures', () => {
  it('count per year exactly the visible papers of the corpus, every year of the span included', () => {
    const stats = computeStats(visible, {})!;
    const byYear = new Map<number, number>();
    for (const p of visible) byYear.set(paperYear(p), (byYear.get(paperYear(p)) ?? 0) + 1);
    expect(stats.total).toBe(visible.length);
    expect(stats.years.map((y) => y.year)).toEqual(Array.from({ length: stats.toYear - stats.fromYear + 1 }, (_, i) => stats.fromYear + i));
    for (const y of stats.years) {
      expect(y.total).toBe(byYear.get(y.year) ?? 0);
      expect(Object.values(y.byCategory).reduce((a, b) => a + b, 0)).toBe(y.total);
    }
    // Namesakes' papers are not the lab's: not counted unless the corpus shows them.
    expect(stats.total).toBeLessThan(corpus.all().length);
  });

  it('with filters, count the papers in the range by that author, as the search filter matches authors', () => {
    const stats = computeStats(visible, { fromYear: 2021, toYear: 2024, author: 'jason lee' })!;
    const expected = visible.filter((p) => paperYear(p) >= 2021 && paperYear(p) <= 2024 && p.authors.some((a) => /jason/i.test(a) && /\blee\b/i.test(a)));
    expect(expected.length).toBeGreaterThan(1);
    expect(stats.total).toBe(expected.length);
    expect(stats.excludedAuthors).toContain('Jason D. Lee');
    expect(stats.coauthors.map((c) => c.name)).not.toContain('Jason D. Lee');
  });

  it('leave the lab’s own author out of the co-authors and rank the rest by papers together', () => {
    const stats = computeStats(visible, {})!;
    const qiLei = visible.filter((p) => p.authors.includes('Qi Lei')).length;
    expect(qiLei * 2).toBeGreaterThan(visible.length);
    expect(stats.coauthors.map((c) => c.name)).not.toContain('Qi Lei');
    const lee = visible.filter((p) => p.authors.includes('Jason D. Lee')).length;
    expect(stats.coauthors[0]).toEqual({ name: 'Jason D. Lee', papers: lee });
    const counts = stats.coauthors.map((c) => c.papers);
    expect([...counts].sort((a, b) => b - a)).toEqual(counts);
  });

  it('stack each paper under its main category; a paper with none is "not listed"', () => {
    const stats = computeStats(visible, {})!;
    const unlisted = visible.filter((p) => mainCategory(p) === UNLISTED_CATEGORY).length;
    expect(unlisted).toBeGreaterThan(0);
    expect(stats.years.reduce((n, y) => n + (y.byCategory[UNLISTED_CATEGORY] ?? 0), 0)).toBe(unlisted);
  });

  it('an author with no papers gives no figures at all', () => {
    expect(computeStats(visible, { author: 'Zyxwvut Nobody' })).toBeNull();
    expect(computeStats(visible, { fromYear: 1995, toYear: 1996 })).toBeNull();
  });

  it('citations: only papers with a known count, never a zero for an unknown paper', () => {
    const [a, b, c] = visible;
    const snap: CitationSnapshot = {
      papers: new Map([
        [a!.arxivId, { citationCount: 40, venue: null, fetchedAt: '2026-11-30T09:00:00Z' }],
        [b!.arxivId, { citationCount: 2, venue: null, fetchedAt: '2026-11-30T09:00:00Z' }],
        [c!.arxivId, { citationCount: null, venue: null, fetchedAt: '2026-11-30T09:00:00Z' }],
      ]),
      asOf: '2026-11-30T09:00:00Z',
      problem: null,
    };
    const stats = computeStats(visible, {}, { citations: snap })!;
    expect(stats.citations).toMatchObject({ known: 2, total: 42, mean: 21, asOf: '2026-11-30' });
    expect(stats.citations!.top.map((t) => t.count)).toEqual([40, 2]);
  });
});

describe('the chart', () => {
  it('is a PNG of the chart width, taller with a citations panel, and the same bytes every time', async () => {
    const plain = computeStats(visible, {})!;
    const png = await renderStatsPng(plain);
    const size = pngSize(png);
    expect(size.width).toBe(CHART_WIDTH);
    expect(size.height).toBeGreaterThan(600);
    expect((await renderStatsPng(plain)).equals(png)).toBe(true);

    const snap: CitationSnapshot = {
      papers: new Map([[visible[0]!.arxivId, { citationCount: 9, venue: null, fetchedAt: '2026-11-30T00:00:00Z' }]]),
      asOf: '2026-11-30T00:00:00Z',
      problem: null,
    };
    const withCitations = pngSize(await renderStatsPng(computeStats(visible, {}, { citations: snap })!));
    expect(withCitations.width).toBe(CHART_WIDTH);
    expect(withCitations.height).toBeGreaterThan(size.height);
  });

  it('leaves no vega-lite patch on Set.prototype behind (it breaks discord.js loaded after it)', async () => {
    await renderStatsSvg(computeStats(visible, {})!);
    expect(Object.getOwnPropertyNames(Set.prototype)).not.toContain('toJSON');
  });

  it('draws every year and its total as text, in the packaged font', async () => {
    const stats = computeStats(visible, {})!;
    const svg = await renderStatsSvg(stats);
    for (const y of stats.years) expect(svg).toContain(`>${y.year}<`);
    expect(svg).toContain('font-family="DejaVu Sans"');
    expect(svg).toContain('Lab papers 2019–2026');
  });

  it('works for a corpus of one paper', async () => {
    const one = [
      paper({ arxivId: '2501.00001', authors: ['Qi Lei', 'Ada Lovelace'], primaryCategory: 'cs.LG', categories: ['cs.LG'], published: '2025-02-01' }),
    ];
    const stats = computeStats(one, {})!;
    expect(stats.years).toEqual([{ year: 2025, total: 1, byCategory: { 'cs.LG': 1 } }]);
    // With one paper no author stands out as the lab's own, so both are listed rather than one guessed away.
    expect(stats.coauthors).toEqual([
      { name: 'Ada Lovelace', papers: 1 },
      { name: 'Qi Lei', papers: 1 },
    ]);
    expect(pngSize(await renderStatsPng(stats)).width).toBe(CHART_WIDTH);
  });
});

describe('/paper stats handler', () => {
  it('answers with the chart attached, shown in the embed, and the same figures as text', async () => {
    const ctx = testContext(visible);
    const answer = await statsCommand.run(input({ from_year: 2024 }), ctx);
    const m = answer.message;
    expect(m.flags ?? 0).toBe(0);
    expect(m.files).toHaveLength(1);
    expect(m.files![0]!.name).toBe('stats.png');
    expect(pngSize(m.files![0]!.data).width).toBe(CHART_WIDTH);
    const embed = m.embeds![0]!;
    expect(embed.image?.url).toBe('attachment://stats.png');
    const stats = computeStats(visible, { fromYear: 2024 })!;
    for (const y of stats.years) expect(embed.description).toContain(`${y.year}: ${y.total}`);
    expect(embed.fields!.find((f) => f.name.startsWith('Top co-authors'))!.value).toContain(stats.coauthors[0]!.name);
    expect(m.allowed_mentions).toEqual({ parse: [] });
  });

  it('an author with no papers: a private sentence naming them, no chart', async () => {
    const answer = await statsCommand.run(input({ author: 'Zyxwvut' }), testContext(visible));
    expect(answer.message.flags! & MessageFlags.Ephemeral).toBeTruthy();
    expect(answer.message.content).toContain('No lab papers by “Zyxwvut”');
    expect(answer.message.files).toBeUndefined();
    expect(answer.message.embeds).toBeUndefined();
  });

  it('says why citations are missing, with the date of the figures it shows', async () => {
    const ctx = testContext(visible);
    ctx.citations = citations({
      papers: new Map([[visible[0]!.arxivId, { citationCount: 5, venue: null, fetchedAt: '2026-11-29T09:00:00Z' }]]),
      asOf: '2026-11-29T09:00:00Z',
      problem: 'citation counts unavailable: Semantic Scholar refused (403); showing counts from 2026-11-29',
    });
    const answer = await statsCommand.run(input(), ctx);
    const field = answer.message.embeds![0]!.fields!.find((f) => f.name === 'Citations')!;
    expect(field.value).toContain('5 in all for the 1 of');
    expect(field.value).toContain('Semantic Scholar refused (403); showing counts from 2026-11-29');
  });

  it('still answers when reading the citation cache throws', async () => {
    const ctx = testContext(visible);
    const locked = (): never => {
      throw new Error('database is locked');
    };
    ctx.citations = { snapshot: locked, figures: locked };
    const answer = await statsCommand.run(input(), ctx);
    expect(answer.message.files).toHaveLength(1);
    expect(answer.message.embeds![0]!.fields!.find((f) => f.name === 'Citations')!.value).toContain('citation counts unavailable');
  });
});

describe('/paper show with citation counts', () => {
  const p = paper({ arxivId: '2502.05075', title: 'Weak to strong', authors: ['Qi Lei'] });
  const fetchedAt = '2026-11-30T09:00:00Z';

  it('shows the count and its date, and Semantic Scholar’s venue where arXiv has none', async () => {
    const ctx = testContext([p]);
    ctx.citations = citations({ papers: new Map([[p.arxivId, { citationCount: 1234, venue: 'ICML', fetchedAt }]]), asOf: fetchedAt });
    const embed = (await showCommand.run(input({ paper: '2502.05075' }, 'show'), ctx)).message.embeds![0]!;
    expect(embed.fields).toContainEqual({ name: 'Citations', value: '1,234 (Semantic Scholar, 2026-11-30)', inline: true });
    expect(embed.fields).toContainEqual({ name: 'Venue', value: 'ICML (per Semantic Scholar)', inline: true });
  });

  it('shows no count for a paper Semantic Scholar does not know, nor without the service', async () => {
    const ctx = testContext([p]);
    ctx.citations = citations({ papers: new Map([[p.arxivId, { citationCount: null, venue: null, fetchedAt }]]), asOf: fetchedAt });
    const unknown = (await showCommand.run(input({ paper: '2502.05075' }, 'show'), ctx)).message.embeds![0]!;
    expect(unknown.fields!.map((f) => f.name)).not.toContain('Citations');
    const without = (await showCommand.run(input({ paper: '2502.05075' }, 'show'), testContext([p]))).message.embeds![0]!;
    expect(without.fields!.map((f) => f.name)).not.toContain('Citations');
  });
});
