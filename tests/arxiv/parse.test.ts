import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ArxivApiError, ArxivFeedError } from '../../src/arxiv/errors.js';
import { entryToPaper } from '../../src/arxiv/paper.js';
import { parseArxivFeed, type ArxivEntry } from '../../src/arxiv/parse.js';
import { paperSchema } from '../../src/corpus/schema.js';

const FIXTURES = new URL('../fixtures/arxiv/', import.meta.url);
const fixture = (name: string) => readFileSync(new URL(name, FIXTURES), 'utf8');

function byId(entries: ArxivEntry[], id: string): ArxivEntry {
  const e = entries.find((x) => x.arxivId === id);
  if (!e) throw new Error(`no entry ${id} among ${entries.map((x) => x.arxivId).join(', ')}`);
  return e;
}

describe('parseArxivFeed: the pre-2025 format (namespaces per element, rel/title links, wrapped text)', () => {
  const feed = parseArxivFeed(fixture('query-2025-08-old-format.xml'));

  it('reads the OpenSearch counts and all ten entries', () => {
    expect(feed.totalResults).toBe(7370);
    expect(feed.startIndex).toBe(0);
    expect(feed.itemsPerPage).toBe(10);
    expect(feed.entries).toHaveLength(10);
    expect(feed.skipped).toEqual([]);
  });

  it('splits ids from versions, old-style ids included', () => {
    expect(feed.entries.map((e) => `${e.arxivId} v${e.version}`).slice(0, 3)).toEqual(['astro-ph/9904306 v1', 'hep-ph/9411242 v1', '1706.01836 v2']);
  });

  it('unwraps hard-wrapped titles and summaries', () => {
    const e = byId(feed.entries, '1706.01836');
    expect(e.title).toBe('Development of a Practical Multicomponent Density Functional for Electron-Proton Correlation to Produce Accurate Proton Densities');
    expect(e.summary.startsWith('Multicomponent density functional theory (DFT) enables the consistent quantum mechanical treatment')).toBe(true);
    expect(e.summary).not.toMatch(/\n| {2}/);
  });

  it('reads authors, dates, categories, doi, journal reference and links by URL', () => {
    const e = byId(feed.entries, '1706.01836');
    expect(e.authors).toEqual(['Yang Yang', 'Kurt R. Brorsen', 'Tanner Culpitt', 'Michael V. Pak', 'Sharon Hammes-Schiffer']);
    expect(e.published).toBe('2017-06-06');
    expect(e.updated).toBe('2017-09-24');
    expect(e.primaryCategory).toBe('physics.chem-ph');
    expect(e.categories).toEqual(['physics.chem-ph']);
    expect(e.doi).toBe('10.1063/1.4996038');
    expect(e.journalRef).toBe('The Journal of Chemical Physics 147, 114113 (2017)');
    // The DOI link comes first in this entry and is also rel="related": links are told apart by URL.
    expect(e.absUrl).toBe('http://arxiv.org/abs/1706.01836v2');
    expect(e.pdfUrl).toBe('http://arxiv.org/pdf/1706.01836v2');
  });

  it('keeps affiliations per author and multiple categories in order', () => {
    expect(byId(feed.entries, 'hep-ph/9411242').affiliations).toEqual([['SEFT, Univ. Helsinki']]);
    expect(byId(feed.entries, 'hep-ph/9411242').authors).toEqual(['Raimo Vuopionperä']);
    expect(byId(feed.entries, '0806.3233').categories).toEqual(['cond-mat.other', 'physics.bio-ph', 'q-bio.SC']);
    expect(byId(feed.entries, '0806.3233').affiliations).toBeUndefined();
  });

  it('keeps LaTeX readable and unwraps comments', () => {
    expect(byId(feed.entries, '0806.3233').summary).toContain('temperature $T \\approx 37 ^{\\circ}$C.');
    expect(byId(feed.entries, '1403.6944').comment).toBe(
      '4 pages, 4 figures, talk given at the 6th International Conference on Hard and Electromagnetic Probes of High-Energy Nuclear Collisions (Hard Probes 2013), November 4-8, 2013 (Cape Town, South Africa)',
    );
  });
});

describe('parseArxivFeed: the late-2025 format (namespaces on the root, bare links)', () => {
  const feed = parseArxivFeed(fixture('query-2025-11-new-format.xml'));

  it('reads the counts and entries', () => {
    expect(feed.totalResults).toBe(7432);
    expect(feed.entries).toHaveLength(10);
    expect(feed.entries[0]!.arxivId).toBe('nucl-ex/0408020');
  });

  it('tells the abstract and PDF links apart by URL although neither has rel or title', () => {
    const e = byId(feed.entries, '1610.08734');
    expect(e.version).toBe(3);
    expect(e.absUrl).toBe('https://arxiv.org/abs/1610.08734v3');
    expect(e.pdfUrl).toBe('https://arxiv.org/pdf/1610.08734v3');
  });

  it('reads doi, journal reference (entities decoded), comment, affiliations, categories and dates', () => {
    const e = byId(feed.entries, '1610.08734');
    expect(e.doi).toBe('10.1103/PhysRevAccelBeams.20.101301');
    expect(e.journalRef).toContain('Hanahoe, K., & Mete-Apsimon, O. (2017)');
    expect(e.comment).toBe('10 pages, 7 figures');
    expect(e.primaryCategory).toBe('physics.acc-ph');
    expect(e.categories).toEqual(['physics.acc-ph', 'physics.plasm-ph']);
    expect(e.published).toBe('2016-10-27');
    expect(e.updated).toBe('2018-05-10');
    expect(byId(feed.entries, '0803.1617').affiliations).toEqual([['Jabatan Fizik, Universiti Malaya, Kuala Lumpur']]);
  });

  it('decodes entities in summaries and trims leading blanks', () => {
    const e = byId(feed.entries, 'nucl-th/9910021');
    expect(e.summary.startsWith('The astrophysical factor S_pp(0)')).toBe(true);
    expect(e.summary).toContain('p + p -> D + positron + neutrino');
  });

  it('gives the same record for a paper present in both formats', () => {
    const old = byId(parseArxivFeed(fixture('query-2025-08-old-format.xml')).entries, '1602.03411');
    const neu = byId(feed.entries, '1602.03411');
    for (const field of ['arxivId', 'version', 'title', 'authors', 'summary', 'published', 'primaryCategory', 'categories', 'doi', 'comment'] as const) {
      expect(neu[field], field).toEqual(old[field]);
    }
  });
});

describe('parseArxivFeed: special answers', () => {
  it('id_list with missing ids: only the existing paper, totalResults 1', () => {
    const feed = parseArxivFeed(fixture('id-list-missing-ids.xml'));
    expect(feed.totalResults).toBe(1);
    expect(feed.entries.map((e) => e.arxivId)).toEqual(['2201.13452']);
    expect(feed.entries[0]!.authors).toEqual(['Hong-Ming Yin', 'Jun Zou']);
    expect(feed.entries[0]!.comment).toBe('34 pages');
  });

  it('an empty result: no entries, totalResults 0', () => {
    const feed = parseArxivFeed(`<?xml version='1.0' encoding='UTF-8'?>
<feed xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" xmlns="http://www.w3.org/2005/Atom">
  <id>https://arxiv.org/api/x</id><title>arXiv Query: search_query=au:"Nobody Here"</title>
  <updated>2025-11-11T18:29:40Z</updated>
  <opensearch:itemsPerPage>50</opensearch:itemsPerPage>
  <opensearch:totalResults>0</opensearch:totalResults>
  <opensearch:startIndex>0</opensearch:startIndex>
</feed>`);
    expect(feed).toEqual({ totalResults: 0, startIndex: 0, itemsPerPage: 50, entries: [], skipped: [] });
  });

  it("an error entry becomes ArxivApiError with arXiv's message", () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title type="html">ArXiv Query: search_query=&amp;id_list=1234.12345v9</title>
  <id>http://arxiv.org/api/x</id>
  <opensearch:totalResults xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">1</opensearch:totalResults>
  <entry>
    <id>http://arxiv.org/api/errors#incorrect_id_format_for_1234.12345v9</id>
    <title>Error</title>
    <summary>incorrect id format for 1234.12345v9</summary>
    <updated>2025-11-11T00:00:00-05:00</updated>
    <link href="http://arxiv.org/api/errors#incorrect_id_format_for_1234.12345v9" rel="alternate" type="text/html"/>
    <author><name>arXiv api core</name></author>
  </entry>
</feed>`;
    expect(() => parseArxivFeed(xml)).toThrow(ArxivApiError);
    expect(() => parseArxivFeed(xml)).toThrow('incorrect id format for 1234.12345v9');
    try {
      parseArxivFeed(xml);
    } catch (err) {
      expect((err as ArxivApiError).retryable).toBe(false);
      expect((err as ArxivApiError).errorId).toBe('http://arxiv.org/api/errors#incorrect_id_format_for_1234.12345v9');
    }
  });

  it('a single entry (no array in the XML) is read like many', () => {
    const feed = parseArxivFeed(`<feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom">
<entry><id>http://arxiv.org/abs/2502.05075v2</id><title>One</title><published>2025-02-07T10:00:00Z</published>
<author><name>Qi Lei</name></author><category term="cs.LG"/></entry></feed>`);
    expect(feed.entries).toHaveLength(1);
    expect(feed.entries[0]).toMatchObject({ arxivId: '2502.05075', version: 2, authors: ['Qi Lei'], primaryCategory: 'cs.LG', updated: '2025-02-07' });
    expect(feed.totalResults).toBe(1);
  });

  it('decodes entities and character references in a title and keeps LaTeX as written', () => {
    const feed = parseArxivFeed(`<feed xmlns="http://www.w3.org/2005/Atom">
<entry><id>http://arxiv.org/abs/2101.00001v1</id><published>2021-01-01T00:00:00Z</published>
<title>Sparse recovery with $\\ell_1$ &amp; $\\ell_0$ penalties: when $n &lt; p$,
  the &#955;-path and &#x3b1;&#8209;stability</title></entry></feed>`);
    expect(feed.entries[0]!.title).toBe('Sparse recovery with $\\ell_1$ & $\\ell_0$ penalties: when $n < p$, the λ-path and α‑stability');
  });

  it('skips, and reports, an entry it cannot read instead of failing the feed', () => {
    const feed = parseArxivFeed(`<feed xmlns="http://www.w3.org/2005/Atom">
<entry><id>not-an-id</id><title>x</title><published>2021-01-01T00:00:00Z</published></entry>
<entry><id>http://arxiv.org/abs/2101.00002v1</id><title>Kept</title><published>2021-01-01T00:00:00Z</published></entry></feed>`);
    expect(feed.entries.map((e) => e.title)).toEqual(['Kept']);
    expect(feed.skipped).toEqual(['entry without a usable arXiv id (not-an-id)']);
  });

  it.each([
    ['plain-text throttling answer', 'Rate exceeded.'],
    ['HTML error page', '<!DOCTYPE html><html><head><title>503</title></head><body><p>Service unavailable</p></body></html>'],
    ['well-formed XHTML', '<html><body><p>Service unavailable</p></body></html>'],
    ['truncated feed', fixture('query-2025-11-new-format.xml').slice(0, 4000)],
    ['empty body', ''],
    ['JSON', '{"error":"busy"}'],
  ])('a body that is not an Atom feed (%s) throws the retryable ArxivFeedError', (_label, body) => {
    let caught: unknown;
    try {
      parseArxivFeed(body);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ArxivFeedError);
    expect((caught as ArxivFeedError).retryable).toBe(true);
  });

  it('recognises "Rate exceeded." as throttling', () => {
    try {
      parseArxivFeed('Rate exceeded.');
      expect.unreachable();
    } catch (err) {
      expect((err as ArxivFeedError).isRateExceeded).toBe(true);
    }
  });
});

describe('entryToPaper', () => {
  const feed = parseArxivFeed(fixture('query-2025-11-new-format.xml'));

  it("gives a valid corpus record with the caller's attribution and the journal reference as venue", () => {
    const input = entryToPaper(byId(feed.entries, '2102.00018'), { attribution: 'different-author', attributionNote: 'test' });
    const paper = paperSchema.parse(input);
    expect(paper).toMatchObject({
      arxivId: '2102.00018',
      version: 2,
      source: 'arxiv',
      attribution: 'different-author',
      attributionNote: 'test',
      venue: 'Phys. Rev. D 103, 096005 (2021)',
      doi: '10.1103/PhysRevD.103.096005',
      published: '2021-01-29',
      updated: '2021-05-19',
      primaryCategory: 'hep-ph',
    });
    expect(paper.abstract.startsWith('We quantify the impact')).toBe(true);
  });

  it('leaves the venue empty without a journal reference', () => {
    const paper = paperSchema.parse(entryToPaper(byId(feed.entries, '1606.02159'), { attribution: 'lab' }));
    expect(paper.venue).toBeNull();
    expect(paper.doi).toBeNull();
    expect(paper.attributionNote).toBeNull();
  });
});
