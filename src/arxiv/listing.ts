/**
 * Parsing arXiv's daily listing feeds (`https://rss.arxiv.org/atom/<cats>` and `/rss/<cats>`, categories
 * joined with `+`) into entries with their announce type.
 *
 * The feeds are arXiv's RSS 2.0 and Atom 1.0 renderings of one announcement: the channel's `<pubDate>`
 * (Atom: the feed's `<updated>`) is the announcement day, written in arXiv's own Eastern offset; each item
 * carries `arxiv:announce_type` (`new`, `cross`, `replace`, `replace-cross`), the authors as one
 * comma-separated `dc:creator`, and a description that starts "arXiv:<id>v<n> Announce Type: new Abstract:".
 * On a day without an announcement (weekends, holidays) the channel has no items, and the RSS rendering
 * names the weekly off days in `<skipDays>`. Both renderings are read by one real XML parser with the
 * namespace prefixes dropped, so the prefix a server picks does not matter.
 */
import { XMLValidator } from 'fast-xml-parser';
import { parseArxivId } from '../corpus/ids.js';
import { isCalendarDate } from '../corpus/schema.js';
import { ArxivFeedError } from './errors.js';
import { feedXmlParser, type ArxivEntry } from './parse.js';

/** How arXiv announced an entry: a new submission, a cross-list into the category, or a replacement. */
export type AnnounceType = 'new' | 'cross' | 'replace' | 'replace-cross';

const ANNOUNCE_TYPES: ReadonlySet<string> = new Set(['new', 'cross', 'replace', 'replace-cross']);

/** One entry of a listing. */
export interface ListingEntry {
  entry: ArxivEntry;
  announceType: AnnounceType;
}

/** A parsed listing feed. */
export interface ArxivListing {
  /** The announcement day (YYYY-MM-DD, arXiv's Eastern date), or null when the feed states none. */
  announcedOn: string | null;
  /** Week days the feed says it skips (`<skipDays>`; RSS only), e.g. `['Saturday', 'Sunday']`. */
  skipDays: string[];
  entries: ListingEntry[];
  /** Entries that could not be read, one readable sentence each; the rest are delivered. */
  skipped: string[];
}

const parser = feedXmlParser(new Set(['item', 'entry', 'category', 'day', 'link', 'creator', 'author']));

type XmlNode = Record<string, unknown>;

function text(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return text(value[0]);
  if (typeof value === 'object' && '#text' in (value as XmlNode)) return text((value as XmlNode)['#text']);
  return '';
}

const collapse = (value: string) => value.replace(/\s+/g, ' ').trim();

function list(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

const MONTHS: Record<string, string> = {
  jan: '01',
  feb: '02',
  mar: '03',
  apr: '04',
  may: '05',
  jun: '06',
  jul: '07',
  aug: '08',
  sep: '09',
  oct: '10',
  nov: '11',
  dec: '12',
};

/**
 * The calendar day a feed date names, as written (no time-zone conversion: arXiv writes its Eastern day):
 * RFC 822 (`Fri, 23 Feb 2024 00:00:00 -0500`) or ISO 8601 (`2024-02-23T00:00:00-05:00`). '' when unreadable.
 */
export function feedDay(value: string): string {
  const v = value.trim();
  const iso = /^(\d{4}-\d{2}-\d{2})/.exec(v);
  if (iso) return isCalendarDate(iso[1]!) ? iso[1]! : '';
  const rfc = /^(?:[A-Za-z]{3},\s*)?(\d{1,2})\s+([A-Za-z]{3})\s+(\d{4})/.exec(v);
  if (!rfc) return '';
  const month = MONTHS[rfc[2]!.toLowerCase()];
  const day = `${rfc[3]}-${month}-${rfc[1]!.padStart(2, '0')}`;
  return month && isCalendarDate(day) ? day : '';
}

/** The abstract without arXiv's "arXiv:… Announce Type: … Abstract:" preamble. */
function abstractOf(description: string): string {
  const s = collapse(description);
  const at = s.search(/\bAbstract:\s*/);
  return at >= 0 ? s.slice(at).replace(/^Abstract:\s*/, '') : s;
}

/** Authors from `dc:creator`, one string "A, B and C" or one element each. */
function authorsOf(node: XmlNode): string[] {
  const creators = list(node.creator).map((c) => collapse(text(c)));
  const names = creators.length === 1 ? creators[0]!.split(/\s*,\s*|\s+and\s+/) : creators;
  const fromAtom = list(node.author).map((a) => collapse(text((a as XmlNode | undefined)?.name)));
  return [...names, ...(names.length ? [] : fromAtom)].map((n) => n.trim()).filter(Boolean);
}

function readItem(node: XmlNode, announcedOn: string | null, atom: boolean): ListingEntry | string {
  const links = list(node.link).map((l) => (atom ? text((l as XmlNode)['@_href']) : text(l)));
  const rawId = collapse(text(node.guid)) || collapse(text(node.id));
  const description = text(atom ? node.summary : node.description);
  // The id: the guid `oai:arXiv.org:2402.12345v1`, else the abstract link, else the description's preamble.
  const fromPreamble = /arXiv:(\S+)/.exec(description)?.[1] ?? '';
  const parsed = parseArxivId(rawId.replace(/^oai:arXiv\.org:/i, '')) ?? parseArxivId(links[0] ?? '') ?? parseArxivId(fromPreamble);
  if (!parsed) return `listing entry without a usable arXiv id (${rawId || links[0] || 'no <guid>'})`;
  const version = parsed.version ?? parseArxivId(fromPreamble)?.version ?? 1;
  const type = collapse(text(node.announce_type)).toLowerCase() || (/Announce Type:\s*(\S+)/.exec(description)?.[1] ?? '').toLowerCase();
  if (!ANNOUNCE_TYPES.has(type)) return `listing entry ${parsed.id} has an unknown announce type (${type || 'none'})`;
  const title = collapse(text(node.title));
  if (!title) return `listing entry ${parsed.id} has no title`;
  const day = feedDay(text(node.pubDate) || text(node.published) || text(node.updated)) || announcedOn;
  if (!day) return `listing entry ${parsed.id} has no valid date`;
  const categories = list(node.category)
    .map((c) => collapse(atom ? text((c as XmlNode)['@_term']) : text(c)))
    .filter(Boolean);
  const versioned = `${parsed.id}v${version}`;
  const entry: ArxivEntry = {
    arxivId: parsed.id,
    version,
    title,
    authors: authorsOf(node),
    summary: abstractOf(description),
    // The listing does not say when v1 was submitted; for a new entry the announcement day is the closest.
    published: day,
    updated: day,
    publishedAt: `${day}T00:00:00-05:00`,
    updatedAt: `${day}T00:00:00-05:00`,
    primaryCategory: categories[0] ?? null,
    categories: [...new Set(categories)],
    absUrl: `https://arxiv.org/abs/${versioned}`,
    pdfUrl: `https://arxiv.org/pdf/${versioned}`,
  };
  return { entry, announceType: type as AnnounceType };
}

/**
 * Parses a listing feed body, RSS 2.0 or Atom.
 *
 * @throws ArxivFeedError (retryable) when the body is not a complete RSS or Atom document
 */
export function parseArxivListing(xml: string): ArxivListing {
  const body = xml.replace(/^\uFEFF/, '');
  if (!body.trim()) throw new ArxivFeedError('arXiv answered with an empty body instead of a listing feed', body);
  const valid = XMLValidator.validate(body);
  if (valid !== true) throw new ArxivFeedError(`arXiv answered with something that is not a feed (${valid.err.msg}): "${collapse(body.slice(0, 60))}"`, body);
  const doc = parser.parse(body) as XmlNode;
  const rss = (doc.rss as XmlNode | undefined)?.channel as XmlNode | undefined;
  const atom = doc.feed as XmlNode | undefined;
  const root = rss ?? atom;
  if (!root || typeof root !== 'object') throw new ArxivFeedError('arXiv answered with a document that is neither an RSS channel nor an Atom feed', body);
  const announcedOn = feedDay(text(rss ? root.pubDate : root.updated)) || null;
  const skipDays = list((root.skipDays as XmlNode | undefined)?.day).map((d) => collapse(text(d)));
  const entries: ListingEntry[] = [];
  const skipped: string[] = [];
  for (const node of list(rss ? root.item : root.entry) as XmlNode[]) {
    const result = readItem(node ?? {}, announcedOn, !rss);
    if (typeof result === 'string') skipped.push(result);
    else entries.push(result);
  }
  return { announcedOn, skipDays, entries, skipped };
}
