/**
 * arXiv identifiers. Users paste ids in every form arXiv shows them; the corpus keys papers by the bare id
 * without a version, because a new version of a paper is the same paper.
 */

/** A parsed arXiv identifier. */
export interface ArxivId {
  /** The id without version: `2502.05075` or, for pre-2007 papers, `hep-th/9901001`. */
  id: string;
  /** The version number when the input named one (`v2` gives 2). */
  version?: number;
}

const NEW_STYLE = /^(\d{4}\.\d{4,5})(?:v(\d+))?$/;
const OLD_STYLE = /^([a-z][a-z-]*(?:\.[A-Z]{2})?\/\d{7})(?:v(\d+))?$/;

/**
 * Parses an arXiv id from any of the forms people paste: `2502.05075`, `2502.05075v2`, `arXiv:2502.05075`,
 * `https://arxiv.org/abs/2502.05075v1`, `https://arxiv.org/pdf/2502.05075v1.pdf`, `export.arxiv.org/abs/…`,
 * and old-style ids such as `hep-th/9901001`.
 *
 * @returns the id and optional version, or null when the input is not an arXiv id
 */
export function parseArxivId(input: string): ArxivId | null {
  let s = input.trim();
  if (!s) return null;
  s = s.replace(/^<|>$/g, '');
  const url = /^(?:https?:\/\/)?(?:www\.|export\.)?arxiv\.org\/(?:abs|pdf|html)\/(.+?)(?:\.pdf)?\/?(?:[?#].*)?$/i.exec(s);
  if (url?.[1]) s = url[1];
  s = s.replace(/^arxiv:\s*/i, '');
  const m = NEW_STYLE.exec(s) ?? OLD_STYLE.exec(s);
  if (!m?.[1]) return null;
  return m[2] ? { id: m[1], version: Number(m[2]) } : { id: m[1] };
}

/** The bare id (no version) for any accepted form, or null. */
export function normalizeArxivId(input: string): string | null {
  return parseArxivId(input)?.id ?? null;
}

/** The canonical abstract page of a paper. */
export function absUrl(id: string): string {
  return `https://arxiv.org/abs/${id}`;
}

/** The PDF of a paper's latest version. */
export function pdfUrl(id: string): string {
  return `https://arxiv.org/pdf/${id}`;
}
