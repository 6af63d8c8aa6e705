/**
 * Acronyms the papers define themselves ("Chain-of-Thought (CoT)", "weak-to-strong (W2S)", "Sketchy Moment
 * Matching (SkMM)"), mined from titles and abstracts so that a search for either form finds both.
 */
import { fold, tokenize } from './analyzer.js';

/** One definition: the folded acronym and the index terms of its long form, in order. */
export interface AcronymDefinition {
  acronym: string;
  longForm: string[];
}

// "(CoT)", "(W2S)", "(LLMs)", "(DA-ERM)": 2–10 characters with at least one capital.
const PARENTHESIZED = /\(([A-Za-z][A-Za-z0-9-]{1,9})\)/g;

/**
 * Finds the long form that an acronym abbreviates, in the text just before it (the Schwartz–Hearst
 * algorithm: match the acronym's characters right to left, the first one at the start of a word).
 * Digits stand for the words people spell with them: "2" for "to", "4" for "for".
 */
function findLongForm(acronym: string, before: string): string | null {
  const short = acronym.toLowerCase().replace(/2/g, 't').replace(/4/g, 'f');
  const long = before.toLowerCase();
  let s = short.length - 1;
  let l = long.length - 1;
  const isAlnum = (c: string | undefined) => c !== undefined && /[a-z0-9]/.test(c);
  while (s >= 0) {
    const c = short[s]!;
    if (!isAlnum(c)) {
      s--;
      continue;
    }
    while (l >= 0 && (long[l] !== c || (s === 0 && l > 0 && isAlnum(long[l - 1])))) l--;
    if (l < 0) return null;
    l--;
    s--;
  }
  const start = long.lastIndexOf(' ', l) + 1;
  return before.slice(start).trim();
}

/**
 * Mines acronym definitions of the form "Long Name (ACR)" from a text.
 *
 * @returns definitions with folded acronyms ("llm" for "(LLMs)") and long forms as index terms
 */
export function mineAcronyms(text: string): AcronymDefinition[] {
  const found: AcronymDefinition[] = [];
  for (const match of text.matchAll(PARENTHESIZED)) {
    let raw = match[1]!;
    if (!/[A-Z]/.test(raw)) continue;
    // "LLMs", "GNNs": a lower-case plural s after capitals is not part of the acronym.
    if (/[A-Z]s$/.test(raw) && raw.length > 2) raw = raw.slice(0, -1);
    const letters = raw.replace(/[^A-Za-z0-9]/g, '');
    if (letters.length < 2) continue;
    // The long form sits in the same clause, at most a few words longer than the acronym.
    const clause =
      text
        .slice(Math.max(0, match.index - 160), match.index)
        .split(/[.;:()[\]]/)
        .pop() ?? '';
    const candidateWords = clause
      .trim()
      .split(/\s+/)
      .slice(-(letters.length + 5))
      .join(' ');
    if (!candidateWords) continue;
    const longForm = findLongForm(letters, candidateWords);
    if (!longForm) continue;
    const terms = tokenize(longForm)
      .filter((t) => !t.compound)
      .map((t) => t.term);
    const acronym = fold(letters);
    if (terms.length === 0 || terms.length > letters.length + 2 || (terms.length === 1 && terms[0] === acronym)) continue;
    found.push({ acronym, longForm: terms });
  }
  return found;
}

/**
 * The corpus's acronym dictionary: acronym to long forms, and long form back to acronym, so that a text
 * mentioning "large language models" can be indexed under "llm" too.
 */
export class AcronymDictionary {
  private readonly byAcronym = new Map<string, string[][]>();
  private readonly byFirstTerm = new Map<string, AcronymDefinition[]>();

  /** Adds definitions (duplicates are ignored; at most three long forms per acronym). */
  addAll(definitions: Iterable<AcronymDefinition>): void {
    for (const def of definitions) {
      const forms = this.byAcronym.get(def.acronym) ?? [];
      const key = def.longForm.join(' ');
      if (forms.some((f) => f.join(' ') === key) || forms.length >= 3) continue;
      forms.push(def.longForm);
      this.byAcronym.set(def.acronym, forms);
      const first = def.longForm[0]!;
      const list = this.byFirstTerm.get(first) ?? [];
      list.push(def);
      this.byFirstTerm.set(first, list);
    }
  }

  /** The long forms of an acronym (as index terms), if the corpus defines it. */
  longForms(acronym: string): string[][] {
    return this.byAcronym.get(acronym) ?? [];
  }

  /** Number of distinct acronyms. */
  get size(): number {
    return this.byAcronym.size;
  }

  /**
   * Finds long forms in a sequence of index terms.
   *
   * @returns for each occurrence, the acronym and the index range [start, end) of the terms it spans
   */
  findLongForms(terms: readonly string[]): { acronym: string; start: number; end: number }[] {
    const found: { acronym: string; start: number; end: number }[] = [];
    for (let i = 0; i < terms.length; i++) {
      const candidates = this.byFirstTerm.get(terms[i]!);
      if (!candidates) continue;
      for (const def of candidates) {
        const n = def.longForm.length;
        let ok = i + n <= terms.length;
        for (let k = 1; ok && k < n; k++) ok = terms[i + k] === def.longForm[k];
        if (ok) found.push({ acronym: def.acronym, start: i, end: i + n });
      }
    }
    return found;
  }
}
