/**
 * Building arXiv `search_query` strings.
 *
 * Author search: arXiv offers two forms. `au:Lei_Q` (surname, underscore, forename or initial) is arXiv's
 * surname-first convention and matches every forename with that start (Qi, Qiang, Qing Lei…), so it pulls
 * in more namesakes; two bare terms (`au:Qi AND au:Lei`) match any paper with a Qi and a Lei among its
 * authors, or a "Lei Qi". The quoted phrase `au:"Qi Lei"` asks for those words in that order, the closest
 * arXiv comes to "this name". It still cannot tell namesakes apart: that is the roster's job.
 */

/** Sort keys arXiv accepts. */
export type ArxivSortBy = 'relevance' | 'lastUpdatedDate' | 'submittedDate';
export type ArxivSortOrder = 'ascending' | 'descending';

/**
 * A name in the order arXiv prints it: "Lei, Qi" becomes "Qi Lei"; quotes and brackets, which would break
 * the phrase, are removed; whitespace collapsed.
 */
export function authorNameForQuery(name: string): string {
  let s = name.replace(/["()]/g, ' ');
  const comma = s.indexOf(',');
  if (comma > 0 && s.indexOf(',', comma + 1) < 0) s = `${s.slice(comma + 1)} ${s.slice(0, comma)}`;
  return s.replace(/\s+/g, ' ').trim();
}

/**
 * The `search_query` for papers by any of the given name variants: `au:"Qi Lei"`, or
 * `(au:"Qi Lei" OR au:"Q. Lei")` for several.
 *
 * @throws TypeError when no usable name is given
 */
export function authorQuery(names: string | readonly string[]): string {
  const variants = [...new Set((typeof names === 'string' ? [names] : names).map(authorNameForQuery).filter(Boolean))];
  if (variants.length === 0) throw new TypeError('authorQuery needs at least one author name');
  const terms = variants.map((n) => `au:"${n}"`);
  return terms.length === 1 ? terms[0]! : `(${terms.join(' OR ')})`;
}
