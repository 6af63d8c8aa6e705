/**
 * The corpus: the lab's papers in memory, keyed by bare arXiv id, loaded from `data/papers.json` and
 * validated on the way in. Search indexes are built from it; it knows nothing about ranking or Discord.
 */
import { readFileSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type * as z from '../validation/zod.js';
import { displayPath } from '../paths.js';
import { normalizeArxivId } from './ids.js';
import { isLabPaper, paperSchema, papersFileSchema, type Paper, type PaperInput } from './schema.js';

/** A data file that failed to parse or validate; the message names the file, the paper and the field. */
export class CorpusError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CorpusError';
  }
}

function describeIssue(file: string, raw: unknown, issue: z.core.$ZodIssue): string {
  const where = issue.path;
  if (where[0] === 'papers' && typeof where[1] === 'number') {
    const index = where[1];
    const entry = Array.isArray((raw as { papers?: unknown[] }).papers) ? (raw as { papers: unknown[] }).papers[index] : undefined;
    const id = entry && typeof entry === 'object' && 'arxivId' in entry ? String((entry as { arxivId: unknown }).arxivId) : 'no id';
    const field = where.slice(2).join('.') || '(the entry itself)';
    return `${file}: paper #${index} (${id}), field "${field}": ${issue.message}`;
  }
  return `${file}: ${where.length ? `field "${where.join('.')}"` : 'top level'}: ${issue.message}`;
}

/**
 * Parses and validates the contents of a papers file.
 *
 * @param text - the file's contents
 * @param file - the name used in error messages
 * @throws CorpusError for invalid JSON, a schema violation, or a duplicate id
 */
export function parsePapersFile(text: string, file: string): Paper[] {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new CorpusError(`${file}: not valid JSON (${(err as Error).message})`);
  }
  // Accept a bare array too: it is what people write by hand.
  if (Array.isArray(raw)) raw = { papers: raw };
  const parsed = papersFileSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.slice(0, 5).map((i) => describeIssue(file, raw, i));
    const more = parsed.error.issues.length > 5 ? `\n(and ${parsed.error.issues.length - 5} more problems)` : '';
    throw new CorpusError(lines.join('\n') + more);
  }
  const seen = new Map<string, number>();
  parsed.data.papers.forEach((p, i) => {
    const first = seen.get(p.arxivId);
    if (first !== undefined) throw new CorpusError(`${file}: paper #${i} (${p.arxivId}) repeats paper #${first}`);
    seen.set(p.arxivId, i);
  });
  return parsed.data.papers;
}

/** Options for {@link Corpus}. */
export interface CorpusOptions {
  /** Show papers of namesakes (attribution other than `lab`) in search, random and suggestions. */
  includeOtherAuthors?: boolean;
}

/** The outcome of {@link Corpus.upsert}. */
export type UpsertOutcome = 'added' | 'updated' | 'unchanged';

/** The lab's papers, with exact lookup by any form of arXiv id. */
export class Corpus {
  private readonly byId = new Map<string, Paper>();
  readonly includeOtherAuthors: boolean;

  constructor(papers: Iterable<Paper>, options: CorpusOptions = {}) {
    this.includeOtherAuthors = options.includeOtherAuthors ?? false;
    for (const p of papers) this.byId.set(p.arxivId, p);
  }

  /** Every paper in the file, namesakes' included. */
  all(): Paper[] {
    return [...this.byId.values()];
  }

  /** The papers that search, random and suggestions may show: the lab's, plus namesakes' when opted in. */
  visible(): Paper[] {
    return this.all().filter((p) => this.isVisible(p));
  }

  /** Whether a paper may be shown by search, random and suggestions under the current options. */
  isVisible(paper: Paper): boolean {
    return this.includeOtherAuthors || isLabPaper(paper);
  }

  /** Number of papers, namesakes' included. */
  get size(): number {
    return this.byId.size;
  }

  /**
   * Finds a paper by id, in any form `parseArxivId` accepts (versions and URLs included).
   * Namesakes' papers are returned too: an exact id is an explicit request.
   */
  get(idOrUrl: string): Paper | undefined {
    const id = normalizeArxivId(idOrUrl);
    return id ? this.byId.get(id) : undefined;
  }

  /** Takes a paper out (the field index prunes papers past their retention); false when it was not there. */
  remove(idOrUrl: string): boolean {
    const id = normalizeArxivId(idOrUrl);
    return id ? this.byId.delete(id) : false;
  }

  /** True when the corpus holds the paper (any version). */
  has(idOrUrl: string): boolean {
    return this.get(idOrUrl) !== undefined;
  }

  /**
   * Adds a new paper or refreshes a known one (a new arXiv version updates, never duplicates).
   * The paper is validated with the file's schema first.
   */
  upsert(input: PaperInput): { paper: Paper; outcome: UpsertOutcome } {
    const paper = paperSchema.parse(input);
    const existing = this.byId.get(paper.arxivId);
    if (!existing) {
      this.byId.set(paper.arxivId, paper);
      return { paper, outcome: 'added' };
    }
    // Keep what the seed knew (venue, attribution) unless the new record brings something better.
    const merged: Paper = {
      ...existing,
      ...paper,
      venue: existing.venue ?? paper.venue,
      attribution: existing.attribution,
      attributionNote: existing.attributionNote,
      source: existing.source,
      authors: paper.authors.length > 0 ? paper.authors : existing.authors,
      abstract: paper.abstract || existing.abstract,
      categories: paper.categories.length > 0 ? paper.categories : existing.categories,
      primaryCategory: paper.primaryCategory ?? existing.primaryCategory,
      published: existing.published.length >= paper.published.length ? existing.published : paper.published,
    };
    const changed = JSON.stringify(merged) !== JSON.stringify(existing);
    this.byId.set(paper.arxivId, merged);
    return { paper: merged, outcome: changed ? 'updated' : 'unchanged' };
  }
}

/**
 * Reads a papers file's bytes synchronously (start-up, CLI).
 *
 * @throws CorpusError for a missing or unreadable file, saying where the file should be
 */
export function readPapersFile(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (err) {
    const shown = displayPath(file);
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new CorpusError(
        `${shown}: not found. The lab's papers ship with the bot as data/papers.json: point DATA_DIR at the folder holding papers.json and lab.json ` +
          `(now ${displayPath(path.dirname(file))}), or restore the file with "git checkout data/papers.json".`,
      );
    }
    throw new CorpusError(`${shown}: cannot read the papers file (${code ?? (err as Error).message})`);
  }
}

/**
 * Loads and validates a papers file synchronously (start-up, CLI).
 *
 * @throws CorpusError naming the file, paper and field at fault, or a missing file
 */
export function loadCorpus(file: string, options: CorpusOptions = {}): Corpus {
  return new Corpus(parsePapersFile(readPapersFile(file).toString('utf8'), displayPath(file)), options);
}

/**
 * Writes papers to a file atomically (temp file, then rename), so a crash never leaves half a file.
 */
export async function savePapersFile(file: string, papers: Paper[], description?: string): Promise<void> {
  const body = JSON.stringify({ ...(description ? { description } : {}), papers }, null, 2) + '\n';
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, body, 'utf8');
  await rename(tmp, file);
}
