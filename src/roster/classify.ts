/**
 * Deciding whose paper a new arXiv entry is. The lab's arXiv profile mixes in namesakes, so a name match
 * alone is not enough: the paper must also sit in one of the author's categories or share a co-author with
 * the lab's known papers. Anything in between goes to a human (admin review), never to the channel.
 */
import type { Corpus } from '../corpus/corpus.js';
import type { Paper } from '../corpus/schema.js';
import { isLabPaper } from '../corpus/schema.js';
import { coauthorKey, matchName, type NameMatch } from './names.js';
import { authorVariants, type Roster, type RosterAuthor } from './schema.js';

/** `lab`: announce; `review`: ask an admin; `ignore`: not the lab's. */
export type Verdict = 'lab' | 'review' | 'ignore';

/** A verdict with the reasons an admin sees on a review card and in the log. */
export interface Classification {
  verdict: Verdict;
  reasons: string[];
  /** The roster author the paper was attributed to, when a name matched. */
  author?: string;
}

/** Where an entry came from; an author-id or ORCID feed lists only that person's papers. */
export type EntryOrigin = { kind: 'name-search' } | { kind: 'author-id' | 'orcid'; author: string };

/** The parts of a paper the classifier reads. */
export type ClassifiableEntry = Pick<Paper, 'arxivId' | 'authors' | 'categories'> & { primaryCategory?: string | null };

/** The ids the roster excludes, bare. */
export function excludedIds(roster: Roster): Set<string> {
  return new Set(roster.exclude.map((e) => e.arxivId));
}

/** Whether a name belongs to any roster author (exactly or by initials). */
function rosterMatch(name: string, author: RosterAuthor): NameMatch | null {
  let best: NameMatch | null = null;
  for (const v of authorVariants(author)) {
    const m = matchName(name, v);
    if (m === 'exact') return m;
    best ??= m;
  }
  return best;
}

/**
 * Co-authors of the lab's known papers (roster authors themselves left out), as {@link coauthorKey} keys.
 * Namesakes' papers do not count: their co-authors are exactly the people who must not vouch for a paper.
 */
export function labCoauthors(corpus: Corpus, roster: Roster): Set<string> {
  const keys = new Set<string>();
  for (const p of corpus.all()) {
    if (!isLabPaper(p)) continue;
    for (const name of p.authors) {
      if (roster.authors.some((a) => rosterMatch(name, a) !== null)) continue;
      keys.add(coauthorKey(name));
    }
  }
  keys.delete('');
  return keys;
}

/**
 * The categories an author publishes in, from their lab papers in the corpus, most frequent first.
 * Used to write the default `data/lab.json`.
 */
export function labCategories(corpus: Corpus, author: RosterAuthor): string[] {
  const counts = new Map<string, number>();
  for (const p of corpus.all()) {
    if (!isLabPaper(p) || !p.authors.some((n) => rosterMatch(n, author) === 'exact')) continue;
    for (const c of new Set([...(p.primaryCategory ? [p.primaryCategory] : []), ...p.categories])) counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([c]) => c);
}

/**
 * Classifies a new arXiv entry against the roster and the corpus.
 *
 * - excluded id (roster or rejected by an admin): ignore;
 * - from an author-id or ORCID feed: lab;
 * - a name variant matches exactly AND (a category is the author's OR a co-author has lab papers): lab;
 * - a name matches but not the rule, or matches only by initials: review;
 * - no name matches: ignore (arXiv's author search is fuzzy and returns other people).
 *
 * @param extraExcluded - ids rejected at review, kept in the store
 * @param coauthors - precomputed {@link labCoauthors}, when classifying many entries at once
 */
export function classifyPaper(
  entry: ClassifiableEntry,
  roster: Roster,
  corpus: Corpus,
  options: { origin?: EntryOrigin; extraExcluded?: ReadonlySet<string>; coauthors?: ReadonlySet<string> } = {},
): Classification {
  if (excludedIds(roster).has(entry.arxivId) || options.extraExcluded?.has(entry.arxivId)) {
    return { verdict: 'ignore', reasons: ['on the exclude list'] };
  }
  const origin = options.origin ?? { kind: 'name-search' };
  if (origin.kind !== 'name-search') {
    return { verdict: 'lab', reasons: [`listed in ${origin.author}'s ${origin.kind === 'orcid' ? 'ORCID' : 'arXiv author'} feed`], author: origin.author };
  }

  const coauthors = options.coauthors ?? labCoauthors(corpus, roster);
  const categories = new Set([...(entry.primaryCategory ? [entry.primaryCategory] : []), ...entry.categories]);
  let review: Classification | undefined;

  for (const author of roster.authors) {
    const matched = entry.authors.map((n) => ({ n, m: rosterMatch(n, author) })).filter((x) => x.m !== null);
    if (matched.length === 0) continue;
    const others = entry.authors.filter((n) => !matched.some((x) => x.n === n));
    const sharedCategories = [...categories].filter((c) => author.categories.includes(c));
    const knownCoauthors = others.filter((n) => coauthors.has(coauthorKey(n)));
    const exact = matched.some((x) => x.m === 'exact');

    const categoryNote = sharedCategories.length
      ? `category ${sharedCategories.join(', ')} is ${author.name}'s`
      : `none of its categories (${[...categories].join(', ') || 'none listed'}) is ${author.name}'s`;
    const coauthorNote = knownCoauthors.length ? `co-author ${knownCoauthors.join(', ')} has lab papers` : 'no co-author has lab papers';
    const first = matched[0]!.n;

    if (!exact) {
      review ??= { verdict: 'review', reasons: [`"${first}" matches ${author.name} only by initials`, categoryNote, coauthorNote], author: author.name };
    } else if (sharedCategories.length || knownCoauthors.length) {
      const why = [...(sharedCategories.length ? [categoryNote] : []), ...(knownCoauthors.length ? [coauthorNote] : [])];
      return { verdict: 'lab', reasons: [`author "${first}" matches ${author.name}`, ...why], author: author.name };
    } else {
      review ??= { verdict: 'review', reasons: [`author "${first}" matches ${author.name}`, categoryNote, coauthorNote], author: author.name };
    }
  }
  return review ?? { verdict: 'ignore', reasons: ['no author matches the roster'] };
}
