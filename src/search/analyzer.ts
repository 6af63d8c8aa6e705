/**
 * Text analysis shared by indexing, querying, suggestions and snippets: accent and case folding, a tokenizer
 * that keeps hyphenated compounds findable both as parts and as one word, stop words, and a light stemmer.
 */

/** Folds accents and case: "Gürsoy" and "GURSOY" both become "gursoy". */
export function fold(text: string): string {
  // Almost every word of an English abstract is plain ASCII, where folding is only lower-casing; skipping
  // Unicode normalization there makes snippets and tokenizing several times cheaper on the reply path.
  if (ASCII.test(text)) return text.toLowerCase();
  // NFKD splits "ü" into "u" + a combining mark, which the second step drops; ligatures ("ﬁ") become letters.
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
}

const ASCII = /^[\x00-\x7f]*$/;

/**
 * English function words plus the words people wrap a question in ("which paper explains …"). They are
 * neither indexed nor searched, so a natural-language question ranks by its content words alone.
 */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    'a an the and or nor but if then else of to in on at by for with from into onto over under about above below ' +
    'between through during before after against among within without via per as than so such too very ' +
    'is are was were be been being am do does did done doing have has had having can could may might must shall ' +
    'should will would it its itself this that these those there here their theirs them they he she his her him ' +
    'we our ours us you your yours i me my mine who whom whose which what when where why how whether ' +
    'all any both each few more most other some same own only no not also just yet still even ever ' +
    'up down out off again further once while until because since upon onto both either neither ' +
    // question wrappers: they describe the request, not the paper
    'paper papers article articles work works explain explains explained explaining show shows ' +
    'find looking look tell give me please about regarding related anything something one ones'
  ).split(/\s+/),
);

/** True when the folded word is a stop word. */
export function isStopWord(word: string): boolean {
  return STOP_WORDS.has(word);
}

const VOWEL = /[aeiou]/;

function isConsonant(word: string, i: number): boolean {
  const c = word[i];
  if (c === undefined) return false;
  if ('aeiou'.includes(c)) return false;
  if (c === 'y') return i === 0 ? true : !isConsonant(word, i - 1);
  return true;
}

/** Porter's measure m: the number of vowel-consonant sequences in the stem. */
function measure(stem: string): number {
  let m = 0;
  let i = 0;
  const n = stem.length;
  while (i < n && isConsonant(stem, i)) i++;
  while (i < n) {
    while (i < n && !isConsonant(stem, i)) i++;
    if (i >= n) break;
    while (i < n && isConsonant(stem, i)) i++;
    m++;
  }
  return m;
}

/** consonant-vowel-consonant ending whose last consonant is not w, x or y ("prun", "scal"). */
function endsCvc(stem: string): boolean {
  const n = stem.length;
  if (n < 3) return false;
  const last = stem[n - 1]!;
  return isConsonant(stem, n - 3) && !isConsonant(stem, n - 2) && isConsonant(stem, n - 1) && !'wxy'.includes(last);
}

function hasVowel(stem: string): boolean {
  for (let i = 0; i < stem.length; i++) if (!isConsonant(stem, i)) return true;
  return false;
}

const stemCache = new Map<string, string>();
const STEM_CACHE_LIMIT = 50_000;

/**
 * An inflectional stemmer (Porter's step 1 only): plurals, -ed, -ing and final y. Full Porter also strips
 * derivational suffixes and so conflates "generalization" with "generative" and "optimal" with
 * "optimization", which ranks the wrong papers first; inflections are what users vary ("bandits",
 * "prune" vs "pruning").
 *
 * @param word - a folded (lower-case, accent-free) word
 */
export function stem(word: string): string {
  const cached = stemCache.get(word);
  if (cached !== undefined) return cached;
  if (word.length <= 3 || !/^[a-z]+$/.test(word)) return word;
  let w = word;
  // step 1a: plurals
  if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (w.endsWith('ies')) w = w.slice(0, -2);
  else if (w.endsWith('ss') || w.endsWith('us') || w.endsWith('is')) {
    // "loss", "spurious", "analysis" are not plurals
  } else if (w.endsWith('s')) w = w.slice(0, -1);
  // step 1b: -eed, -ed, -ing
  let restore = false;
  if (w.endsWith('eed')) {
    if (measure(w.slice(0, -3)) > 0) w = w.slice(0, -1);
  } else if (w.endsWith('ed') && w.length > 4 && hasVowel(w.slice(0, -2))) {
    w = w.slice(0, -2);
    restore = true;
  } else if (w.endsWith('ing') && w.length > 5 && hasVowel(w.slice(0, -3))) {
    w = w.slice(0, -3);
    restore = true;
  }
  if (restore) {
    if (w.endsWith('at') || w.endsWith('bl') || w.endsWith('iz')) w += 'e';
    else if (w.length >= 2 && w[w.length - 1] === w[w.length - 2] && isConsonant(w, w.length - 1) && !'lsz'.includes(w[w.length - 1]!)) {
      w = w.slice(0, -1);
    } else if (measure(w) === 1 && endsCvc(w)) w += 'e';
  }
  // step 1c: final y after a vowel-bearing stem ("theory", "theories" -> "theori")
  if (w.endsWith('y') && w.length > 2 && VOWEL.test(w.slice(0, -1))) w = w.slice(0, -1) + 'i';
  // A bounded cache: start over when full, so the frequent words (Zipf's head) are soon cached again.
  if (stemCache.size >= STEM_CACHE_LIMIT) stemCache.clear();
  stemCache.set(word, w);
  return w;
}

/** One word of a text, as written and as indexed. */
export interface Token {
  /** The word as it appears in the text, folded ("weak-to-strong" for a compound, "gursoy" for "Gürsoy"). */
  surface: string;
  /** The folded, stemmed index term ("weaktostrong", "prune"). */
  term: string;
  /** Position among the text's words (compounds share the position of their first part). */
  position: number;
  /** True for a compound joined from hyphenated parts; its parts follow it as their own tokens. */
  compound?: boolean;
  /** True for a stop word (kept only when the caller asks for them). */
  stop?: boolean;
}

const JOINERS = /[-‐‑.'’]/;
const NON_ASCII_WORD_CHAR = /[\p{L}\p{N}]/u;

function isWordChar(code: number, text: string, i: number): boolean {
  if (code < 128) return (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || (code >= 65 && code <= 90);
  return NON_ASCII_WORD_CHAR.test(text[i]!);
}

function isJoiner(code: number): boolean {
  return code === 45 || code === 46 || code === 39 || code === 0x2010 || code === 0x2011 || code === 0x2019;
}

/**
 * The "chunks" of a text: runs of letters and digits, possibly joined by hyphens, dots or apostrophes
 * between them ("weak-to-strong", "Frank-Wolfe", "cs.LG", "Llama-3.1-8B"). A hand-written scanner: the
 * equivalent Unicode regular expression is several times slower, and indexing 100,000 abstracts runs it on
 * every character.
 */
function* chunks(text: string): Generator<string> {
  const n = text.length;
  let i = 0;
  while (i < n) {
    while (i < n && !isWordChar(text.charCodeAt(i), text, i)) i++;
    if (i >= n) return;
    const start = i;
    for (;;) {
      while (i < n && isWordChar(text.charCodeAt(i), text, i)) i++;
      if (i + 1 < n && isJoiner(text.charCodeAt(i)) && isWordChar(text.charCodeAt(i + 1), text, i + 1)) {
        i++;
        continue;
      }
      break;
    }
    yield text.slice(start, i);
  }
}

/** Options for {@link tokenize}. */
export interface TokenizeOptions {
  /** Keep stop words (flagged with `stop`) instead of dropping them. */
  keepStopWords?: boolean;
  /** Skip stemming (author names are matched as written). */
  noStem?: boolean;
}

/**
 * Splits text into index tokens. A hyphenated compound yields its joined form ("selfsupervised") and its
 * parts ("self", "supervised"), so "self-supervised", "selfsupervised" and "self supervised" all meet.
 * Possessive "'s" is dropped; single letters are dropped (they are variables in abstracts, not words).
 */
export function tokenize(text: string, options: TokenizeOptions = {}): Token[] {
  const out: Token[] = [];
  const folded = fold(text);
  let position = 0;
  for (const chunk of chunks(folded)) {
    const rawParts = chunk.split(JOINERS);
    // "cot's" -> ["cot", "s"]: the apostrophe only ever carries a possessive or a contraction.
    const parts = rawParts.filter((p, i) => !(i > 0 && (p === 's' || p === 't') && /['’]/.test(chunk)));
    if (parts.length > 1) {
      const joined = parts.join('');
      const surface = chunk.replace(/['’]s$/, '');
      if (joined.length > 1) {
        out.push({ surface, term: options.noStem ? joined : stem(joined), position, compound: true });
      }
    }
    for (const part of parts) {
      if (part.length < 2 && !/\d/.test(part)) {
        position++;
        continue;
      }
      const stop = STOP_WORDS.has(part);
      if (!stop || options.keepStopWords) {
        const token: Token = { surface: part, term: options.noStem ? part : stem(part), position };
        if (stop) token.stop = true;
        out.push(token);
      }
      position++;
    }
  }
  return out;
}

/** The folded words of a text in order, stop words included (for phrases and prefix checks). */
export function words(text: string): string[] {
  const out: string[] = [];
  for (const chunk of chunks(fold(text))) for (const part of chunk.split(JOINERS)) if (part) out.push(part);
  return out;
}

/** A word of a text prepared for matching: as written (folded) and, for a compound, its parts. */
export interface WordChunk {
  /** The folded word; a compound keeps its hyphens ("weak-to-strong"). */
  surface: string;
  /** For a compound: the joined form ("weaktostrong") followed by its parts. */
  parts?: string[];
}

/** Splits a text into {@link WordChunk}s, the form {@link surfacesOf} matches against. */
export function wordChunks(text: string): WordChunk[] {
  const out: WordChunk[] = [];
  for (const chunk of chunks(fold(text))) {
    if (!JOINERS.test(chunk)) {
      if (chunk.length >= 2) out.push({ surface: chunk });
      continue;
    }
    const parts = chunk.split(JOINERS).filter((p, i) => !(i > 0 && (p === 's' || p === 't') && /['’]/.test(chunk)));
    if (parts.length === 1) out.push({ surface: parts[0]! });
    else out.push({ surface: chunk.replace(/['’]s$/, ''), parts: [parts.join(''), ...parts] });
  }
  return out;
}

/** The first two characters of a word as one number, for a cheap first test. */
function head(word: string): number {
  return (word.charCodeAt(0) << 16) | word.charCodeAt(1);
}

/**
 * The words among `chunks` (folded, as written) whose index terms are in `terms`: hyphenated compounds whole
 * ("weak-to-strong") and single words. Only words sharing their first two letters with some term are
 * stemmed, which makes this cheap enough to run on every hit of every search.
 */
export function surfacesOf(chunks: readonly WordChunk[], terms: ReadonlySet<string>, out: Set<string>): void {
  if (terms.size === 0) return;
  const heads = new Set<number>();
  for (const t of terms) heads.add(head(t));
  const matches = (word: string) => word.length >= 2 && heads.has(head(word)) && terms.has(stem(word));
  for (const chunk of chunks) {
    if (!chunk.parts) {
      if (matches(chunk.surface)) out.add(chunk.surface);
      continue;
    }
    const parts = chunk.parts;
    if (matches(parts[0]!)) out.add(chunk.surface);
    for (let i = 1; i < parts.length; i++) if (matches(parts[i]!)) out.add(parts[i]!);
  }
}

/** A text's words grouped by index term, each surface with the position of its first appearance. */
export type SurfaceIndex = ReadonlyMap<string, readonly { surface: string; first: number }[]>;

/**
 * Groups {@link WordChunk}s by index term once, so the surfaces of a hit's matched terms are a few map
 * look-ups instead of stemming the whole paper on every search that shows it.
 */
export function surfaceIndex(chunks: readonly WordChunk[]): SurfaceIndex {
  const byTerm = new Map<string, { surface: string; first: number }[]>();
  const seen = new Set<string>();
  let order = 0;
  const note = (term: string, surface: string) => {
    // Only the first appearance of a word under a term matters (a word has one term, but for rare
    // possessive compounds: "x-t-y" and "x-t-y's" join differently).
    const key = term + '\u0000' + surface;
    if (seen.has(key)) return;
    seen.add(key);
    let list = byTerm.get(term);
    if (!list) byTerm.set(term, (list = []));
    list.push({ surface, first: order++ });
  };
  for (const chunk of chunks) {
    if (!chunk.parts) {
      if (chunk.surface.length >= 2) note(stem(chunk.surface), chunk.surface);
      continue;
    }
    const parts = chunk.parts;
    if (parts[0]!.length >= 2) note(stem(parts[0]!), chunk.surface);
    for (let i = 1; i < parts.length; i++) if (parts[i]!.length >= 2) note(stem(parts[i]!), parts[i]!);
  }
  return byTerm;
}

/**
 * The surfaces whose index terms are in `terms`, in order of first appearance: the same words, in the same
 * order, as {@link surfacesOf} finds in the chunks the index was built from.
 */
export function surfacesIn(index: SurfaceIndex, terms: Iterable<string>): string[] {
  const found: { surface: string; first: number }[] = [];
  for (const term of terms) {
    const list = index.get(term);
    if (list) for (const entry of list) found.push(entry);
  }
  if (found.length > 1) found.sort((a, b) => a.first - b.first);
  return [...new Set(found.map((e) => e.surface))];
}
