/**
 * Builds `data/papers.json` from the seed metadata (`../shared/data/seed-papers-metadata.json`).
 * Run once by the maintainers; the result is committed so the bot needs nothing outside the repo.
 *
 *   npm run build-corpus -- [path/to/seed-papers-metadata.json]
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { paperSchema } from '../src/corpus/schema.js';
import { savePapersFile } from '../src/corpus/corpus.js';
import { displayPath } from '../src/paths.js';

interface SeedPaper {
  arxivId: string;
  title: string;
  authors: string[] | null;
  published: string;
  primaryCategory: string | null;
  categories: string[];
  abstract: string;
  venue: string | null;
  attribution: string;
  attributionNote: string | null;
}

const source = path.resolve(process.argv[2] ?? '../shared/data/seed-papers-metadata.json');
if (!existsSync(source)) {
  // The bot does not need this script: data/papers.json is committed. Only a maintainer rebuilding it does.
  process.stderr.write(
    `build-corpus: ${displayPath(source)} not found. This script rebuilds data/papers.json from the seed metadata ` +
      `(seed-papers-metadata.json, with arXiv ids, authors, dates and abstracts); give its path: npm run build-corpus -- path/to/seed-papers-metadata.json. ` +
      `The bot itself needs no rebuild: data/papers.json ships with it.\n`,
  );
  process.exit(2);
}
let seed: { papers: SeedPaper[] };
try {
  seed = JSON.parse(readFileSync(source, 'utf8')) as { papers: SeedPaper[] };
  if (!Array.isArray(seed.papers)) throw new Error('no "papers" array');
} catch (err) {
  process.stderr.write(`build-corpus: ${displayPath(source)} is not a seed metadata file (${(err as Error).message.split('\n')[0]})\n`);
  process.exit(2);
}
const papers = seed.papers.map((p) =>
  paperSchema.parse({
    arxivId: p.arxivId,
    title: p.title.replace(/\s+/g, ' ').trim(),
    authors: p.authors ?? [],
    published: p.published,
    primaryCategory: p.primaryCategory ?? p.categories[0] ?? null,
    categories: p.categories,
    abstract: p.abstract.replace(/\s+/g, ' ').trim(),
    venue: p.venue,
    attribution: p.attribution,
    attributionNote: p.attributionNote,
    source: 'seed',
  }),
);
papers.sort((a, b) => b.published.localeCompare(a.published) || a.arxivId.localeCompare(b.arxivId));
await savePapersFile(
  path.resolve('data/papers.json'),
  papers,
  "The papers of Qi Lei's lab arXiv profile (NYU). Built from the seed metadata by scripts/build-corpus.ts; arXiv metadata is CC0. attribution marks papers of namesakes, kept but hidden unless INCLUDE_OTHER_AUTHORS=true.",
);
console.log(`wrote ${papers.length} papers to data/papers.json`);
