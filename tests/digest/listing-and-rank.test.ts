/**
 * The listing parser on both renderings of the local feed (modelled on arXiv's RSS specification), the
 * API fallback, and the offline ranking: determinism, the author boost, saves and not-relevant verdicts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import pino from 'pino';
import { ArxivClient } from '../../src/arxiv/client.js';
import { feedDay, parseArxivListing } from '../../src/arxiv/listing.js';
import { loadCorpus } from '../../src/corpus/corpus.js';
import { isLabPaper, type Paper } from '../../src/corpus/schema.js';
import { rankCandidates } from '../../src/digest/rank.js';
import { readDay, submissionWindow } from '../../src/digest/source.js';
import { loadRoster } from '../../src/roster/index.js';
import { listingAtom, listingRss, type RssEntry } from '../support/arxiv-rss.js';
import { startArxivServer, type ArxivServer } from '../support/arxiv-server.js';

const entries: RssEntry[] = [
  {
    id: '2612.00101',
    title: 'Weak to strong <generalization> & co',
    authors: ['Ana Uno', 'Bo Dos', 'Cy Tres'],
    abstract: 'We study it.',
    categories: ['cs.LG', 'stat.ML'],
    announceType: 'new',
  },
  { id: '2612.00102', version: 3, title: 'A replacement', authors: ['Di Cuatro'], abstract: 'Updated.', categories: ['cs.LG'], announceType: 'replace' },
  { id: '2612.00103', title: 'Cross-listed', authors: ['Ed Cinco'], abstract: 'From math.', categories: ['math.OC', 'cs.LG'], announceType: 'cross' },
];

describe('the listing feed', () => {
  it('reads the RSS 2.0 and the Atom rendering of a listing alike: day, announce types, authors, abstract', () => {
    const rss = parseArxivListing(listingRss('cs.LG+stat.ML', '2026-12-03', entries));
    const atom = parseArxivListing(listingAtom('cs.LG+stat.ML', '2026-12-03', entries));
    expect(rss.announcedOn).toBe('2026-12-03');
    expect(rss.skipDays).toEqual(['Saturday', 'Sunday']);
    expect(rss.entries.map((e) => [e.entry.arxivId, e.entry.version, e.announceType])).toEqual([
      ['2612.00101', 1, 'new'],
      ['2612.00102', 3, 'replace'],
      ['2612.00103', 1, 'cross'],
    ]);
    const first = rss.entries[0]!.entry;
    expect(first).toMatchObject({
      title: 'Weak to strong <generalization> & co',
      authors: ['Ana Uno', 'Bo Dos', 'Cy Tres'],
      summary: 'We study it.',
      primaryCategory: 'cs.LG',
    });
    expect(atom.entries).toEqual(rss.entries);
    expect(atom.announcedOn).toBe(rss.announcedOn);
  });

  it('skips an entry without an id or an announce type, says why, and keeps the others', () => {
    const xml = listingRss('cs.LG', '2026-12-03', entries)
      .replace('<guid isPermaLink="false">oai:arXiv.org:2612.00101v1</guid>', '<guid>nonsense</guid>')
      .replace('<link>https://arxiv.org/abs/2612.00101</link>', '<link>https://example.org/</link>')
      .replace('arXiv:2612.00101v1', 'arXiv:nonsense')
      .replace('<arxiv:announce_type>cross</arxiv:announce_type>', '<arxiv:announce_type>withdrawn</arxiv:announce_type>');
    const listing = parseArxivListing(xml);
    expect(listing.entries.map((e) => e.entry.arxivId)).toEqual(['2612.00102']);
    expect(listing.skipped).toEqual([
      'listing entry without a usable arXiv id (nonsense)',
      'listing entry 2612.00103 has an unknown announce type (withdrawn)',
    ]);
  });

  it('reads the days arXiv writes in both date formats, and refuses impossible ones', () => {
    expect(feedDay('Fri, 23 Feb 2024 00:00:00 -0500')).toBe('2024-02-23');
    expect(feedDay('2024-02-23T00:00:00-05:00')).toBe('2024-02-23');
    expect(feedDay('Fri, 31 Feb 2024 00:00:00 -0500')).toBe('');
  });

  it('takes the submission window of a Monday listing from Thursday to Friday, and of a Wednesday from Monday to Tuesday', () => {
    expect(submissionWindow('2026-11-30')).toEqual({ from: '202611261900', to: '202611271900' });
    expect(submissionWindow('2026-12-02')).toEqual({ from: '202611301900', to: '202612011900' });
  });
});

describe('the API fallback', () => {
  let arxiv: ArxivServer;
  beforeAll(async () => {
    arxiv = await startArxivServer({
      papers: [
        { id: '2612.00201', title: 'In the window', authors: ['A B'], summary: 'x', published: '2026-12-02T10:00:00Z', categories: ['cs.LG'] },
        {
          id: '2612.00202',
          title: 'Cross in the window',
          authors: ['C D'],
          summary: 'y',
          published: '2026-12-02T11:00:00Z',
          categories: ['math.OC', 'stat.ML'],
        },
        { id: '2612.00203', title: 'Too early', authors: ['E F'], summary: 'z', published: '2026-11-20T10:00:00Z', categories: ['cs.LG'] },
      ],
    });
  });
  afterAll(async () => arxiv.close());

  it('reads the day from the API with a submittedDate window when the listing feed is refused', async () => {
    const client = new ArxivClient({ apiUrl: arxiv.url, listingUrl: 'http://127.0.0.1:9/atom', minIntervalMs: 0, maxRetries: 0 });
    const day = await readDay({ client, categories: ['cs.LG', 'stat.ML'], logger: pino({ level: 'silent' }), now: new Date('2026-12-03T05:30:00Z') });
    expect(day).toMatchObject({ kind: 'listing', via: 'api', day: '2026-12-03' });
    if (day.kind !== 'listing') return;
    expect(day.candidates.map((c) => [c.paper.arxivId, c.announceType])).toEqual([
      ['2612.00201', 'new'],
      ['2612.00202', 'cross'],
    ]);
    expect(arxiv.requests.at(-1)!.params.search_query).toBe('(cat:cs.LG OR cat:stat.ML) AND submittedDate:[202612011900 TO 202612021900]');
  });
});

describe('the ranking', () => {
  const corpus = loadCorpus(path.resolve('data/papers.json'));
  const roster = loadRoster(path.resolve('data/lab.json'));
  const lab = corpus.all().filter(isLabPaper);
  const now = new Date('2026-12-03T05:30:00Z');
  const paper = (id: string, title: string, abstract: string, over: Partial<Paper> = {}): Paper => ({
    arxivId: id,
    title,
    abstract,
    authors: ['Zed Field'],
    published: '2026-12-03',
    primaryCategory: 'cs.LG',
    categories: ['cs.LG'],
    venue: null,
    attribution: 'different-author',
    attributionNote: null,
    source: 'arxiv',
    ...over,
  });
  const near = (id: string, l: Paper) => paper(id, `On ${l.title}`, l.abstract.slice(0, 500));
  const far = (id: string) => paper(id, 'Coral reef surveys', 'Reef cover recovered after the marine heatwave in every survey site.');

  it('is deterministic, puts papers like the lab’s first, gives a checkable reason, and breaks ties by date then id', () => {
    const candidates = [far('2612.00303'), near('2612.00301', lab[0]!), far('2612.00302'), { ...far('2612.00304'), published: '2026-12-02' }];
    const ranked = rankCandidates(candidates, { labPapers: lab, now, roster });
    expect(ranked.map((r) => r.paper.arxivId)).toEqual(['2612.00301', '2612.00302', '2612.00303', '2612.00304']);
    expect(ranked[0]!.reason).toBe(`close to: ${lab[0]!.title}`);
    expect(rankCandidates([...candidates].reverse(), { labPapers: lab, now, roster })).toEqual(ranked);
  });

  it('boosts and marks a paper by a roster author or a co-author of the lab', () => {
    const coauthor = lab.flatMap((p) => p.authors).find((n) => !/Qi Lei/.test(n))!;
    const ranked = rankCandidates([far('2612.00311'), { ...far('2612.00312'), authors: ['Qi Lei'] }, { ...far('2612.00313'), authors: [coauthor] }], {
      labPapers: lab,
      now,
      roster,
    });
    expect(ranked.map((r) => [r.paper.arxivId, r.marker])).toEqual([
      ['2612.00312', 'lab-author'],
      ['2612.00313', 'lab-coauthor'],
      ['2612.00311', undefined],
    ]);
  });

  it('lowers papers like one marked not relevant, and raises papers like one saved', () => {
    const a = near('2612.00321', lab[0]!);
    const b = near('2612.00322', lab[1]!);
    const base = rankCandidates([a, b], { labPapers: lab, now }).map((r) => r.paper.arxivId);
    const [top, second] = base as [string, string];
    const topPaper = top === a.arxivId ? a : b;
    const secondPaper = top === a.arxivId ? b : a;
    const dismissed = rankCandidates([a, b], { labPapers: lab, now, notRelevant: [{ ...topPaper, arxivId: '2611.00001' }] });
    expect(dismissed.map((r) => r.paper.arxivId)).toEqual([second, top]);
    const saved = rankCandidates([a, b], { labPapers: lab, now, saves: [{ ...secondPaper, arxivId: '2611.00002' }] });
    expect(saved.map((r) => r.paper.arxivId)).toEqual([second, top]);
    expect(saved[0]!.reason).toMatch(/^like saved: /);
  });
});
