/**
 * Judged search quality over data/papers.json must not regress: the floors sit at the aims
 * (MRR@10 ≥ 0.97, recall@5 ≥ 0.95) and every kind of query must keep working on its own.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/corpus.js';
import { createSearchEngine } from '../../src/search/engine.js';
import type { SearchEngine } from '../../src/search/types.js';
import { evaluate, formatMisses, loadJudgedQueries, QUERY_KINDS, type EvalReport } from './metrics.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const FLOORS = { mrr10: 0.97, recall5: 0.95, hit1: 0.93 };
const KIND_FLOORS = { mrr10: 0.9, recall5: 0.85 };

describe('judged search quality', () => {
  let engine: SearchEngine;
  let report: EvalReport;
  const queries = loadJudgedQueries(path.join(here, 'queries.json'));

  beforeAll(() => {
    engine = createSearchEngine(loadCorpus(path.join(here, '../../data/papers.json')));
    report = evaluate(engine, queries);
  });

  it('judges at least 40 queries covering every kind', () => {
    expect(queries.length).toBeGreaterThanOrEqual(40);
    for (const kind of QUERY_KINDS)
      expect(
        queries.some((q) => q.kind === kind),
        kind,
      ).toBe(true);
  });

  it('only judges papers that exist and that search may show', () => {
    for (const q of queries) for (const id of q.relevant) expect(engine.get(id)?.attribution, `${q.query} -> ${id}`).toBe('lab');
  });

  it('stays above the overall floors', () => {
    const misses = formatMisses(report);
    expect(report.overall.mrr10, misses).toBeGreaterThanOrEqual(FLOORS.mrr10);
    expect(report.overall.recall5, misses).toBeGreaterThanOrEqual(FLOORS.recall5);
    expect(report.overall.hit1, misses).toBeGreaterThanOrEqual(FLOORS.hit1);
  });

  it('stays above the floors for each kind of query', () => {
    for (const [kind, scores] of report.byKind) {
      expect(scores.mrr10, `${kind}\n${formatMisses(report)}`).toBeGreaterThanOrEqual(KIND_FLOORS.mrr10);
      expect(scores.recall5, `${kind}\n${formatMisses(report)}`).toBeGreaterThanOrEqual(KIND_FLOORS.recall5);
    }
  });

  it('lists both weak-to-strong papers first for "weak to strong"', () => {
    const top = engine
      .search('weak to strong')
      .hits.slice(0, 2)
      .map((h) => h.paper.arxivId);
    expect(top.sort()).toEqual(['2502.05075', '2509.24005']);
  });
});
