/**
 * The custom_id codec: the state of every button and select menu lives in its custom_id, not in memory, so
 * a search can be paged after the bot restarts.
 *
 * Format (at most 100 characters, Discord's limit):
 *
 *     v1:<action>:<field>:<field>:…:<tail>
 *
 * - `v1` is the format version. A click on a component of another version gets a polite "run the command
 *   again" instead of a misread state.
 * - `<action>` selects the handler (`pg` page a search, `op` open a result, `rr` reroll, `sim` similar,
 *   `cite`, `pick`; other modules register their own, e.g. admin review buttons).
 * - Fields never contain ":"; the tail (free text such as a query) is last, so it may contain anything.
 * - Filters are one field: `a=<author>;f=<from year>;t=<to year>;c=<category>;s=<scope>`, values percent-escaped
 *   (`s=rl` the reading list, `s=all` everything; no `s` is the lab's papers).
 *
 * When a query does not fit, it is not cut (a cut query would page through different results). Instead the
 * card builder writes it, exactly, on a `Query:` line of the message's last embed footer, and the custom_id
 * carries the marker `~q` in its filters. A component interaction always carries the message it sits on, so
 * the query is recovered from there, even after a restart, and footers render neither markdown nor mentions.
 * If even the filters do not fit, the whole state moves to the footer (`Filters:` line and marker `~`).
 */
import { LIMITS } from './limits.js';
import { defuseLinks, restoreLinks } from './markdown.js';

/** The current custom_id format version. */
export const CUSTOM_ID_VERSION = 'v1';

/** The parts of any custom_id of this bot. */
export interface ParsedCustomId {
  version: string;
  action: string;
  /** Everything after `<version>:<action>:`. */
  rest: string;
}

/**
 * Builds a custom_id from an action, fixed fields and an optional free-text tail.
 *
 * @throws Error when a field contains ":" (a programming error, not user input)
 */
export function encodeCustomId(action: string, fields: string[], tail?: string): string {
  for (const f of [action, ...fields]) if (f.includes(':')) throw new Error(`custom_id field contains ":": ${f}`);
  const parts = [CUSTOM_ID_VERSION, action, ...fields];
  if (tail !== undefined) parts.push(tail);
  return parts.join(':');
}

/** Splits a custom_id into version, action and the rest; null for ids of another shape. */
export function parseCustomId(customId: string): ParsedCustomId | null {
  const m = /^(v\d+):([a-z]+)(?::(.*))?$/s.exec(customId);
  if (!m?.[1] || !m[2]) return null;
  return { version: m[1], action: m[2], rest: m[3] ?? '' };
}

/** Splits `rest` into `count` fields plus the tail (which may contain ":"). */
export function splitFields(rest: string, count: number): { fields: string[]; tail: string } | null {
  const fields: string[] = [];
  let from = 0;
  for (let i = 0; i < count; i++) {
    const at = rest.indexOf(':', from);
    if (at < 0) return null;
    fields.push(rest.slice(from, at));
    from = at + 1;
  }
  return { fields, tail: rest.slice(from) };
}

/** A search or random query with its filters, as carried by buttons. */
export interface QueryState {
  text: string;
  author?: string;
  fromYear?: number;
  toYear?: number;
  category?: string;
  /** Which papers: the reading list or everything (lab, reading list, digest papers); absent: the lab's. */
  scope?: 'reading-list' | 'all';
}

const escapeValue = (v: string) => v.replace(/[%;:=~]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0'));
const unescapeValue = (v: string) => v.replace(/%([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));

/** Encodes the filters of a query as one compact field (empty when there are none). */
export function encodeFilters(q: Omit<QueryState, 'text'>): string {
  const parts: string[] = [];
  if (q.author) parts.push(`a=${escapeValue(q.author)}`);
  if (q.fromYear !== undefined) parts.push(`f=${q.fromYear}`);
  if (q.toYear !== undefined) parts.push(`t=${q.toYear}`);
  if (q.category) parts.push(`c=${escapeValue(q.category)}`);
  if (q.scope) parts.push(`s=${q.scope === 'reading-list' ? 'rl' : 'all'}`);
  return parts.join(';');
}

/** Decodes {@link encodeFilters}; unknown keys are ignored so a later version can add some. */
export function decodeFilters(field: string): Omit<QueryState, 'text'> & { queryInFooter: boolean } {
  const out: Omit<QueryState, 'text'> & { queryInFooter: boolean } = { queryInFooter: false };
  for (const part of field.split(';')) {
    if (!part) continue;
    if (part === '~q') {
      out.queryInFooter = true;
      continue;
    }
    const eq = part.indexOf('=');
    const key = part.slice(0, eq);
    const value = unescapeValue(part.slice(eq + 1));
    if (key === 'a') out.author = value;
    else if (key === 'c') out.category = value;
    else if (key === 's' && (value === 'rl' || value === 'all')) out.scope = value === 'rl' ? 'reading-list' : 'all';
    else if ((key === 'f' || key === 't') && /^\d{1,4}$/.test(value)) {
      if (key === 'f') out.fromYear = Number(value);
      else out.toYear = Number(value);
    }
  }
  return out;
}

/** Where a query state went: all in the custom_id, the text in the footer, or everything in the footer. */
export type QueryPlacement = 'id' | 'query-in-footer' | 'all-in-footer';

/** The footer lines that carry state which did not fit a custom_id; see the module comment. */
export const FOOTER_QUERY_LABEL = 'Query: ';
export const FOOTER_FILTERS_LABEL = 'Filters: ';

/**
 * The footer lines to add for a query that does not fit its custom_ids (none when it fits).
 * The query's newlines are folded to spaces first: a Discord string option has none anyway.
 */
export function footerLinesFor(q: QueryState, placement: QueryPlacement): string[] {
  if (placement === 'id') return [];
  // Footers render no links, but a footer is shown text too: links are defused and restored on reading back.
  const lines = [FOOTER_QUERY_LABEL + defuseLinks(oneLineText(q.text))];
  if (placement === 'all-in-footer') lines.push(FOOTER_FILTERS_LABEL + encodeFilters(q));
  return lines;
}

function oneLineText(text: string): string {
  return text.replace(/[\r\n]+/g, ' ');
}

function queryFields(q: QueryState, placement: QueryPlacement): { filters: string; tail: string } {
  if (placement === 'all-in-footer') return { filters: '~', tail: '' };
  const filters = encodeFilters(q);
  if (placement === 'query-in-footer') return { filters: filters ? `${filters};~q` : '~q', tail: '' };
  return { filters, tail: oneLineText(q.text) };
}

/**
 * Chooses where a query goes for a family of custom_ids, given a function that builds the longest id of the
 * family from (filters, tail). All buttons of a message use the same placement.
 */
export function placeQuery(q: QueryState, build: (filters: string, tail: string) => string): QueryPlacement {
  for (const placement of ['id', 'query-in-footer', 'all-in-footer'] as const) {
    const { filters, tail } = queryFields(q, placement);
    if (build(filters, tail).length <= LIMITS.customId) return placement;
  }
  throw new Error('custom_id does not fit even with its state in the footer');
}

/** Recovers a query from its custom_id fields and, when needed, the message's footer text. */
export function recoverQuery(filtersField: string, tail: string, footerText: string | undefined): QueryState | null {
  const lines = (footerText ?? '').split('\n');
  const line = (label: string) => {
    const found = lines.find((l) => l.startsWith(label))?.slice(label.length);
    return found === undefined ? undefined : restoreLinks(found);
  };
  if (filtersField === '~') {
    const text = line(FOOTER_QUERY_LABEL);
    const filters = line(FOOTER_FILTERS_LABEL);
    if (text === undefined || filters === undefined) return null;
    const { queryInFooter: _ignored, ...rest } = decodeFilters(filters);
    return { text, ...rest };
  }
  const { queryInFooter, ...filters } = decodeFilters(filtersField);
  if (!queryInFooter) return { text: tail, ...filters };
  const text = line(FOOTER_QUERY_LABEL);
  return text === undefined ? null : { text, ...filters };
}

// ---------------------------------------------------------------------------------------------------------
// The bot's own component states.

/** Page a search: `v1:pg:<page>:<owner>:<filters>:<query>`. */
export interface SearchPageState {
  kind: 'page';
  page: number;
  owner: string;
}
/** Open one result from the select menu: `v1:op:<owner>`; the chosen arXiv id is the select's value. */
export interface OpenResultState {
  kind: 'open';
  owner: string;
}
/** Reroll a random pick: `v1:rr:<owner>:<current arXiv id>:<filters>:<topic>`. */
export interface RerollState {
  kind: 'reroll';
  owner: string;
  current: string;
}
/** A button about one paper: `v1:sim:<id>`, `v1:cite:<id>`, `v1:pick:<id>`. */
export interface PaperActionState {
  kind: 'similar' | 'cite' | 'pick';
  arxivId: string;
}

/** Actions of this module, by the tag they carry in the custom_id. */
export const ACTIONS = { page: 'pg', open: 'op', reroll: 'rr', similar: 'sim', cite: 'cite', pick: 'pick' } as const;

/** Builds the custom_id for a search page button. */
export function searchPageId(page: number, owner: string, q: QueryState, placement: QueryPlacement): string {
  const { filters, tail } = queryFields(q, placement);
  return encodeCustomId(ACTIONS.page, [String(page), owner, filters], tail);
}

/** Chooses the placement for a search's page buttons (checked against the longest page number). */
export function placeSearchQuery(owner: string, q: QueryState): QueryPlacement {
  return placeQuery(q, (filters, tail) => encodeCustomId(ACTIONS.page, ['9999', owner, filters], tail));
}

/** Builds the custom_id of a search's select menu. */
export function openResultId(owner: string): string {
  return encodeCustomId(ACTIONS.open, [owner]);
}

/** Builds the custom_id for the Reroll button of a random pick. */
export function rerollId(owner: string, current: string, q: QueryState, placement: QueryPlacement): string {
  const { filters, tail } = queryFields(q, placement);
  return encodeCustomId(ACTIONS.reroll, [owner, current, filters], tail);
}

/** Chooses the placement for a random pick's topic and filters. */
export function placeRandomQuery(owner: string, current: string, q: QueryState): QueryPlacement {
  return placeQuery(q, (filters, tail) => encodeCustomId(ACTIONS.reroll, [owner, current, filters], tail));
}

/** Builds the custom_id of a button about one paper. */
export function paperActionId(kind: PaperActionState['kind'], arxivId: string): string {
  return encodeCustomId(ACTIONS[kind], [], arxivId);
}

/** A decoded component state, or why it could not be decoded. */
export type DecodedComponent =
  | (SearchPageState & { query: QueryState })
  | OpenResultState
  | (RerollState & { query: QueryState })
  | PaperActionState
  | { kind: 'stale'; reason: string }
  | { kind: 'foreign'; action: string };

/**
 * Decodes one of this module's custom_ids. `footerText` is the footer of the message's last embed, needed
 * only when the query did not fit (see the module comment).
 */
export function decodeComponentId(customId: string, footerText?: string): DecodedComponent {
  const parsed = parseCustomId(customId);
  if (!parsed) return { kind: 'stale', reason: 'unrecognised custom_id' };
  if (parsed.version !== CUSTOM_ID_VERSION) return { kind: 'stale', reason: `custom_id version ${parsed.version}` };
  const { action, rest } = parsed;
  switch (action) {
    case ACTIONS.page: {
      const s = splitFields(rest, 3);
      const page = Number(s?.fields[0]);
      const owner = s?.fields[1];
      if (!s || !Number.isInteger(page) || page < 1 || !owner) return { kind: 'stale', reason: 'malformed page id' };
      const query = recoverQuery(s.fields[2] ?? '', s.tail, footerText);
      if (!query) return { kind: 'stale', reason: 'query missing from the message footer' };
      return { kind: 'page', page, owner, query };
    }
    case ACTIONS.open:
      return rest ? { kind: 'open', owner: rest } : { kind: 'stale', reason: 'malformed open id' };
    case ACTIONS.reroll: {
      const s = splitFields(rest, 3);
      const owner = s?.fields[0];
      const current = s?.fields[1];
      if (!s || !owner || !current) return { kind: 'stale', reason: 'malformed reroll id' };
      const query = recoverQuery(s.fields[2] ?? '', s.tail, footerText);
      if (!query) return { kind: 'stale', reason: 'topic missing from the message footer' };
      return { kind: 'reroll', owner, current, query };
    }
    case ACTIONS.similar:
    case ACTIONS.cite:
    case ACTIONS.pick: {
      if (!rest) return { kind: 'stale', reason: `malformed ${action} id` };
      const kind = action === ACTIONS.similar ? 'similar' : action === ACTIONS.cite ? 'cite' : 'pick';
      return { kind, arxivId: rest };
    }
    default:
      return { kind: 'foreign', action };
  }
}
