/**
 * `npm run eval`: runs the judged queries against the search engine over data/papers.json and prints
 * MRR@10, recall@5 and hit@1, overall and per kind of query, then the queries that missed.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCorpus } from '../../src/corpus/corpus.js';
import { createSearchEngine } from '../../src/search/engine.js';
import { evaluate, formatMisses, formatReport, loadJudgedQueries } from './metrics.js';
import { loadRoster } from '../../src/roster/index.js';
import { evaluateDigestRanking } from './digest-eval.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const queries = loadJudgedQueries(path.join(here, 'queries.json'));
const engine = createSearchEngine(loadCorpus(path.join(root, 'data/papers.json')));
const report = evaluate(engine, queries);
console.log(`Judged search quality: ${queries.length} queries over ${engine.size} papers\n`);
console.log(formatReport(report));
const misses = formatMisses(report);
console.log(misses ? `\nMisses:\n${misses}` : '\nNo misses.');

const digest = evaluateDigestRanking(loadCorpus(path.join(root, 'data/papers.json')), loadRoster(path.join(root, 'data/lab.json')));
console.log(
  `\nDigest ranking (each of ${digest.labPapers} lab papers left out of the profile, hidden among ${digest.others} others as a stranger's paper):\n` +
    `  in the top 5: ${(digest.top5 * 100).toFixed(1)}% · mean rank ${digest.meanRank.toFixed(2)} · with its real authors (boost): ${(digest.top5WithAuthors * 100).toFixed(1)}% in the top 5`,
);
