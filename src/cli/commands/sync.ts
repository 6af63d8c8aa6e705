/**
 * `paperbot sync`: refreshes every paper of `papers.json` from arXiv's metadata (authors, abstract,
 * categories, latest version, DOI...) and writes the file atomically. What the seed knew better (venue,
 * attribution) is kept; a paper arXiv does not know is reported and left as it is.
 */
import { readFileSync } from 'node:fs';
import { Corpus, savePapersFile } from '../../corpus/corpus.js';
import type { Paper } from '../../corpus/schema.js';
import type { CliCommand } from '../command.js';
import { JSON_OPTION, wantsJson } from '../options.js';

/** The fields of a paper that differ between two versions of its record (absent and null are the same). */
function changedFields(before: Paper, after: Paper): string[] {
  return (Object.keys(after) as (keyof Paper)[]).filter((k) => JSON.stringify(before[k] ?? null) !== JSON.stringify(after[k] ?? null));
}

export const syncCommand: CliCommand = {
  name: 'sync',
  summary: 'refresh papers.json from arXiv (authors, abstracts, categories, versions)',
  args: '',
  options: {
    'dry-run': { type: 'boolean', description: 'show what would change and write nothing' },
    ...JSON_OPTION,
  },
  details: [
    'Asks arXiv for every paper of the file (100 ids a request, at most one request every ARXIV_MIN_INTERVAL_MS).',
    'Fills what the seed lacked, e.g. the author list of 1910.07703; keeps venues and namesake marks.',
    'The file is replaced atomically (written beside it, then renamed), so an interrupted sync changes nothing.',
  ],
  async run(input, ctx) {
    // Loaded here, not at the top: only this command talks to arXiv, and every `paperbot` run loads the registry.
    const [{ ArxivClient, arxivClientOptionsFromConfig }, { entryToPaper }] = await Promise.all([
      import('../../arxiv/client.js'),
      import('../../arxiv/paper.js'),
    ]);
    const file = ctx.config.papersPath;
    const before = new Map(ctx.corpus.all().map((p) => [p.arxivId, p]));
    const client = new ArxivClient(arxivClientOptionsFromConfig(ctx.config, await ctx.logger()));
    const entries = await client.fetchByIds([...before.keys()]);

    const synced = new Corpus(before.values(), { includeOtherAuthors: true });
    const updated: { arxivId: string; fields: string[] }[] = [];
    for (const entry of entries) {
      const old = before.get(entry.arxivId);
      if (!old) continue;
      const { paper } = synced.upsert(entryToPaper(entry, { attribution: old.attribution, attributionNote: old.attributionNote }));
      const fields = changedFields(old, paper);
      if (fields.length > 0) updated.push({ arxivId: paper.arxivId, fields });
    }
    const found = new Set(entries.map((e) => e.arxivId));
    const missing = [...before.keys()].filter((id) => !found.has(id));
    const dryRun = input.values['dry-run'] === true;
    if (!dryRun && updated.length > 0) {
      const description = (JSON.parse(readFileSync(file, 'utf8')) as { description?: string }).description;
      // Keep the file's order: people diff it.
      await savePapersFile(
        file,
        [...before.keys()].map((id) => synced.get(id)!),
        description,
      );
    }
    const written = !dryRun && updated.length > 0;

    if (wantsJson(input)) {
      ctx.printJson({ checked: before.size, updated, missing, written, file });
      return;
    }
    ctx.print(`Checked ${before.size} papers with arXiv: ${updated.length} updated, ${missing.length} not found.`);
    for (const u of updated) ctx.print(`  ${u.arxivId}  ${u.fields.join(', ')}`);
    if (missing.length) ctx.print(`Not on arXiv (left as they are): ${missing.join(', ')}`);
    ctx.print(written ? `Wrote ${file}.` : dryRun ? 'Dry run: nothing written.' : 'Nothing to write.');
  },
};
