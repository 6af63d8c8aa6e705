/**
 * Ranking the day's candidates against the lab, offline and deterministic: a more-like-this score in the
 * style of arxiv-sanity's tf-idf, with the search engine's own analyzer (folding, compounds, the light
 * stemmer, stop words) and BM25's term-frequency saturation and idf, over the lab's papers plus the day's
 * listing as the collection.
 *
 * A candidate's score is its best cosine with one lab paper, weighted by that paper's recency (a paper from
 * four years ago counts half), plus a smaller share of its cosine with the weighted centroid of all lab
 * papers; reading-list saves add their best cosine, "not relevant" verdicts subtract theirs. A paper by a
 * roster author, or by a co-author of lab papers, gets a fixed boost and a marker. The reason shown is the
 * part of the score a person can check: the lab paper (or saved paper) it is closest to, else the shared
 * key terms. Ties go to the newer paper, then to the smaller id, so the same inputs always give the same list.
 */
import type { Paper } from '../corpus/schema.js';
import { coauthorKey, matchName, type Roster } from '../roster/index.js';
import { analyzeField } from '../search/fields.js';

/** BM25's parameters, as the search engine uses them (MiniSearch's defaults). */
const K1 = 1.2;
const B = 0.7;
/** Years after which a lab paper counts half in the profile. */
const HALF_LIFE_YEARS = 4;
/** Shares of the score: best single lab paper, the lab centroid, saves, not-relevant verdicts. */
const W_BEST = 1;
const W_CENTROID = 0.5;
const W_SAVE = 0.8;
const W_NOT_RELEVANT = 0.8;
/** Added for a roster author on the paper, and for a co-author of the lab's papers. */
const BOOST_ROSTER = 0.5;
const BOOST_COAUTHOR = 0.15;
/** Below this cosine a "close to" claim would not convince anyone: the shared terms are shown instead. */
const CLOSE_ENOUGH = 0.12;

/** Why a paper got a boost. */
export type DigestMarker = 'lab-author' | 'lab-coauthor';

/** One ranked candidate. */
export interface RankedPaper {
  paper: Paper;
  score: number;
  /** One line a person can check: "close to: <lab paper title>", "like saved: <title>" or "shared terms: a, b, c". */
  reason: string;
  marker?: DigestMarker;
}

/** What the profile is built from. */
export interface ProfileInput {
  /** The lab's own papers. */
  labPapers: readonly Paper[];
  /** Papers members saved to the reading list (raise papers like them). */
  saves?: readonly Paper[];
  /** Papers members marked not relevant (lower papers like them). */
  notRelevant?: readonly Paper[];
  /** The roster, for the author boost; without it only co-authors are boosted. */
  roster?: Roster;
  /** The day the ranking is for (recency of lab papers is measured from it). */
  now: Date;
}

type Vector = Map<string, number>;

function termCounts(paper: Paper, surfaces?: Map<string, string>): Map<string, number> {
  const tf = new Map<string, number>();
  // Title words count double, as in the engine's "similar papers".
  for (const [text, weight] of [
    [paper.title, 2],
    [paper.abstract, 1],
  ] as const) {
    for (const token of analyzeField(text, 'abstract', null)) {
      if (token.term.length < 3 || /^\d+$/.test(token.term)) continue;
      tf.set(token.term, (tf.get(token.term) ?? 0) + weight);
      if (surfaces && !surfaces.has(token.term)) surfaces.set(token.term, token.surface);
    }
  }
  return tf;
}

/** Document frequencies and lengths over a collection, for idf and BM25's length normalisation. */
class Collection {
  readonly df = new Map<string, number>();
  private totalLength = 0;
  size = 0;

  add(tf: Map<string, number>): void {
    this.size++;
    let len = 0;
    for (const [term, n] of tf) {
      this.df.set(term, (this.df.get(term) ?? 0) + 1);
      len += n;
    }
    this.totalLength += len;
  }

  get averageLength(): number {
    return this.size ? this.totalLength / this.size : 1;
  }

  idf(term: string): number {
    const df = this.df.get(term) ?? 0;
    return Math.log(1 + (this.size - df + 0.5) / (df + 0.5));
  }

  /** The BM25-weighted, unit-length vector of a document. */
  vector(tf: Map<string, number>): Vector {
    let len = 0;
    for (const n of tf.values()) len += n;
    const norm = K1 * (1 - B + (B * len) / this.averageLength);
    const v: Vector = new Map();
    let sq = 0;
    for (const [term, n] of tf) {
      const w = ((n * (K1 + 1)) / (n + norm)) * this.idf(term);
      if (w <= 0) continue;
      v.set(term, w);
      sq += w * w;
    }
    const scale = sq > 0 ? 1 / Math.sqrt(sq) : 0;
    for (const [t, w] of v) v.set(t, w * scale);
    return v;
  }
}

function dot(a: Vector, b: Vector): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let s = 0;
  for (const [t, w] of small) {
    const o = large.get(t);
    if (o !== undefined) s += w * o;
  }
  return s;
}

function ageYears(paper: Paper, now: Date): number {
  const t = Date.parse(paper.published.length === 7 ? `${paper.published}-01` : paper.published);
  return Number.isFinite(t) ? Math.max(0, (now.getTime() - t) / (365.25 * 86_400_000)) : HALF_LIFE_YEARS;
}

/** The marker a candidate earns from its authors, if any. */
function markerOf(paper: Paper, roster: Roster | undefined, coauthors: ReadonlySet<string>): DigestMarker | undefined {
  const onRoster = (name: string) => roster?.authors.some((a) => [a.name, ...a.variants].some((v) => matchName(name, v) === 'exact')) ?? false;
  if (paper.authors.some(onRoster)) return 'lab-author';
  if (paper.authors.some((n) => coauthors.has(coauthorKey(n)))) return 'lab-coauthor';
  return undefined;
}

const round = (x: number) => Math.round(x * 1e9) / 1e9;

/**
 * Ranks candidates against the profile, best first; deterministic (ties: newer first, then smaller id).
 *
 * @param candidates - the day's new papers (cross-lists included)
 * @param input - the lab's papers, feedback and roster
 * @param limit - how many to return (default: all)
 */
export function rankCandidates(candidates: readonly Paper[], input: ProfileInput, limit = candidates.length): RankedPaper[] {
  const collection = new Collection();
  const labTf = input.labPapers.map((p) => termCounts(p));
  const saveTf = (input.saves ?? []).map((p) => termCounts(p));
  const notTf = (input.notRelevant ?? []).map((p) => termCounts(p));
  // The words as the candidate writes them, for a reason a person can read ("pruning", not "prune").
  const candSurfaces = candidates.map(() => new Map<string, string>());
  const candTf = candidates.map((p, i) => termCounts(p, candSurfaces[i]));
  for (const tf of [...labTf, ...candTf]) collection.add(tf);

  const lab = input.labPapers.map((paper, i) => ({
    paper,
    v: collection.vector(labTf[i]!),
    weight: Math.max(0.25, 0.5 ** (ageYears(paper, input.now) / HALF_LIFE_YEARS)),
  }));
  const centroid: Vector = new Map();
  for (const { v, weight } of lab) for (const [t, w] of v) centroid.set(t, (centroid.get(t) ?? 0) + w * weight);
  let sq = 0;
  for (const w of centroid.values()) sq += w * w;
  const cScale = sq > 0 ? 1 / Math.sqrt(sq) : 0;
  for (const [t, w] of centroid) centroid.set(t, w * cScale);
  const saves = (input.saves ?? []).map((paper, i) => ({ paper, v: collection.vector(saveTf[i]!) }));
  const nots = notTf.map((tf) => collection.vector(tf));
  const labIds = new Set(input.labPapers.map((p) => p.arxivId));
  const coauthors = new Set<string>();
  for (const p of input.labPapers) for (const n of p.authors) coauthors.add(coauthorKey(n));
  if (input.roster) for (const a of input.roster.authors) for (const v of [a.name, ...a.variants]) coauthors.delete(coauthorKey(v));
  coauthors.delete('');

  const ranked: RankedPaper[] = candidates.map((paper, i) => {
    const v = collection.vector(candTf[i]!);
    let best = 0;
    let bestPaper: Paper | undefined;
    for (const l of lab) {
      if (l.paper.arxivId === paper.arxivId) continue;
      const s = dot(v, l.v) * l.weight;
      if (s > best) {
        best = s;
        bestPaper = l.paper;
      }
    }
    let save = 0;
    let savePaper: Paper | undefined;
    for (const s of saves) {
      if (s.paper.arxivId === paper.arxivId) continue;
      const c = dot(v, s.v);
      if (c > save) {
        save = c;
        savePaper = s.paper;
      }
    }
    let not = 0;
    for (const n of nots) not = Math.max(not, dot(v, n));
    const marker = labIds.has(paper.arxivId) ? undefined : markerOf(paper, input.roster, coauthors);
    const boost = marker === 'lab-author' ? BOOST_ROSTER : marker === 'lab-coauthor' ? BOOST_COAUTHOR : 0;
    const score = round(W_BEST * best + W_CENTROID * dot(v, centroid) + W_SAVE * save - W_NOT_RELEVANT * not + boost);
    let reason: string;
    if (savePaper && W_SAVE * save > W_BEST * best && save >= CLOSE_ENOUGH) reason = `like saved: ${savePaper.title}`;
    else if (bestPaper && best >= CLOSE_ENOUGH) reason = `close to: ${bestPaper.title}`;
    else reason = sharedTerms(v, centroid, candSurfaces[i]!);
    return { paper, score, reason, ...(marker ? { marker } : {}) };
  });
  ranked.sort((a, b) => b.score - a.score || b.paper.published.localeCompare(a.paper.published) || a.paper.arxivId.localeCompare(b.paper.arxivId));
  return ranked.slice(0, Math.max(0, limit));
}

/** The candidate's terms that weigh most in the lab profile, as a reason. */
function sharedTerms(v: Vector, centroid: Vector, surfaces: ReadonlyMap<string, string>): string {
  const shared = [...v]
    .map(([t, w]) => ({ t, s: w * (centroid.get(t) ?? 0) }))
    .filter((x) => x.s > 0)
    .sort((a, b) => b.s - a.s || a.t.localeCompare(b.t))
    .slice(0, 3)
    .map((x) => surfaces.get(x.t) ?? x.t);
  return shared.length ? `shared terms: ${shared.join(', ')}` : 'no terms in common with the lab’s papers';
}
