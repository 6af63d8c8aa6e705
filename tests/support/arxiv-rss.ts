/**
 * A local stand-in for arXiv's daily listing feeds (`rss.arxiv.org/rss/<cats>` and `/atom/<cats>`,
 * categories joined with `+`) on 127.0.0.1. Nothing here was recorded from arXiv: the documents are built
 * from arXiv's published RSS specification (info.arxiv.org/help/rss_specifications.html): channel `title`,
 * `link`, `description`, `atom:link`, `docs`, `language`, `lastBuildDate`, `managingEditor`, `pubDate` (the
 * announcement day at 00:00 Eastern) and `skipDays` (Saturday, Sunday); items with `title`, `link`,
 * `description` ("arXiv:<id>v<n> Announce Type: <type> Abstract: …"), `guid` (`oai:arXiv.org:<id>v<n>`),
 * `category` (one per category), `pubDate`, `arxiv:announce_type`, `dc:rights` and `dc:creator` (all
 * authors in one comma-separated string). The Atom rendering carries the same fields as Atom elements.
 * On a day without an announcement the channel has no items.
 *
 *   const rss = await startArxivRss({ day: '2026-12-03', entries: [...] });
 *   ARXIV_LISTING_URL = rss.atomUrl     // or rss.rssUrl
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One listing entry. */
export interface RssEntry {
  id: string;
  version?: number;
  title: string;
  authors: string[];
  abstract: string;
  categories: string[];
  announceType: 'new' | 'cross' | 'replace' | 'replace-cross';
}

/** One request as the server saw it. */
export interface RssRequest {
  at: number;
  path: string;
  userAgent: string | undefined;
  served: string;
}

/** The running stand-in. */
export interface ArxivRss {
  /** Base to pass as `ARXIV_LISTING_URL` for the Atom rendering. */
  readonly atomUrl: string;
  /** Base for the RSS 2.0 rendering. */
  readonly rssUrl: string;
  readonly requests: RssRequest[];
  /** The announcement day the feed states (YYYY-MM-DD). */
  day: string;
  entries: RssEntry[];
  /** The next `times` requests get this status (and body). */
  failNext(status: number, times?: number, body?: string): void;
  /** The next request gets exactly this body with status 200. */
  rawNext(body: string): void;
  close(): Promise<void>;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** RFC 822 midnight Eastern of a day, as arXiv writes `pubDate`: `Thu, 03 Dec 2026 00:00:00 -0500`. */
export function rfc822(day: string): string {
  const d = new Date(`${day}T12:00:00Z`);
  return `${DAYS[d.getUTCDay()]}, ${day.slice(8, 10)} ${MONTHS[d.getUTCMonth()]} ${day.slice(0, 4)} 00:00:00 -0500`;
}

function description(e: RssEntry): string {
  return `arXiv:${e.id}v${e.version ?? 1} Announce Type: ${e.announceType} \nAbstract: ${e.abstract}`;
}

/** The RSS 2.0 listing of a day. */
export function listingRss(cats: string, day: string, entries: readonly RssEntry[]): string {
  const items = entries
    .map(
      (e) => `<item>
<title>${esc(e.title)}</title>
<link>https://arxiv.org/abs/${e.id}</link>
<description>${esc(description(e))}</description>
<guid isPermaLink="false">oai:arXiv.org:${e.id}v${e.version ?? 1}</guid>
${e.categories.map((c) => `<category>${c}</category>`).join('\n')}
<pubDate>${rfc822(day)}</pubDate>
<arxiv:announce_type>${e.announceType}</arxiv:announce_type>
<dc:rights>http://creativecommons.org/licenses/by/4.0/</dc:rights>
<dc:creator>${esc(e.authors.join(', '))}</dc:creator>
</item>`,
    )
    .join('\n');
  return `<?xml version='1.0' encoding='UTF-8'?>
<rss xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/" version="2.0">
<channel>
<title>${esc(cats.replace(/\+/g, ', '))} updates on arXiv.org</title>
<link>http://rss.arxiv.org/rss/${cats}</link>
<description>${esc(cats)} updates on the arXiv.org e-print archive.</description>
<atom:link href="http://rss.arxiv.org/rss/${cats}" rel="self" type="application/rss+xml"/>
<docs>http://www.rssboard.org/rss-specification</docs>
<language>en-us</language>
<lastBuildDate>${rfc822(day).replace('00:00:00 -0500', '05:00:02 +0000')}</lastBuildDate>
<managingEditor>rss-help@arxiv.org</managingEditor>
<pubDate>${rfc822(day)}</pubDate>
<skipDays>
<day>Saturday</day>
<day>Sunday</day>
</skipDays>
${items}
</channel>
</rss>`;
}

/** The Atom rendering of the same listing. */
export function listingAtom(cats: string, day: string, entries: readonly RssEntry[]): string {
  const stamp = `${day}T00:00:00-05:00`;
  const items = entries
    .map(
      (e) => `<entry>
<id>oai:arXiv.org:${e.id}v${e.version ?? 1}</id>
<title>${esc(e.title)}</title>
<updated>${stamp}</updated>
<link href="https://arxiv.org/abs/${e.id}" rel="alternate" type="text/html"/>
<summary>${esc(description(e))}</summary>
${e.categories.map((c) => `<category term="${c}" scheme="http://arxiv.org/schemas/atom"/>`).join('\n')}
<published>${stamp}</published>
<arxiv:announce_type>${e.announceType}</arxiv:announce_type>
<rights>http://creativecommons.org/licenses/by/4.0/</rights>
<dc:creator>${esc(e.authors.join(', '))}</dc:creator>
</entry>`,
    )
    .join('\n');
  return `<?xml version='1.0' encoding='UTF-8'?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns:dc="http://purl.org/dc/elements/1.1/" xml:lang="en-us">
<id>http://rss.arxiv.org/atom/${cats}</id>
<title>${esc(cats.replace(/\+/g, ', '))} updates on arXiv.org</title>
<updated>${stamp}</updated>
<link href="http://rss.arxiv.org/atom/${cats}" rel="self" type="application/atom+xml"/>
<subtitle>${esc(cats)} updates on the arXiv.org e-print archive.</subtitle>
${items}
</feed>`;
}

/** Starts the stand-in with a day and its entries (no entries: a day without an announcement). */
export async function startArxivRss(initial: { day: string; entries?: RssEntry[] }): Promise<ArxivRss> {
  const requests: RssRequest[] = [];
  const faults: { status: number; body: string }[] = [];
  const state = { day: initial.day, entries: initial.entries ?? [] };
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const record: RssRequest = { at: Date.now(), path: url.pathname, userAgent: req.headers['user-agent'], served: '' };
    requests.push(record);
    req.resume();
    const fault = faults.shift();
    if (fault) {
      record.served = `status-${fault.status}`;
      res.writeHead(fault.status, { 'content-type': fault.status === 200 ? 'application/xml' : 'text/plain' });
      return res.end(fault.body);
    }
    const m = /^\/(rss|atom)\/([A-Za-z.+-]+)$/.exec(url.pathname);
    if (!m) {
      record.served = 'not-found';
      res.writeHead(404, { 'content-type': 'text/plain' });
      return res.end('Not Found');
    }
    const cats = m[2]!;
    const wanted = new Set(cats.split('+'));
    // A listing of several categories holds each entry once, if any of its categories was asked for.
    const listed = state.entries.filter((e) => e.categories.some((c) => wanted.has(c)));
    record.served = m[1]!;
    res.writeHead(200, { 'content-type': m[1] === 'rss' ? 'application/rss+xml; charset=utf-8' : 'application/atom+xml; charset=utf-8' });
    res.end(m[1] === 'rss' ? listingRss(cats, state.day, listed) : listingAtom(cats, state.day, listed));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  return {
    atomUrl: `http://127.0.0.1:${port}/atom`,
    rssUrl: `http://127.0.0.1:${port}/rss`,
    requests,
    get day() {
      return state.day;
    },
    set day(d: string) {
      state.day = d;
    },
    get entries() {
      return state.entries;
    },
    set entries(e: RssEntry[]) {
      state.entries = e;
    },
    failNext(status, times = 1, body = 'Service Unavailable') {
      for (let i = 0; i < times; i++) faults.push({ status, body });
    },
    rawNext(body) {
      faults.push({ status: 200, body });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
