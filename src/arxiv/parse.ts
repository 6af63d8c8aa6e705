/**
 * Parsing arXiv API responses (Atom 1.0 with OpenSearch and arXiv extensions) into plain objects.
 *
 * arXiv has served two shapes of the same feed: until 2025 every extension element declared its namespace
 * itself, links carried `rel="alternate"` / `title="pdf"`, and summaries were hard-wrapped at 80 columns;
 * since late 2025 namespaces sit on the root, links are bare `<link href>` and text is unwrapped. Both are
 * read here with one real XML parser (namespace prefixes dropped, so the prefix spelling does not matter),
 * and the abstract and PDF links are told apart by their URL path, the one thing both formats agree on.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { parseArxivId } from '../corpus/ids.js';
import { isCalendarDate } from '../corpus/schema.js';
import { ArxivApiError, ArxivFeedError } from './errors.js';

/** One paper as arXiv describes it in a feed. */
export interface ArxivEntry {
  /** The id without version: `2502.05075` or `hep-th/9901001`. Compare papers by this, never by version. */
  arxivId: string;
  /** The version this entry describes (the latest, unless a versioned id was asked for). */
  version: number;
  /** Whitespace collapsed, entities decoded; LaTeX such as `$\ell_1$` is kept as written. */
  title: string;
  /** Author names in arXiv's order; may be empty. */
  authors: string[];
  /** Affiliations parallel to `authors` (`affiliations[i]` belongs to `authors[i]`); absent when none given. */
  affiliations?: string[][];
  /** The abstract with hard line-wraps removed. */
  summary: string;
  /** First-version date, YYYY-MM-DD as arXiv states it. */
  published: string;
  /** Date of this version, YYYY-MM-DD. */
  updated: string;
  /** The full timestamps, for ordering papers announced on the same day. */
  publishedAt: string;
  updatedAt: string;
  primaryCategory: string | null;
  categories: string[];
  absUrl: string;
  pdfUrl: string;
  doi?: string;
  journalRef?: string;
  comment?: string;
}

/** A parsed feed: the OpenSearch counts and the entries of this page. */
export interface ArxivFeed {
  /** Matches in total (not just this page); for `id_list`, the ids that exist. */
  totalResults: number;
  startIndex: number;
  itemsPerPage: number;
  entries: ArxivEntry[];
  /** Entries skipped because they could not be read (no usable id, title or date), described for the log. */
  skipped: string[];
}

const ATOM_ARRAYS = new Set(['entry', 'author', 'link', 'category', 'affiliation']);

/**
 * The XML parser for arXiv's feeds (the API's Atom, the listing's Atom and RSS), making arrays of the elements
 * named, which a feed may hold once or many times.
 */
export function feedXmlParser(arrays: ReadonlySet<string>): XMLParser {
  return new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    // `arxiv:doi` becomes `doi`, `opensearch:totalResults` becomes `totalResults`: no Atom element shares a
    // local name with an arXiv or OpenSearch one, and the prefix a server picks stops mattering.
    removeNSPrefix: true,
    // Ids such as 1706.01836 must stay strings, never become numbers.
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    ignoreDeclaration: true,
    ignorePiTags: true,
    // Decodes numeric character references (&#955;) besides the XML entities; without it fast-xml-parser 5
    // leaves them as written. It also knows a few HTML names (&nbsp;), harmless in a feed.
    htmlEntities: true,
    isArray: (name) => arrays.has(name),
  });
}

const parser = feedXmlParser(ATOM_ARRAYS);

type XmlNode = Record<string, unknown>;

/** Text content of an element that may have attributes (`{ '#text': … }`) or be empty. */
function text(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'object' && '#text' in (value as XmlNode)) return text((value as XmlNode)['#text']);
  return '';
}

/** Collapses runs of whitespace (line-wraps included) to single spaces. */
function collapse(value: string): string {
  return value.replace(/\s+/g, ' ').trim();
}

function attr(node: unknown, name: string): string {
  if (!node || typeof node !== 'object') return '';
  return text((node as XmlNode)[`@_${name}`]);
}

function list(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

function count(value: unknown, fallback: number): number {
  const n = Number.parseInt(collapse(text(value)), 10);
  return Number.isFinite(n) && n >= 0 ? n : fallback;
}

/** YYYY-MM-DD from an Atom timestamp, as written (arXiv's own offset), or '' when there is none or it is no real day. */
function dateOf(timestamp: string): string {
  const d = timestamp.trim().slice(0, 10);
  return isCalendarDate(d) ? d : '';
}

/** Which arXiv page a link points at, judged by host and path, since `rel` and `title` changed in 2025. */
function linkKind(href: string): 'abs' | 'pdf' | null {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return null;
  }
  if (!/(^|\.)arxiv\.org$/i.test(url.hostname)) return null;
  if (url.pathname.startsWith('/abs/')) return 'abs';
  if (url.pathname.startsWith('/pdf/')) return 'pdf';
  return null;
}

function isErrorEntry(id: string): boolean {
  return /^https?:\/\/arxiv\.org\/api\/errors/i.test(id.trim());
}

function readEntry(node: XmlNode): ArxivEntry | string {
  const rawId = collapse(text(node.id));
  const parsed = parseArxivId(rawId);
  if (!parsed) return `entry without a usable arXiv id (${rawId || 'no <id>'})`;

  let abs = '';
  let pdf = '';
  for (const link of list(node.link)) {
    const href = attr(link, 'href');
    const kind = linkKind(href);
    if (kind === 'abs' && !abs) abs = href;
    if (kind === 'pdf' && !pdf) pdf = href;
  }
  const version = parsed.version ?? parseArxivId(abs)?.version ?? 1;
  if (!(version >= 1)) return `entry ${parsed.id} has version v${version} (arXiv numbers versions from v1)`;
  const versioned = `${parsed.id}v${version}`;

  const authors: string[] = [];
  const affiliations: string[][] = [];
  for (const author of list(node.author)) {
    const name = collapse(text((author as XmlNode | undefined)?.name));
    if (!name) continue;
    authors.push(name);
    affiliations.push(
      list((author as XmlNode).affiliation)
        .map((a) => collapse(text(a)))
        .filter(Boolean),
    );
  }

  const categories = list(node.category)
    .map((c) => attr(c, 'term').trim())
    .filter(Boolean);
  const primaryCategory = attr(list(node.primary_category)[0], 'term').trim() || categories[0] || null;
  if (primaryCategory && !categories.includes(primaryCategory)) categories.unshift(primaryCategory);

  const publishedAt = collapse(text(node.published));
  const updatedAt = collapse(text(node.updated)) || publishedAt;
  const title = collapse(text(node.title));
  // Without a title or a date an entry cannot become a paper; say so rather than invent one.
  if (!title) return `entry ${parsed.id} has no title`;
  if (!dateOf(publishedAt) && !dateOf(updatedAt)) return `entry ${parsed.id} has no valid <published> date (${publishedAt || 'none'})`;

  const entry: ArxivEntry = {
    arxivId: parsed.id,
    version,
    title,
    authors,
    summary: collapse(text(node.summary)),
    published: dateOf(publishedAt) || dateOf(updatedAt),
    updated: dateOf(updatedAt) || dateOf(publishedAt),
    publishedAt,
    updatedAt,
    primaryCategory,
    categories: [...new Set(categories)],
    absUrl: abs || `https://arxiv.org/abs/${versioned}`,
    pdfUrl: pdf || `https://arxiv.org/pdf/${versioned}`,
  };
  if (affiliations.some((a) => a.length > 0)) entry.affiliations = affiliations;
  const doi = collapse(text(node.doi));
  if (doi) entry.doi = doi;
  const journalRef = collapse(text(node.journal_ref));
  if (journalRef) entry.journalRef = journalRef;
  const comment = collapse(text(node.comment));
  if (comment) entry.comment = comment;
  return entry;
}

/**
 * Parses the body of an arXiv API response.
 *
 * @param xml - the response body, as text
 * @returns the feed's counts and entries (none for an empty result or for ids that do not exist)
 * @throws ArxivFeedError (retryable) when the body is not a complete Atom feed: "Rate exceeded.", HTML,
 *   truncated or otherwise malformed XML
 * @throws ArxivApiError (not retryable) when arXiv answered with an error entry, carrying arXiv's message
 */
export function parseArxivFeed(xml: string): ArxivFeed {
  const f = readFeed(xml.replace(/^\uFEFF/, ''));
  const { entries, skipped } = readEntries(f);
  return {
    totalResults: count(f.totalResults, entries.length),
    startIndex: count(f.startIndex, 0),
    itemsPerPage: count(f.itemsPerPage, entries.length),
    entries,
    skipped,
  };
}

/** Entries per synchronous slice of {@link parseArxivFeedAsync}; a slice of 50 takes some tens of milliseconds on a slow machine. */
export const PARSE_CHUNK_ENTRIES = 50;

/**
 * Where each `<entry>` of a feed starts and ends, when the feed has more than `chunk` entries and its
 * entries can be cut apart safely (each closed before the next opens, only `</feed>` after the last).
 * Null otherwise: a small feed, or one whose shape only the whole-document parser should judge.
 */
function entrySpans(body: string, chunk: number): { feedStart: number; feedOpenEnd: number; spans: [number, number][] } | null {
  const feedStart = body.search(/<feed[\s>]/);
  if (feedStart < 0) return null;
  const feedOpenEnd = body.indexOf('>', feedStart) + 1;
  const spans: [number, number][] = [];
  const open = /<entry[\s>]/g;
  open.lastIndex = feedOpenEnd;
  let pos = feedOpenEnd;
  for (let m = open.exec(body); m; m = open.exec(body)) {
    if (m.index < pos) return null;
    const close = body.indexOf('</entry>', m.index);
    if (close < 0) return null;
    pos = close + '</entry>'.length;
    spans.push([m.index, pos]);
    open.lastIndex = pos;
  }
  if (spans.length <= chunk) return null;
  if (!/^\s*<\/feed>\s*$/.test(body.slice(pos))) return null;
  return { feedStart, feedOpenEnd, spans };
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * {@link parseArxivFeed} for feeds of any size without holding the event loop: a feed of thousands of
 * entries (arXiv ignoring `max_results`, or an author feed) is parsed a slice of entries at a time, and
 * Discord interactions are answered between slices. Small feeds are parsed in one go, exactly as
 * {@link parseArxivFeed} does.
 *
 * @param signal - stops between slices (shutdown)
 * @throws what {@link parseArxivFeed} throws, and the signal's reason when it aborts
 */
export async function parseArxivFeedAsync(xml: string, signal?: AbortSignal, chunk = PARSE_CHUNK_ENTRIES): Promise<ArxivFeed> {
  const body = xml.replace(/^\uFEFF/, '');
  const cut = entrySpans(body, Math.max(1, chunk));
  if (!cut) return parseArxivFeed(body);
  const { feedStart, feedOpenEnd, spans } = cut;
  // The root's start tag carries the namespace declarations every slice needs.
  const root = body.slice(feedStart, feedOpenEnd);
  const head = readFeed(`${body.slice(0, spans[0]![0])}</feed>`);
  const entries: ArxivEntry[] = [];
  const skipped: string[] = [];
  for (let i = 0; i < spans.length; i += chunk) {
    await nextTurn();
    signal?.throwIfAborted();
    const slice = spans.slice(i, i + chunk);
    const part = readEntries(readFeed(`${root}${body.slice(slice[0]![0], slice.at(-1)![1])}</feed>`));
    entries.push(...part.entries);
    skipped.push(...part.skipped);
  }
  return {
    totalResults: count(head.totalResults, entries.length),
    startIndex: count(head.startIndex, 0),
    itemsPerPage: count(head.itemsPerPage, entries.length),
    entries,
    skipped,
  };
}

/** Validates and parses a whole feed document; returns its `<feed>` node. */
function readFeed(body: string): XmlNode {
  if (!body.trim()) throw new ArxivFeedError('arXiv answered with an empty body instead of a feed', body);
  // The parser itself is lenient with cut-off documents; the validator is what notices a truncated feed.
  const valid = XMLValidator.validate(body);
  if (valid !== true) {
    const snippet = collapse(body.slice(0, 60));
    throw new ArxivFeedError(`arXiv answered with something that is not a feed (${valid.err.msg}): "${snippet}"`, body);
  }
  let doc: XmlNode;
  try {
    doc = parser.parse(body) as XmlNode;
  } catch (err) {
    throw new ArxivFeedError(`arXiv's feed could not be parsed: ${(err as Error).message}`, body, { cause: err });
  }
  const feed = doc.feed;
  if (!feed || typeof feed !== 'object' || Array.isArray(feed)) {
    const root = Object.keys(doc).find((k) => !k.startsWith('#') && !k.startsWith('?') && !k.startsWith('!')) ?? 'nothing';
    throw new ArxivFeedError(`arXiv answered with <${root}> instead of an Atom <feed>`, body);
  }
  return feed as XmlNode;
}

/** The readable entries of a `<feed>` node and why the others were skipped; an error entry throws. */
function readEntries(f: XmlNode): { entries: ArxivEntry[]; skipped: string[] } {
  const rawEntries = list(f.entry) as XmlNode[];
  for (const node of rawEntries) {
    const id = collapse(text(node?.id));
    if (isErrorEntry(id)) {
      const message = collapse(text(node.summary)) || collapse(text(node.title)) || id;
      throw new ArxivApiError(message, id);
    }
  }
  const entries: ArxivEntry[] = [];
  const skipped: string[] = [];
  for (const node of rawEntries) {
    const result = readEntry(node ?? {});
    if (typeof result === 'string') skipped.push(result);
    else entries.push(result);
  }
  return { entries, skipped };
}
