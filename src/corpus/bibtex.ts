/**
 * BibTeX for arXiv papers: an `@misc` entry with the fields arXiv's own export uses (`eprint`,
 * `archivePrefix`, `primaryClass`), the venue where the lab knows it, and a readable citation key such as
 * `dong2024sketchy` that stays the same from one run to the next.
 */
import { absUrl } from './ids.js';
import type { Paper } from './schema.js';

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'] as const;

/** Words that make a poor key: "When does Chain-of-Thought Help" should give `chain`, not `when`. */
const KEY_STOP_WORDS = new Set([
  'a',
  'an',
  'the',
  'on',
  'of',
  'in',
  'for',
  'to',
  'and',
  'or',
  'with',
  'by',
  'at',
  'from',
  'via',
  'is',
  'are',
  'be',
  'as',
  'do',
  'does',
  'did',
  'when',
  'what',
  'why',
  'how',
  'which',
  'who',
  'can',
  'toward',
  'towards',
  'beyond',
  'into',
  'through',
  'under',
  'over',
  'its',
  'it',
  'we',
  'our',
  'not',
  'no',
  'new',
]);

/** Generational suffixes that follow a surname ("Jr.") and must not be taken for it. */
const NAME_SUFFIXES = new Set(['jr', 'sr', 'ii', 'iii', 'iv']);

/** Lower-case ASCII letters and digits only: accents are folded ("Gürsoy" gives `gursoy`), the rest dropped. */
function asciiFold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ß/g, 'ss')
    .replace(/[æÆ]/g, 'ae')
    .replace(/[øØ]/g, 'o')
    .replace(/[łŁ]/g, 'l')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

/** The surname of an author written "First Last" or "Last, First". */
function surname(author: string): string {
  const name = author.trim();
  if (name.includes(',')) return asciiFold(name.slice(0, name.indexOf(',')));
  const parts = name.split(/\s+/).filter((p) => !NAME_SUFFIXES.has(asciiFold(p)));
  return asciiFold(parts[parts.length - 1] ?? '');
}

/** The first title word that says something, for the end of the key. */
function keyWord(title: string): string {
  // Hyphenated compounds give their first part ("Weak-to-Strong" gives `weak`); LaTeX commands are skipped.
  const words = title
    .replace(/\$[^$]*\$/g, ' ')
    .replace(/\\[a-zA-Z]+/g, ' ')
    .split(/[\s\-–—/:]+/)
    .map(asciiFold)
    .filter(Boolean);
  return words.find((w) => !KEY_STOP_WORDS.has(w) && !/^\d+$/.test(w)) ?? words[0] ?? 'paper';
}

/**
 * A stable, readable citation key: the first author's ASCII-folded surname, the year, and the first
 * significant title word (`dong2024sketchy`). A paper with no known authors gets `arxiv<year><word>`.
 * Two papers of one corpus can share a key; {@link citationKeys} disambiguates them.
 */
export function citationKey(paper: Pick<Paper, 'authors' | 'published' | 'title'>): string {
  const first = paper.authors[0];
  const name = (first && surname(first)) || 'arxiv';
  return `${name}${paper.published.slice(0, 4)}${keyWord(paper.title)}`;
}

/**
 * Citation keys for a whole corpus, unique within it. Papers sharing a key are ordered by arXiv id; the
 * earliest keeps the plain key and later ones get `b`, `c`, … so that a newly found paper never changes the
 * key of one the lab already cites.
 *
 * @returns a map from bare arXiv id to key
 */
export function citationKeys(papers: Iterable<Paper>): Map<string, string> {
  const groups = new Map<string, Paper[]>();
  for (const p of papers) {
    const key = citationKey(p);
    const group = groups.get(key);
    if (group) group.push(p);
    else groups.set(key, [p]);
  }
  const keys = new Map<string, string>();
  for (const [key, group] of groups) {
    group.sort((a, b) => compareArxivIds(a.arxivId, b.arxivId));
    group.forEach((p, i) => keys.set(p.arxivId, i === 0 ? key : `${key}${suffix(i)}`));
  }
  return keys;
}

/** `b` for the second paper of a group, … `z`, then `ba`, `bb`… (never runs out, never repeats). */
function suffix(index: number): string {
  let n = index;
  let out = '';
  do {
    out = String.fromCharCode(97 + (n % 26)) + out;
    n = Math.floor(n / 26);
  } while (n > 0);
  return out;
}

// Old-style ids (hep-th/9901001) predate new-style ones (0704.0001), so they sort first.
function compareArxivIds(a: string, b: string): number {
  const oldA = a.includes('/');
  const oldB = b.includes('/');
  if (oldA !== oldB) return oldA ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Escapes the characters BibTeX or LaTeX would misread, outside of `$…$` math. */
export function escapeBibtex(text: string): string {
  return text
    .split(/(\$[^$]+\$)/)
    .map((part, i) => (i % 2 === 1 ? part : escapePlain(part)))
    .join('');
}

function escapePlain(text: string): string {
  return text.replace(/[\\{}&%$#_~^]/g, (c) => {
    switch (c) {
      case '\\':
        return '\\textbackslash{}';
      case '~':
        return '\\textasciitilde{}';
      case '^':
        return '\\textasciicircum{}';
      default:
        return `\\${c}`;
    }
  });
}

/**
 * A title for BibTeX: special characters escaped, and every word with a capital after its first letter
 * (acronyms and names such as `CoT`, `SkMM`, `WGANs`, `MiniSearch`) wrapped in braces so that bibliography
 * styles which lower-case titles leave them alone.
 */
export function bibtexTitle(title: string): string {
  return title
    .split(/(\$[^$]+\$|\s+)/)
    .map((part) => {
      if (part.startsWith('$') || /^\s*$/.test(part)) return part;
      const escaped = escapePlain(part);
      return /^.+[A-Z]/u.test(part.replace(/[^\p{L}\p{N}-]/gu, '')) ? `{${escaped}}` : escaped;
    })
    .join('')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The paper as an arXiv `@misc` BibTeX entry. Unknown authors leave the `author` field out rather than
 * inventing one; the month appears when the date has one; the venue, when known, goes in `note`.
 *
 * @param paper - the paper to cite
 * @param key - the citation key; defaults to {@link citationKey} (pass one from {@link citationKeys} to stay
 *   unique within the corpus)
 */
export function toBibtex(paper: Paper, key: string = citationKey(paper)): string {
  const fields: [string, string][] = [['title', `{${bibtexTitle(paper.title)}}`]];
  if (paper.authors.length > 0) fields.push(['author', `{${paper.authors.map(escapeBibtex).join(' and ')}}`]);
  fields.push(['year', `{${paper.published.slice(0, 4)}}`]);
  const month = MONTHS[Number(paper.published.slice(5, 7)) - 1];
  if (month) fields.push(['month', month]);
  fields.push(['eprint', `{${paper.arxivId}}`], ['archivePrefix', '{arXiv}']);
  if (paper.primaryCategory) fields.push(['primaryClass', `{${paper.primaryCategory}}`]);
  if (paper.doi) fields.push(['doi', `{${paper.doi}}`]);
  fields.push(['url', `{${absUrl(paper.arxivId)}}`]);
  if (paper.venue) fields.push(['note', `{${escapeBibtex(paper.venue)}}`]);
  const width = Math.max(...fields.map(([name]) => name.length));
  const body = fields.map(([name, value]) => `  ${name.padEnd(width)} = ${value}`).join(',\n');
  return `@misc{${key},\n${body}\n}`;
}
