/**
 * Turning an arXiv entry into a corpus record. Whose paper it is cannot be read from arXiv (the lab's
 * profile mixes in namesakes), so the caller must say it: there is deliberately no default here.
 */
import type { Attribution, PaperInput } from '../corpus/schema.js';
import type { ArxivEntry } from './parse.js';

/** The attribution decided by the caller (roster rules, admin review) for a paper fetched from arXiv. */
export interface PaperAttribution {
  attribution: Attribution;
  /** Why, when it is not plainly the lab's (e.g. "name match only; approved by an admin"). */
  attributionNote?: string | null;
}

/**
 * Converts an arXiv entry to the corpus schema (`source: 'arxiv'`). The venue is the journal reference when
 * the authors gave one. The result is unvalidated input: `Corpus.upsert` validates it with `paperSchema`.
 *
 * @param entry - a parsed entry
 * @param who - the attribution the caller decided; required so nothing becomes the lab's by accident
 */
export function entryToPaper(entry: ArxivEntry, who: PaperAttribution): PaperInput {
  return {
    arxivId: entry.arxivId,
    title: entry.title,
    authors: entry.authors,
    published: entry.published,
    updated: entry.updated,
    version: entry.version,
    primaryCategory: entry.primaryCategory,
    categories: entry.categories,
    abstract: entry.summary,
    venue: entry.journalRef ?? null,
    doi: entry.doi ?? null,
    comment: entry.comment ?? null,
    attribution: who.attribution,
    attributionNote: who.attributionNote ?? null,
    source: 'arxiv',
  };
}
