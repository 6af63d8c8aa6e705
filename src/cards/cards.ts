/**
 * The card builder: every message the bot sends about papers is made here, from plain data, and passes
 * through {@link finalizeMessage} so it keeps Discord's limits and pings no one. Handlers pick a builder;
 * they never assemble embeds themselves.
 */
import { ButtonStyle, ComponentType, MessageFlags, type APIButtonComponent, type APIEmbed } from 'discord.js';
import { absUrl, pdfUrl } from '../corpus/ids.js';
import { latexToText } from '../corpus/latex.js';
import { paperYear, type Paper } from '../corpus/schema.js';
import type { PaperSource, SearchHit, Suggestion } from '../search/types.js';
import { saveButton, scopeWords, SOURCE_LABELS } from './reading-list-buttons.js';
import type { ReadingPick } from '../picks/types.js';
import { footerLinesFor, openResultId, paperActionId, placeRandomQuery, placeSearchQuery, rerollId, searchPageId, type QueryState } from './custom-id.js';
import { describeFilters } from '../text/describe-filters.js';
import { LIMITS } from './limits.js';
import { finalizeMessage, type ActionRow, type MessageDraft, type MessagePayload } from './message.js';
import { highlightedSnippet } from './highlighted-snippet.js';
import { escapeAndFit, escapeEcho, escapeMarkdown, oneLine, truncate } from './markdown.js';

/** A paper's title as one readable line: LaTeX turned into text, whitespace folded. */
function paperTitle(paper: Pick<Paper, 'title'>): string {
  return oneLine(latexToText(paper.title));
}

/** The lab's colour on every card. */
export const CARD_COLOR = 0x57068c; // NYU violet

/** Results per search page: five cards keep a page readable on a phone and well inside 6,000 characters. */
export const PAGE_SIZE = 5;

const EPHEMERAL = MessageFlags.Ephemeral;

/**
 * A short note, usually ephemeral: errors, "only the searcher can page", "serves only its lab". A note
 * has no embeds of its own and often echoes what the user typed, so link previews are suppressed.
 */
export function noticeMessage(text: string, options: { ephemeral?: boolean } = {}): MessagePayload {
  return finalizeMessage({ content: text, flags: (options.ephemeral === false ? 0 : EPHEMERAL) | MessageFlags.SuppressEmbeds });
}

/**
 * Authors as one line that fits `max`: "A, B, C and 57 more", or "Authors unknown" when the list is empty.
 * Names are escaped (a name is data too). Linear in the names shown: a paper with thousands of authors
 * (collaboration papers) costs no more than the few names that fit, because the scan stops once the line is full.
 */
export function authorsLine(authors: readonly string[], max: number): string {
  if (authors.length === 0) return 'Authors unknown';
  const n = authors.length;
  const name = (i: number) => escapeMarkdown(oneLine(authors[i]!));
  const first = name(0);
  // Grow the prefix one name at a time; the longest prefix whose "and k more" still fits wins. Once the prefix
  // alone is longer than `max`, no longer prefix can fit either.
  const shown: string[] = [first];
  let prefix = first.length;
  let best = 0;
  for (let i = 1; i < n && prefix <= max; i++) {
    if (prefix + ` and ${n - i} more`.length <= max) best = i;
    const next = name(i);
    shown.push(next);
    prefix += 2 + next.length;
  }
  if (shown.length === n && prefix <= max) return shown.join(', ');
  if (best >= 1) return `${shown.slice(0, best).join(', ')} and ${n - best} more`;
  return truncate(`${first} and ${n - 1} more`, max);
}

function metaLine(paper: Paper): string {
  const parts = [authorsLine(paper.authors, 300), String(paperYear(paper))];
  if (paper.venue) parts.push(escapeMarkdown(oneLine(paper.venue)));
  return parts.join(' · ');
}

function linkButton(label: string, url: string): APIButtonComponent {
  return { type: ComponentType.Button, style: ButtonStyle.Link, label, url };
}

type ActionStyle = ButtonStyle.Primary | ButtonStyle.Secondary | ButtonStyle.Success | ButtonStyle.Danger;

function button(label: string, customId: string, style: ActionStyle = ButtonStyle.Secondary, disabled = false): APIButtonComponent {
  return { type: ComponentType.Button, style, label, custom_id: customId, disabled };
}

function row(...components: APIButtonComponent[]): ActionRow {
  return { type: ComponentType.ActionRow, components };
}

/** A compact card for one result: linked title, authors, year, venue and (for searches) a snippet. */
export function resultEmbed(paper: Paper, options: { rank?: number; terms?: string[]; source?: PaperSource } = {}): APIEmbed {
  const prefix = options.rank !== undefined ? `${options.rank}. ` : '';
  const lines = [metaLine(paper)];
  if (paper.abstract) lines.push(highlightedSnippet(latexToText(paper.abstract), options.terms ?? [], 280));
  return {
    ...(options.source ? { author: { name: SOURCE_LABELS[options.source] } } : {}),
    color: CARD_COLOR,
    title: prefix + escapeAndFit(paperTitle(paper), LIMITS.embedTitle - prefix.length),
    url: absUrl(paper.arxivId),
    description: lines.join('\n'),
  };
}

/** The full card of one paper: abstract, every author that fits, dates, venue, categories. */
/** A paper's citation count as last fetched from Semantic Scholar, and the venue it lists, for the full card. */
export interface CardCitations {
  /** Null: Semantic Scholar does not know the paper (shown as unknown, never as zero). */
  count: number | null;
  /** The day the count was fetched, YYYY-MM-DD. */
  asOf: string;
  /** The venue Semantic Scholar lists, shown only where the arXiv record names none. */
  venue?: string | null;
}

/** The full card of one paper: abstract, every author that fits, dates, venue, categories, and citations when known. */
export function fullPaperEmbed(paper: Paper, extraFooterLines: string[] = [], citations?: CardCitations): APIEmbed {
  const fields = [
    { name: paper.authors.length === 1 ? 'Author' : 'Authors', value: authorsLine(paper.authors, LIMITS.fieldValue) },
    {
      name: 'Published',
      value: paper.updated && paper.updated !== paper.published ? `${paper.published} (updated ${paper.updated})` : paper.published,
      inline: true,
    },
  ];
  if (paper.venue) fields.push({ name: 'Venue', value: escapeAndFit(oneLine(paper.venue), LIMITS.fieldValue), inline: true });
  else if (citations?.venue)
    fields.push({ name: 'Venue', value: escapeAndFit(`${oneLine(citations.venue)} (per Semantic Scholar)`, LIMITS.fieldValue), inline: true });
  if (paper.categories.length > 0) {
    fields.push({ name: 'Categories', value: escapeAndFit(paper.categories.join(', '), LIMITS.fieldValue), inline: true });
  }
  if (citations && citations.count !== null) {
    fields.push({ name: 'Citations', value: `${citations.count.toLocaleString('en-US')} (Semantic Scholar, ${citations.asOf})`, inline: true });
  }
  const footer = [`arXiv:${paper.arxivId}${paper.version ? `v${paper.version}` : ''}`];
  if (paper.attribution !== 'lab') footer.push('Listed on the lab profile, but by another author of the same name');
  return {
    color: CARD_COLOR,
    title: escapeAndFit(paperTitle(paper), LIMITS.embedTitle),
    url: absUrl(paper.arxivId),
    description: paper.abstract ? escapeAndFit(latexToText(paper.abstract.trim()), LIMITS.embedDescription) : '*No abstract recorded.*',
    fields,
    footer: { text: [...footer, ...extraFooterLines].join('\n') },
  };
}

function linkRow(paper: Paper): APIButtonComponent[] {
  return [linkButton('Abstract', absUrl(paper.arxivId)), linkButton('PDF', pdfUrl(paper.arxivId))];
}

/** `/paper show`: the full card with Abstract/PDF links and Similar/Cite buttons. */
export function paperMessage(paper: Paper, options: { ephemeral?: boolean; content?: string; citations?: CardCitations } = {}): MessagePayload {
  return finalizeMessage({
    ...(options.content ? { content: options.content } : {}),
    embeds: [fullPaperEmbed(paper, [], options.citations)],
    components: [
      row(
        ...linkRow(paper),
        button('Similar', paperActionId('similar', paper.arxivId)),
        button('Cite', paperActionId('cite', paper.arxivId)),
        saveButton(paper.arxivId, 'Save'),
      ),
    ],
    ...(options.ephemeral ? { flags: EPHEMERAL } : {}),
  });
}

/** `/paper random`: the full card with Reroll, Similar, Cite and "Pick for reading group". */
export function randomPaperMessage(paper: Paper, owner: string, query: QueryState, source?: PaperSource): MessagePayload {
  const placement = placeRandomQuery(owner, paper.arxivId, query);
  const topicLines = footerLinesFor(query, placement);
  const where = query.scope ? ` ${scopeWords(query.scope)}` : '';
  return finalizeMessage({
    content: (query.text ? `🎲 A random paper on “${escapeEcho(query.text, 200)}”` : '🎲 A random paper') + where,
    embeds: [fullPaperEmbed(paper, [...(source && query.scope ? [SOURCE_LABELS[source]] : []), ...topicLines])],
    components: [
      row(
        button('Reroll', rerollId(owner, paper.arxivId, query, placement), ButtonStyle.Primary),
        button('Similar', paperActionId('similar', paper.arxivId)),
        button('Cite', paperActionId('cite', paper.arxivId)),
        button('Pick for reading group', paperActionId('pick', paper.arxivId), ButtonStyle.Success),
      ),
      row(...linkRow(paper), saveButton(paper.arxivId, 'Save')),
    ],
  });
}

/** The public post of a reading-group pick in the channel (a thread is then opened on it). */
export function pickAnnouncementMessage(paper: Paper, pickedBy: string): MessagePayload {
  return finalizeMessage({
    // A user mention displays the name; allowed_mentions keeps it from pinging.
    content: `📚 **Reading group pick**, chosen by <@${pickedBy}>`,
    embeds: [fullPaperEmbed(paper)],
    components: [row(...linkRow(paper))],
  });
}

/** The name of a pick's discussion thread (Discord allows 100 characters). */
export function pickThreadName(paper: Paper): string {
  return truncate(paperTitle(paper), LIMITS.threadName);
}

/** Input of {@link searchResultsMessage}. */
export interface SearchPage {
  query: QueryState;
  hits: SearchHit[];
  total: number;
  /** 1-based page number. */
  page: number;
  /** The user who searched: only they can page. */
  owner: string;
  /** A line under the header, e.g. that the field index is still being built. */
  note?: string;
}

/** The number of pages for a result count. */
export function pageCount(total: number): number {
  return Math.max(1, Math.ceil(total / PAGE_SIZE));
}

/**
 * One page of search results: a header line, up to five result cards, "Page i of n" in the footer,
 * Prev/Next buttons and a select menu that opens one result's full card.
 */
export function searchResultsMessage(p: SearchPage): MessagePayload {
  const pages = pageCount(p.total);
  const placement = placeSearchQuery(p.owner, p.query);
  const filters = describeFilters(p.query, escapeEcho);
  const where = p.query.scope ? ` ${scopeWords(p.query.scope)}` : '';
  const header =
    `🔎 **${p.total} ${p.total === 1 ? 'paper' : 'papers'}**${where} for “${escapeEcho(p.query.text, 1500)}”` +
    (filters ? ` (${filters})` : '') +
    (p.note ? `\n${p.note}` : '');
  const first = (p.page - 1) * PAGE_SIZE;
  const embeds = p.hits.map((h, i) => resultEmbed(h.paper, { rank: first + i + 1, terms: h.matchedTerms, ...(h.source ? { source: h.source } : {}) }));
  const footer = [`Page ${p.page} of ${pages} · only the person who searched can turn pages`, ...footerLinesFor(p.query, placement)];
  const last = embeds[embeds.length - 1];
  if (last) last.footer = { text: footer.join('\n') };
  const components: ActionRow[] = [];
  if (pages > 1) {
    components.push(
      row(
        button('◀ Prev', searchPageId(Math.max(1, p.page - 1), p.owner, p.query, placement), ButtonStyle.Secondary, p.page <= 1),
        button(`Page ${p.page} of ${pages}`, 'v1:noop', ButtonStyle.Secondary, true),
        button('Next ▶', searchPageId(Math.min(pages, p.page + 1), p.owner, p.query, placement), ButtonStyle.Secondary, p.page >= pages),
      ),
    );
  }
  if (p.hits.length > 0) {
    components.push({
      type: ComponentType.ActionRow,
      components: [
        {
          type: ComponentType.StringSelect,
          custom_id: openResultId(p.owner),
          placeholder: 'Open one paper’s full card',
          options: p.hits.map((h, i) => ({
            label: `${first + i + 1}. ${paperTitle(h.paper)}`,
            value: h.paper.arxivId,
            description: `${h.paper.authors[0] ? oneLine(h.paper.authors[0]) + (h.paper.authors.length > 1 ? ' et al.' : '') : 'Authors unknown'} · ${paperYear(h.paper)}`,
          })),
        },
      ],
    });
  }
  return finalizeMessage({ content: header, embeds, components });
}

/** No results: a friendly note with did-you-mean suggestions from the index's vocabulary. */
export function noResultsMessage(query: QueryState, didYouMean: string[]): MessagePayload {
  const filters = describeFilters(query, escapeEcho);
  const lines = [
    query.text.trim()
      ? `No ${query.scope ? `paper ${scopeWords(query.scope)}` : 'lab paper'} matches “${escapeEcho(query.text, 300)}”${filters ? ` (${filters})` : ''}.`
      : 'Type some words to search for, e.g. `/paper search query: sketching`.',
  ];
  if (didYouMean.length > 0) {
    lines.push(
      `Did you mean ${didYouMean
        .slice(0, 5)
        .map((s) => `**${escapeEcho(s, 100)}**`)
        .join(', ')}?`,
    );
  }
  if (filters) lines.push('Try fewer filters, or `/paper recent` to browse the newest papers.');
  return noticeMessage(lines.join('\n'));
}

/**
 * BibTeX in a code block. A very long entry (sixty authors) is shortened with BibTeX's own "and others";
 * one still too long for a message (a pathological venue or title) is cut inside the block, which stays
 * closed so the rest of the message renders.
 */
export function citeMessage(paper: Paper, toBibtex: (p: Paper) => string, options: { ephemeral?: boolean } = {}): MessagePayload {
  const intro = `BibTeX for **${escapeAndFit(paperTitle(paper), 200)}**\n`;
  const room = LIMITS.content - intro.length - '```bibtex\n\n```'.length;
  let bib = toBibtex(paper);
  for (let keep = 10; bib.length > room && keep >= 1 && paper.authors.length > keep; keep = Math.floor(keep / 2)) {
    bib = toBibtex({ ...paper, authors: [...paper.authors.slice(0, keep), 'others'] });
  }
  bib = bib.replace(/```/g, '`\u200b``');
  if (bib.length > room) bib = bib.slice(0, room - 2).replace(/\\?$/, '') + ' …';
  return finalizeMessage({
    content: `${intro}\`\`\`bibtex\n${bib}\n\`\`\``,
    ...(options.ephemeral === false ? {} : { flags: EPHEMERAL }),
  });
}

/** Papers like a given one, as compact cards. */
export function similarMessage(paper: Paper, hits: SearchHit[]): MessagePayload {
  if (hits.length === 0) return noticeMessage(`No paper in the index is close to “${escapeAndFit(paperTitle(paper), 200)}”.`);
  return finalizeMessage({
    content: `Papers like **${escapeAndFit(paperTitle(paper), 300)}**`,
    embeds: hits.slice(0, PAGE_SIZE).map((h, i) => resultEmbed(h.paper, { rank: i + 1, terms: h.matchedTerms })),
    flags: EPHEMERAL,
  });
}

/** `/paper recent`: the newest papers as compact cards (at most 10, Discord's embed limit). */
export function recentMessage(papers: Paper[]): MessagePayload {
  if (papers.length === 0) return noticeMessage('The index holds no papers yet.');
  return finalizeMessage({
    content: `🆕 The ${papers.length === 1 ? 'newest paper' : `${papers.length} newest papers`}`,
    embeds: papers.slice(0, LIMITS.embedsPerMessage).map((p) => resultEmbed(p)),
  });
}

/** How a pick was made, in words: a random draw, a poll with its votes, or a session scheduled. */
function pickHow(p: ReadingPick): string {
  if (p.how === 'poll') {
    const votes = `${p.votes ?? 0} vote${p.votes === 1 ? '' : 's'}`;
    const tie = p.tieBreak === 'random' ? ', tie drawn at random' : p.tieBreak === 'starter' ? ', tie settled by the starter' : '';
    return `by poll (${votes}${tie}) started by <@${p.pickedBy}>`;
  }
  if (p.how === 'schedule') return `scheduled by <@${p.pickedBy}>`;
  return `random draw picked by <@${p.pickedBy}>`;
}

/** `/paper history`: the reading group's past picks, newest first: date, paper, how it was chosen, presenter, thread. */
export function historyMessage(picks: ReadingPick[], resolveTitle: (arxivId: string) => string | undefined = () => undefined): MessagePayload {
  if (picks.length === 0) {
    return noticeMessage('No reading-group picks yet. Try `/paper random` and press “Pick for reading group”.', { ephemeral: false });
  }
  const lines = picks.map((p, i) => {
    const title = escapeAndFit(oneLine(latexToText(resolveTitle(p.arxivId) ?? p.title)), 150);
    const when = p.pickedAt.slice(0, 10);
    const thread = p.threadId ? ` · [discussion](https://discord.com/channels/${p.guildId}/${p.threadId})` : '';
    return `${i + 1}. [${title}](${absUrl(p.arxivId)}) — ${when}, ${pickHow(p)}${p.presenterId ? `, presented by <@${p.presenterId}>` : ''}${thread}`;
  });
  // Keep whole lines: a cut line could break a masked link.
  const kept: string[] = [];
  let length = 0;
  for (const line of lines) {
    if (length + line.length + 1 > LIMITS.embedDescription - 40) break;
    kept.push(line);
    length += line.length + 1;
  }
  if (kept.length < lines.length) kept.push(`…and ${lines.length - kept.length} earlier picks`);
  return finalizeMessage({
    embeds: [{ color: CARD_COLOR, title: '📚 Reading group picks', description: kept.join('\n') }],
  });
}

/** One line of `/paper help`. */
export interface HelpEntry {
  usage: string;
  description: string;
}

/** `/paper help`: every subcommand with its options, from the command definitions themselves. */
export function helpMessage(entries: HelpEntry[]): MessagePayload {
  return finalizeMessage({
    embeds: [
      {
        color: CARD_COLOR,
        title: 'Lab paper bot',
        description:
          'Search and browse the lab’s papers. Results are answered from the bot’s own index, so they are instant.\n\n' +
          entries.map((e) => `\`${e.usage}\`\n${e.description}`).join('\n\n'),
        footer: { text: 'Buttons keep working after the bot restarts. Only the person who searched can turn pages.' },
      },
    ],
    flags: EPHEMERAL,
  });
}

/** Autocomplete choices within Discord's limits: 25 at most, names and values of at most 100 characters. */
export function toChoices(suggestions: readonly Suggestion[]): { name: string; value: string }[] {
  const out: { name: string; value: string }[] = [];
  const seen = new Set<string>();
  for (const s of suggestions) {
    // A value cut short would search for something else; skip it rather than cut it.
    if (!s.value || s.value.length > LIMITS.choiceValue || seen.has(s.value)) continue;
    seen.add(s.value);
    out.push({ name: truncate(oneLine(s.name), LIMITS.choiceName) || s.value, value: s.value });
    if (out.length === LIMITS.choices) break;
  }
  return out;
}

/** Finalises a draft built elsewhere (admin commands, announcements) so it keeps the same limits. */
export function customMessage(draft: MessageDraft): MessagePayload {
  return finalizeMessage(draft);
}
