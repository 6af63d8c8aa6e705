/**
 * Atom feeds in the two shapes arXiv's API has served, generated from in-memory papers for the fake arXiv
 * server. The element order, namespace placement, link forms and text wrapping follow the recorded
 * responses in `tests/fixtures/arxiv/`:
 *
 * - `old` (until 2025): namespaces declared on each extension element, `rel="alternate"` and `title="pdf"`
 *   links on http://arxiv.org, titles and summaries hard-wrapped at 80 columns, `dx.doi.org` DOI links;
 * - `new` (since late 2025): namespaces on the root, bare `<link href>` on https://arxiv.org, unwrapped
 *   text, `doi.org` DOI links after the authors.
 */
import type { Paper } from '../../src/corpus/schema.js';

/** Which of arXiv's response formats to produce. */
export type FeedFormat = 'old' | 'new';

/** A paper as the fake arXiv holds it. */
export interface FakePaper {
  /** Bare id, no version: `2502.05075` or `hep-th/9901001`. */
  id: string;
  /** Latest version. Default 1. */
  version?: number;
  title: string;
  /** Names, or names with affiliations. */
  authors: (string | { name: string; affiliations?: string[] })[];
  summary?: string;
  /** First-version date: YYYY-MM-DD (noon UTC is assumed), YYYY-MM, or a full timestamp. */
  published: string;
  /** Latest-version date; default `published`. */
  updated?: string;
  /** The first is the primary category unless `primaryCategory` says otherwise. */
  categories: string[];
  primaryCategory?: string;
  doi?: string;
  journalRef?: string;
  comment?: string;
  /**
   * arXiv author ids (`lei_q_1`) and ORCID iDs whose author feed (`/a/<id>.atom2`) lists this paper, as
   * when an author has claimed it on arXiv. A name spelled differently on the paper does not matter here.
   */
  authorIds?: string[];
}

/** Options for {@link feedXml}. */
export interface FeedOptions {
  format: FeedFormat;
  /** Default: the number of entries. */
  totalResults?: number;
  startIndex?: number;
  /** Default: the number of entries. */
  itemsPerPage?: number;
  /** The request's query parameters, echoed in the feed's title and self link as arXiv does. */
  query?: { searchQuery?: string; idList?: string; start?: number; maxResults?: number };
  /** The feed's `<updated>`; default now. */
  now?: Date;
}

const ATOM = 'http://www.w3.org/2005/Atom';
const ARXIV = 'http://arxiv.org/schemas/atom';
const OPENSEARCH = 'http://a9.com/-/spec/opensearch/1.1/';

/** Escapes text for element content. */
export function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttr(s: string): string {
  return escapeText(s).replace(/"/g, '&quot;');
}

/** An Atom timestamp for a date as papers store it. */
export function timestampOf(date: string): string {
  if (/^\d{4}-\d{2}$/.test(date)) return `${date}-01T12:00:00Z`;
  if (/^\d{4}-\d{2}-\d{2}$/.test(date)) return `${date}T12:00:00Z`;
  return date;
}

/** Hard-wraps text at `width` columns the way arXiv's old feed did. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines;
}

function primaryOf(p: FakePaper): string {
  return p.primaryCategory ?? p.categories[0] ?? 'cs.LG';
}

function authorList(p: FakePaper): { name: string; affiliations: string[] }[] {
  return p.authors.map((a) => (typeof a === 'string' ? { name: a, affiliations: [] } : { name: a.name, affiliations: a.affiliations ?? [] }));
}

function oldEntry(p: FakePaper): string {
  const v = `${p.id}v${p.version ?? 1}`;
  const ns = `xmlns:arxiv="${ARXIV}"`;
  const out: string[] = ['  <entry>', `    <id>http://arxiv.org/abs/${v}</id>`];
  out.push(`    <updated>${timestampOf(p.updated ?? p.published)}</updated>`);
  out.push(`    <published>${timestampOf(p.published)}</published>`);
  out.push(`    <title>${wrap(escapeText(p.title), 72).join('\n  ')}</title>`);
  out.push(`    <summary>  ${wrap(escapeText(p.summary ?? ''), 80).join('\n')}\n</summary>`);
  for (const a of authorList(p)) {
    out.push('    <author>', `      <name>${escapeText(a.name)}</name>`);
    for (const aff of a.affiliations) out.push(`      <arxiv:affiliation ${ns}>${escapeText(aff)}</arxiv:affiliation>`);
    out.push('    </author>');
  }
  if (p.doi) {
    out.push(`    <arxiv:doi ${ns}>${escapeText(p.doi)}</arxiv:doi>`);
    out.push(`    <link title="doi" href="http://dx.doi.org/${escapeAttr(p.doi)}" rel="related"/>`);
  }
  if (p.comment) out.push(`    <arxiv:comment ${ns}>${wrap(escapeText(p.comment), 72).join('\n  ')}</arxiv:comment>`);
  if (p.journalRef) out.push(`    <arxiv:journal_ref ${ns}>${escapeText(p.journalRef)}</arxiv:journal_ref>`);
  out.push(`    <link href="http://arxiv.org/abs/${v}" rel="alternate" type="text/html"/>`);
  out.push(`    <link title="pdf" href="http://arxiv.org/pdf/${v}" rel="related" type="application/pdf"/>`);
  out.push(`    <arxiv:primary_category ${ns} term="${escapeAttr(primaryOf(p))}" scheme="${ARXIV}"/>`);
  for (const c of p.categories) out.push(`    <category term="${escapeAttr(c)}" scheme="${ARXIV}"/>`);
  out.push('  </entry>');
  return out.join('\n');
}

function newEntry(p: FakePaper): string {
  const v = `${p.id}v${p.version ?? 1}`;
  const out: string[] = ['  <entry>', `    <id>http://arxiv.org/abs/${v}</id>`];
  out.push(`    <title>${escapeText(p.title)}</title>`);
  out.push(`    <updated>${timestampOf(p.updated ?? p.published)}</updated>`);
  out.push(`    <link href="https://arxiv.org/abs/${v}"/>`);
  out.push(`    <link href="https://arxiv.org/pdf/${v}"/>`);
  out.push(`    <summary>${escapeText(p.summary ?? '')}</summary>`);
  for (const c of p.categories) out.push(`    <category term="${escapeAttr(c)}" scheme="${ARXIV}"/>`);
  out.push(`    <published>${timestampOf(p.published)}</published>`);
  if (p.comment) out.push(`    <arxiv:comment>${escapeText(p.comment)}</arxiv:comment>`);
  out.push(`    <arxiv:primary_category term="${escapeAttr(primaryOf(p))}"/>`);
  if (p.journalRef) out.push(`    <arxiv:journal_ref>${escapeText(p.journalRef)}</arxiv:journal_ref>`);
  for (const a of authorList(p)) {
    out.push('    <author>', `      <name>${escapeText(a.name)}</name>`);
    for (const aff of a.affiliations) out.push(`      <arxiv:affiliation>${escapeText(aff)}</arxiv:affiliation>`);
    out.push('    </author>');
  }
  if (p.doi) {
    out.push(`    <arxiv:doi>${escapeText(p.doi)}</arxiv:doi>`);
    out.push(`    <link rel="related" href="https://doi.org/${escapeAttr(p.doi)}"/>`);
  }
  out.push('  </entry>');
  return out.join('\n');
}

function header(o: FeedOptions, count: number): string {
  const q = o.query ?? {};
  const sq = q.searchQuery ?? '';
  const ids = q.idList ?? '';
  const start = q.start ?? o.startIndex ?? 0;
  const max = q.maxResults ?? 10;
  const total = o.totalResults ?? count;
  const per = o.itemsPerPage ?? count;
  const updated = (o.now ?? new Date()).toISOString().replace(/\.\d{3}Z$/, 'Z');
  if (o.format === 'old') {
    const self = `http://arxiv.org/api/query?${new URLSearchParams({ search_query: sq, id_list: ids, start: String(start), max_results: String(max) })}`;
    return [
      '<?xml version="1.0" encoding="UTF-8"?>',
      `<feed xmlns="${ATOM}">`,
      `  <link href="${escapeAttr(self)}" rel="self" type="application/atom+xml"/>`,
      `  <title type="html">${escapeText(`ArXiv Query: search_query=${sq}&id_list=${ids}&start=${start}&max_results=${max}`)}</title>`,
      '  <id>http://arxiv.org/api/fake-feed</id>',
      `  <updated>${updated}</updated>`,
      `  <opensearch:totalResults xmlns:opensearch="${OPENSEARCH}">${total}</opensearch:totalResults>`,
      `  <opensearch:startIndex xmlns:opensearch="${OPENSEARCH}">${o.startIndex ?? start}</opensearch:startIndex>`,
      `  <opensearch:itemsPerPage xmlns:opensearch="${OPENSEARCH}">${per}</opensearch:itemsPerPage>`,
    ].join('\n');
  }
  const self = `https://arxiv.org/api/query?search_query=${sq.replace(/ /g, '+')}&start=${start}&max_results=${max}&id_list=${ids}`;
  return [
    "<?xml version='1.0' encoding='UTF-8'?>",
    `<feed xmlns:opensearch="${OPENSEARCH}" xmlns:arxiv="${ARXIV}" xmlns="${ATOM}">`,
    '  <id>https://arxiv.org/api/fake-feed</id>',
    `  <title>${escapeText(`arXiv Query: search_query=${sq}&id_list=${ids}&start=${start}&max_results=${max}`)}</title>`,
    `  <updated>${updated}</updated>`,
    `  <link href="${escapeAttr(self)}" type="application/atom+xml"/>`,
    `  <opensearch:itemsPerPage>${per}</opensearch:itemsPerPage>`,
    `  <opensearch:totalResults>${total}</opensearch:totalResults>`,
    `  <opensearch:startIndex>${o.startIndex ?? start}</opensearch:startIndex>`,
  ].join('\n');
}

/** A complete feed holding `entries`, in the requested format. */
export function feedXml(entries: readonly FakePaper[], options: FeedOptions): string {
  const render = options.format === 'old' ? oldEntry : newEntry;
  return [header(options, entries.length), ...entries.map(render), '</feed>', ''].join('\n');
}

/**
 * An author feed as arxiv.org/a/<id>.atom2 serves it: a plain Atom feed about one person, with no
 * OpenSearch totals and no paging, entries newest first in the older entry shape (arxiv.org's listing
 * service, not the API, produces it).
 */
export function authorFeedXml(authorId: string, entries: readonly FakePaper[], options: { now?: Date } = {}): string {
  const updated = (options.now ?? new Date()).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const newestFirst = [...entries].sort((a, b) => timestampOf(b.published).localeCompare(timestampOf(a.published)));
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<feed xmlns="${ATOM}" xmlns:arxiv="${ARXIV}">`,
    `  <title>arXiv author ${escapeText(authorId)}'s articles on arXiv</title>`,
    `  <link rel="self" href="https://arxiv.org/a/${escapeAttr(authorId)}.atom2" type="application/atom+xml"/>`,
    `  <link rel="alternate" href="https://arxiv.org/a/${escapeAttr(authorId)}" type="text/html"/>`,
    `  <id>https://arxiv.org/a/${escapeText(authorId)}</id>`,
    `  <updated>${updated}</updated>`,
    ...newestFirst.map(oldEntry),
    '</feed>',
    '',
  ].join('\n');
}

/** arXiv's answer to a query it rejects: a feed with one error entry (e.g. "incorrect id format for 1234.5"). */
export function errorFeedXml(message: string, options: Pick<FeedOptions, 'format' | 'now'> = { format: 'old' }): string {
  const anchor = `http://arxiv.org/api/errors#${message.replace(/\s+/g, '_')}`;
  const updated = (options.now ?? new Date()).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return [
    header({ ...options, totalResults: 1, itemsPerPage: 1 }, 1),
    '  <entry>',
    `    <id>${escapeText(anchor)}</id>`,
    '    <title>Error</title>',
    `    <summary>${escapeText(message)}</summary>`,
    `    <updated>${updated}</updated>`,
    `    <link href="${escapeAttr(anchor)}" rel="alternate" type="text/html"/>`,
    '    <author>',
    '      <name>arXiv api core</name>',
    '    </author>',
    '  </entry>',
    '</feed>',
    '',
  ].join('\n');
}

/** The fake-arXiv form of a corpus paper, e.g. to serve the seed papers. */
export function fakePaperFromPaper(p: Paper): FakePaper {
  const fake: FakePaper = {
    id: p.arxivId,
    version: p.version ?? 1,
    title: p.title,
    authors: [...p.authors],
    summary: p.abstract,
    published: p.published,
    categories: p.categories.length > 0 ? [...p.categories] : [p.primaryCategory ?? 'cs.LG'],
  };
  if (p.updated) fake.updated = p.updated;
  if (p.primaryCategory) fake.primaryCategory = p.primaryCategory;
  if (p.doi) fake.doi = p.doi;
  if (p.venue) fake.journalRef = p.venue;
  if (p.comment) fake.comment = p.comment;
  return fake;
}
