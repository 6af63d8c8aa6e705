/**
 * Test data and fakes for the bot's unit tests: adversarial papers, a small in-memory search engine that
 * keeps the SearchEngine contract, and a recording ChannelPoster.
 */
import pino from 'pino';
import { normalizeArxivId } from '../../src/corpus/ids.js';
import { paperSchema, type Paper, type PaperInput } from '../../src/corpus/schema.js';
import type { HandlerContext, ChannelInspection, ChannelPoster } from '../../src/handlers/types.js';
import type { MessagePayload } from '../../src/cards/message.js';
import { SqlitePicksStore } from '../../src/store/picks.js';
import { Store } from '../../src/store/store.js';
import type { SearchEngine, SearchHit, SearchOptions, RandomOptions, PaperFilters, Suggestion } from '../../src/search/types.js';

export const USER = '100000000000000001';
export const OTHER_USER = '100000000000000002';
export const GUILD = '200000000000000001';
export const CHANNEL = '300000000000000001';

/** Builds a valid paper with defaults. */
export function paper(input: Partial<PaperInput> & { arxivId: string }): Paper {
  return paperSchema.parse({ title: `Paper ${input.arxivId}`, published: '2024-01-15', abstract: 'An abstract.', ...input });
}

const longWords = (n: number, word = 'word') => Array.from({ length: n }, (_, i) => `${word}${i}`).join(' ');

/** Papers built to break naive cards: huge titles and abstracts, 60 authors, markdown, mentions, no authors. */
export const hostilePapers: Paper[] = [
  paper({
    arxivId: '2401.00001',
    title: `Sketching ${longWords(80, 'sketch')}`,
    abstract: `Sketching everywhere. ${longWords(1500, 'sketching')}`,
    authors: Array.from({ length: 60 }, (_, i) => `Author Number${i} Longname`),
    venue: `NeurIPS ${'x'.repeat(1500)}`,
    categories: ['cs.LG', 'stat.ML'],
  }),
  paper({
    arxivId: '2401.00002',
    title: '**Bold** _claims_ about `code` ~~and~~ ||spoilers|| @everyone <@&123>',
    abstract: '# Heading\n> quote\n- list\n@here and <@123> and <#456> and [link](https://evil.example) $\\mathcal{O}(\\sqrt{T})$ a_b_c',
    authors: ['Ann *Star*', 'Bob_Under'],
    published: '2023-05-02',
  }),
  paper({ arxivId: '1910.07703', title: 'A paper with no recorded authors', authors: [], published: '2019-10', abstract: 'Sketching theory.' }),
];

/** A deliberately simple engine over a list of papers; substring matching is enough for handler tests. */
export function fakeEngine(papers: Paper[]): SearchEngine {
  const byId = new Map(papers.map((p) => [p.arxivId, p]));
  const matches = (p: Paper, f: PaperFilters) =>
    (!f.author || p.authors.some((a) => a.toLowerCase().includes(f.author!.toLowerCase()))) &&
    (f.fromYear === undefined || Number(p.published.slice(0, 4)) >= f.fromYear) &&
    (f.toYear === undefined || Number(p.published.slice(0, 4)) <= f.toYear) &&
    (!f.category || p.categories.some((c) => c === f.category || c.startsWith(`${f.category}.`)));
  const words = (q: string) =>
    q
      .toLowerCase()
      .split(/\W+/)
      .filter((w) => w.length > 2);
  const hitsFor = (q: string, f: PaperFilters): SearchHit[] =>
    papers
      .filter((p) => matches(p, f))
      .map((p) => {
        const text = `${p.title} ${p.abstract} ${p.authors.join(' ')}`.toLowerCase();
        const matched = words(q).filter((w) => text.includes(w));
        return { paper: p, score: matched.length, matchedTerms: matched };
      })
      .filter((h) => h.score > 0);
  return {
    search(query: string, o: SearchOptions = {}) {
      const all = hitsFor(query, o);
      const offset = o.offset ?? 0;
      return {
        query,
        hits: all.slice(offset, offset + (o.limit ?? 10)),
        total: all.length,
        didYouMean: all.length === 0 && query.includes('skech') ? ['sketching'] : [],
      };
    },
    suggest(input: string, o: PaperFilters & { limit?: number } = {}): Suggestion[] {
      if (input.includes('THROW')) throw new Error('suggest exploded');
      const list = input.trim() ? hitsFor(input, o).map((h) => h.paper) : papers;
      return [
        ...(input.trim() ? [{ name: input.slice(0, 100), value: input.slice(0, 100), kind: 'query' as const }] : []),
        ...list.map((p) => ({ name: p.title.slice(0, 100), value: p.arxivId, kind: 'paper' as const })),
      ].slice(0, o.limit ?? 25);
    },
    random(o: RandomOptions = {}) {
      const exclude = new Set([...(o.exclude ?? [])].map((x) => normalizeArxivId(x) ?? x));
      const pool = (o.topic ? hitsFor(o.topic, o).map((h) => h.paper) : papers.filter((p) => matches(p, o))).filter((p) => !exclude.has(p.arxivId));
      return pool[Math.floor((o.random ?? Math.random)() * pool.length)] ?? null;
    },
    similar(id: string, limit = 5) {
      const p = byId.get(normalizeArxivId(id) ?? '');
      return p
        ? hitsFor(p.title, {})
            .filter((h) => h.paper.arxivId !== p.arxivId)
            .slice(0, limit)
        : [];
    },
    get: (id: string) => byId.get(normalizeArxivId(id) ?? ''),
    upsert: (p: Paper) => void byId.set(p.arxivId, p),
    recent: (limit = 10) => [...papers].sort((a, b) => b.published.localeCompare(a.published)).slice(0, limit),
    get size() {
      return papers.length;
    },
  };
}

/** A ChannelPoster that records what would be posted. */
export function recordingPoster(options: { failThread?: boolean; channels?: Record<string, ChannelInspection> } = {}): ChannelPoster & {
  posts: { channelId: string; message: MessagePayload }[];
  threads: { channelId: string; messageId: string; name: string }[];
} {
  let next = 900000000000000000n;
  const posts: { channelId: string; message: MessagePayload }[] = [];
  const threads: { channelId: string; messageId: string; name: string }[] = [];
  return {
    posts,
    threads,
    async postMessage(channelId, message) {
      posts.push({ channelId, message });
      return { id: String(next++) };
    },
    async startThread(channelId, messageId, name) {
      if (options.failThread) throw new Error('Missing Permissions');
      threads.push({ channelId, messageId, name });
      return { id: String(next++) };
    },
    async inspectChannel(channelId) {
      return options.channels?.[channelId] ?? { kind: 'unknown' };
    },
  };
}

/** A handler context over the given papers. */
export function testContext(papers: Paper[], options: { failThread?: boolean; channels?: Record<string, ChannelInspection> } = {}) {
  const discord = recordingPoster(options);
  const ctx: HandlerContext & { discord: typeof discord } = {
    engine: fakeEngine(papers),
    // The real picks store, on an in-memory database.
    picks: new SqlitePicksStore(Store.open(':memory:')),
    logger: pino({ level: 'silent' }),
    now: () => new Date('2026-03-01T12:00:00Z'),
    discord,
  };
  return ctx;
}

/** Many ordinary papers mentioning "sketching", for paging. */
export function manyPapers(n: number): Paper[] {
  return Array.from({ length: n }, (_, i) =>
    paper({
      arxivId: `2402.${String(i + 10000).padStart(5, '0')}`,
      title: `Sketching paper number ${i + 1}`,
      authors: ['Qi Lei', `Coauthor ${i}`],
      published: `20${10 + (i % 15)}-0${1 + (i % 9)}-01`,
      abstract: `We study sketching for regression, case ${i}.`,
      categories: ['cs.LG'],
    }),
  );
}
