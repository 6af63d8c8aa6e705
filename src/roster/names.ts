/**
 * Author-name matching. arXiv spells the same person several ways ("Qi Lei", "Lei, Qi", "Q. Lei", with or
 * without accents), so names are compared in a normal form rather than as raw strings.
 */

/**
 * A name in comparable form: accents removed, lower case, "Last, First" turned into "First Last",
 * punctuation dropped, whitespace collapsed. "Lei, Qi" and "Qi  Léi" both give "qi lei".
 */
export function normalizeName(name: string): string {
  let s = name.normalize('NFKD').replace(/\p{M}+/gu, '');
  const comma = s.indexOf(',');
  // "Last, First" (one comma) is a reordering; more commas are a list or a suffix we do not try to read.
  if (comma > 0 && s.indexOf(',', comma + 1) < 0) s = `${s.slice(comma + 1)} ${s.slice(0, comma)}`;
  return s
    .toLowerCase()
    .replace(/[.\-‐]/g, ' ')
    .replace(/[^\p{L}\p{N}\s]/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** How a name on a paper matched a roster variant: word for word, or only by initials ("Q. Lei"). */
export type NameMatch = 'exact' | 'initials';

/**
 * Compares a name from a paper with one of the roster's variants.
 *
 * "Q. Lei" matches "Qi Lei" by initials only: the same spelling could belong to Qiang Lei, so callers treat
 * it as weaker evidence than an exact match. "Qiang Lei" does not match "Qi Lei" at all.
 *
 * @returns how it matched, or null
 */
export function matchName(candidate: string, variant: string): NameMatch | null {
  const a = normalizeName(candidate);
  const b = normalizeName(variant);
  if (!a || !b) return null;
  if (a === b) return 'exact';
  const at = a.split(' ');
  const bt = b.split(' ');
  if (at.length !== bt.length || at.at(-1) !== bt.at(-1)) return null;
  const givenA = at.slice(0, -1);
  const givenB = bt.slice(0, -1);
  // Only an abbreviated candidate ("q lei") can match by initials; two different full names never do.
  const abbreviated = givenA.some((t) => t.length === 1);
  if (!abbreviated) return null;
  return givenA.every((t, i) => (t.length === 1 ? givenB[i]?.startsWith(t) : t === givenB[i])) ? 'initials' : null;
}

/**
 * A loose key for recognising the same co-author across papers: first and last word of the normal form,
 * so "Jason D. Lee" and "Jason Lee", or "Inderjit S. Dhillon" and "Inderjit Dhillon", agree.
 */
export function coauthorKey(name: string): string {
  const t = normalizeName(name).split(' ').filter(Boolean);
  if (t.length <= 1) return t[0] ?? '';
  return `${t[0]} ${t.at(-1)}`;
}
