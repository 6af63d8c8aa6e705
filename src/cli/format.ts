/**
 * What `paperbot` prints: terminal cards for people and plain objects for `--json`. Terminal styling is
 * chosen once per run ({@link chooseStyle}) so that piped output and `NO_COLOR` get no escape codes.
 */
import { absUrl, pdfUrl } from '../corpus/ids.js';
import { paperYear, type Paper } from '../corpus/schema.js';
import { highlight } from '../search/snippet.js';
import { latexToText } from '../corpus/latex.js';

/** Terminal styling; the plain style marks matches with brackets and adds no escape codes. */
export interface Style {
  colour: boolean;
  bold(text: string): string;
  dim(text: string): string;
  /** Wraps a matched word inside a snippet. */
  mark(text: string): string;
}

const ANSI = /\x1b\[[0-9;]*m/g;

const COLOUR: Style = {
  colour: true,
  bold: (t) => `\x1b[1m${t}\x1b[22m`,
  dim: (t) => `\x1b[2m${t}\x1b[22m`,
  mark: (t) => `\x1b[1;33m${t}\x1b[22;39m`,
};

const PLAIN: Style = {
  colour: false,
  bold: (t) => t,
  dim: (t) => t,
  mark: (t) => `[${t}]`,
};

/**
 * Colour when stdout is a terminal and `NO_COLOR` is unset or empty (https://no-color.org), or when
 * `FORCE_COLOR` asks for it; plain otherwise.
 */
export function chooseStyle(stdout: { isTTY?: boolean }, env: Record<string, string | undefined>): Style {
  if (env.NO_COLOR) return PLAIN;
  if (env.FORCE_COLOR && env.FORCE_COLOR !== '0') return COLOUR;
  return stdout.isTTY ? COLOUR : PLAIN;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `2025-02-07` as `7 Feb 2025`, `2025-09` as `Sep 2025`. */
export function formatDate(published: string): string {
  const [year, month, day] = published.split('-');
  const name = MONTHS[Number(month) - 1] ?? '';
  return [day ? String(Number(day)) : '', name, year].filter(Boolean).join(' ');
}

/** Authors joined for a card; long lists end in "and N more"; none known gives "Authors unknown". */
export function formatAuthors(authors: readonly string[], max = Infinity): string {
  if (authors.length === 0) return 'Authors unknown';
  if (authors.length <= max) return authors.join(', ');
  return `${authors.slice(0, max).join(', ')} and ${authors.length - max} more`;
}

function visibleLength(text: string): number {
  return text.includes('\x1b') ? text.replace(ANSI, '').length : text.length;
}

/** Word-wraps text to `width` columns (escape codes not counted), every line starting with `indent`. */
export function wrap(text: string, width: number, indent = ''): string {
  const room = Math.max(20, width - indent.length);
  const lines: string[] = [];
  let line = '';
  // The line's visible length grows with it, rather than being measured again (escape codes stripped) per word.
  let length = 0;
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const wordLength = visibleLength(word);
    if (line && length + 1 + wordLength > room) {
      lines.push(line);
      line = word;
      length = wordLength;
    } else {
      length = line ? length + 1 + wordLength : wordLength;
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines.map((l) => indent + l).join('\n');
}

/** What a card shows under the title, beside the paper itself. */
export interface CardOptions {
  style: Style;
  width: number;
  /** Position in a result list, shown before the title. */
  rank?: number;
  /** Words to mark in the snippet (a hit's `matchedTerms`). */
  terms?: readonly string[];
  /** Whole abstract and every detail (`show`) instead of a marked snippet (lists). */
  full?: boolean;
  /** Citation key shown by `show`. */
  citationKey?: string;
}

/** A paper as a terminal card: title, authors, date and venue, link, then a snippet or the abstract. */
export function renderCard(paper: Paper, options: CardOptions): string {
  const { style, width, rank, terms = [], full = false } = options;
  const prefix = rank === undefined ? '' : `${rank}. `;
  const indent = ' '.repeat(prefix.length);
  const authors = formatAuthors(paper.authors, full ? Infinity : 6);
  const facts = [formatDate(paper.published), paper.primaryCategory, paper.venue].filter(Boolean).join(' · ');
  const lines = [
    wrap(style.bold(latexToText(paper.title)), width, indent).replace(indent, prefix),
    wrap(paper.authors.length ? authors : style.dim(authors), width, indent),
    indent + facts,
    indent + absUrl(paper.arxivId),
  ];
  if (paper.attribution !== 'lab') {
    const note = `Note: attributed to a namesake of a lab author (${paper.attribution})${paper.attributionNote ? `: ${paper.attributionNote}` : ''}`;
    lines.push(style.dim(wrap(note, width, indent)));
  }
  if (full) {
    lines.push(indent + `PDF: ${pdfUrl(paper.arxivId)}`);
    if (paper.categories.length) lines.push(indent + `Categories: ${paper.categories.join(', ')}`);
    if (options.citationKey) lines.push(indent + `Cite as: ${options.citationKey} (paperbot cite ${paper.arxivId})`);
    lines.push('', paper.abstract ? wrap(latexToText(paper.abstract), width, indent) : indent + style.dim('No abstract.'));
  } else if (paper.abstract) {
    lines.push(wrap(snippet(paper.abstract, terms, style), width, indent));
  }
  return lines.join('\n');
}

/** A short passage of the abstract around the best match, matched words marked. */
function snippet(abstract: string, terms: readonly string[], style: Style): string {
  // highlight() counts markers in its length; escape codes are long, so give coloured snippets their room.
  const room = style.colour ? 240 + 16 * terms.length : 240;
  return highlight(latexToText(abstract), terms, { maxLength: room, mark: style.mark });
}

/** A paper for `--json` lists: the fields a script needs, without the abstract. */
export function paperSummaryJson(paper: Paper) {
  return {
    arxivId: paper.arxivId,
    title: paper.title,
    authors: paper.authors,
    published: paper.published,
    year: paperYear(paper),
    venue: paper.venue,
    primaryCategory: paper.primaryCategory,
    categories: paper.categories,
    url: absUrl(paper.arxivId),
  };
}

/**
 * One entry of a `--json` result array (`search`, `random`, `similar`). `score` is the engine's relevance;
 * a random pick is not ranked and gets 0, so that the field is a number in every command's output.
 */
export function resultJson(paper: Paper, rank: number, score: number, matchedTerms: readonly string[] = []) {
  return { rank, ...paperSummaryJson(paper), score, matchedTerms: [...matchedTerms] };
}

/** Everything known about one paper, for `show --json`. */
export function paperDetailJson(paper: Paper, citationKey: string) {
  return {
    ...paperSummaryJson(paper),
    updated: paper.updated ?? null,
    version: paper.version ?? null,
    abstract: paper.abstract,
    pdfUrl: pdfUrl(paper.arxivId),
    doi: paper.doi ?? null,
    comment: paper.comment ?? null,
    attribution: paper.attribution,
    attributionNote: paper.attributionNote,
    citationKey,
  };
}
