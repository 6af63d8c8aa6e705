/**
 * Search and autocomplete speed, for the 48-paper corpus and for a synthetic arXiv-scale corpus, beside a
 * bare MiniSearch (prefix: true, fuzzy: 0.2 on every term; `autoSuggest` for suggestions) over the same
 * documents in the same run. Each query runs on both engines back to back, so load on the machine hits both
 * alike. `BENCH_SIZE` shrinks the synthetic corpus for a quick run (default 100,000).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import vm from 'node:vm';
import MiniSearch from 'minisearch';
import { Corpus, loadCorpus } from '../src/corpus/corpus.js';
import type { Paper } from '../src/corpus/schema.js';
import { createSearchEngine } from '../src/search/engine.js';
import type { SearchEngine } from '../src/search/types.js';
import { loadJudgedQueries } from '../tests/eval/metrics.js';
import { generatePapers, mulberry32, type SyntheticVocabulary } from './synthetic.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

v8.setFlagsFromString('--expose-gc');
const collectGarbage = vm.runInNewContext('gc') as () => void;

/** Latency summary in milliseconds. */
interface Latency {
  n: number;
  p50: number;
  p99: number;
  max: number;
}

function summarize(samples: number[]): Latency {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? NaN;
  return { n: sorted.length, p50: at(0.5), p99: at(0.99), max: sorted[sorted.length - 1] ?? NaN };
}

function time(fn: () => unknown): number {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function memory(): { heapMB: number; rssMB: number } {
  collectGarbage();
  const m = process.memoryUsage();
  return { heapMB: m.heapUsed / 1e6, rssMB: m.rss / 1e6 };
}

const ms = (v: number) => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));
const ratio = (ours: number, bare: number) => (bare > 0 ? `${(ours / bare).toFixed(2)}×` : 'n/a');

/** The bare MiniSearch the issue compares against: default tokenizer, prefix and fuzzy 0.2 on every term. */
function buildBare(papers: Paper[]): MiniSearch {
  const bare = new MiniSearch({
    idField: 'arxivId',
    fields: ['title', 'abstract', 'authors', 'venue', 'categories', 'year'],
    searchOptions: { prefix: true, fuzzy: 0.2 },
  });
  bare.addAll(
    papers.map((p) => ({
      arxivId: p.arxivId,
      title: p.title,
      abstract: p.abstract,
      authors: p.authors.join(', '),
      venue: p.venue ?? '',
      categories: p.categories.join(' '),
      year: p.published.slice(0, 4),
    })),
  );
  return bare;
}

/** Every keystroke of typing `text`: "d", "de", "dee", "deep", "deep ", "deep l", … */
function keystrokes(text: string): string[] {
  return Array.from({ length: text.length }, (_, i) => text.slice(0, i + 1));
}

interface Comparison {
  ours: Latency;
  bare: Latency;
  /** Inputs the bare engine was not run on because its time budget ran out. */
  bareSkipped: number;
  /** The slowest bare inputs (for autocomplete, where single inputs take seconds). */
  bareSlowest: { input: string; ms: number }[];
}

/**
 * Runs each input on our engine and the bare one back to back, `rounds` times. The bare engine gets a total
 * time budget; inputs left when it runs out are measured on ours only (and counted in `bareSkipped`), and an
 * input slower than `bareRepeatLimitMs` is not repeated.
 */
function compare(
  inputs: string[],
  rounds: number,
  runOurs: (q: string) => unknown,
  runBare: (q: string) => unknown,
  bareBudgetMs = Infinity,
  bareRepeatLimitMs = Infinity,
): Comparison {
  // Start from a clean heap, so a collection owed to earlier work does not land in one engine's samples.
  collectGarbage();
  const ours: number[] = [];
  const bare: number[] = [];
  const bareTimes = new Map<string, number>();
  const skipped = new Set<string>();
  let bareSpent = 0;
  for (let round = 0; round < rounds; round++) {
    for (const input of inputs) {
      ours.push(time(() => runOurs(input)));
      if (skipped.has(input)) continue;
      const before = bareTimes.get(input);
      if (before !== undefined && before > bareRepeatLimitMs) continue;
      if (bareSpent > bareBudgetMs) {
        if (before === undefined) skipped.add(input);
        continue;
      }
      const t = time(() => runBare(input));
      bareSpent += t;
      bare.push(t);
      bareTimes.set(input, Math.max(before ?? 0, t));
    }
  }
  const bareSlowest = [...bareTimes]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([input, t]) => ({ input, ms: t }));
  return { ours: summarize(ours), bare: summarize(bare), bareSkipped: skipped.size, bareSlowest };
}

function printComparison(label: string, c: Comparison): void {
  const row = (name: string, l: Latency) =>
    `  ${name.padEnd(22)} ${String(l.n).padStart(5)} ${ms(l.p50).padStart(8)} ${ms(l.p99).padStart(8)} ${ms(l.max).padStart(9)}`;
  console.log(`${label}`);
  console.log(`  ${''.padEnd(22)} ${'n'.padStart(5)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'max ms'.padStart(9)}`);
  console.log(row('ours', c.ours));
  console.log(row('bare MiniSearch', c.bare));
  console.log(
    `  ${'ours / bare'.padEnd(22)} ${''.padStart(5)} ${ratio(c.ours.p50, c.bare.p50).padStart(8)} ${ratio(c.ours.p99, c.bare.p99).padStart(8)} ${ratio(c.ours.max, c.bare.max).padStart(9)}`,
  );
  if (c.bareSkipped > 0) console.log(`  (bare: time budget spent; ${c.bareSkipped} inputs measured on ours only)`);
  if (c.bareSlowest.length && c.bareSlowest[0]!.ms > 100) {
    console.log(`  bare slowest: ${c.bareSlowest.map((s) => `${JSON.stringify(s.input)} ${ms(s.ms)} ms`).join(', ')}`);
  }
}

/** The query mix for the synthetic corpus: words by frequency, title phrases, prefixes, typos, questions, names. */
export function syntheticQueries(papers: Paper[], vocabulary: SyntheticVocabulary): { search: string[]; typed: string[] } {
  const random = mulberry32(99);
  const words = vocabulary.words;
  const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)]!;
  const rank = (from: number, to: number) => words[from + Math.floor(random() * (to - from))]!;
  const contentWords = (title: string) =>
    title
      .toLowerCase()
      .split(/[\s-]+/)
      .filter((w) => w.length > 3);
  const common = Array.from({ length: 8 }, () => rank(60, 250));
  const mid = Array.from({ length: 8 }, () => rank(400, 3000));
  const rare = Array.from({ length: 8 }, () => rank(10_000, 45_000));
  const phrases = Array.from({ length: 12 }, () => {
    const w = contentWords(pick(papers).title);
    const start = Math.floor(random() * Math.max(1, w.length - 2));
    return w.slice(start, start + 2 + Math.floor(random() * 2)).join(' ');
  }).filter(Boolean);
  const longWords = words.slice(60, 3000).filter((w) => w.length >= 7);
  const prefixes = Array.from({ length: 6 }, () => pick(longWords)).flatMap((w) => [w.slice(0, 3), w.slice(0, 4), w.slice(0, 5)]);
  const typos = Array.from({ length: 10 }, () => {
    const w = pick(longWords);
    const i = 1 + Math.floor(random() * (w.length - 2));
    return random() < 0.5 ? w.slice(0, i) + w.slice(i + 1) : w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2);
  });
  const questions = phrases.slice(0, 4).map((p) => `which paper explains how ${p} works`);
  const authors = Array.from({ length: 4 }, () => pick(pick(papers).authors).split(' ').pop()!);
  const search = [...common, ...mid, ...rare, ...phrases, ...prefixes, ...typos, ...questions, ...authors];
  const typedPhrases = [...phrases.slice(0, 6), `${common[0]} ${mid[0]}`, `deep learning`];
  const typed = ['', ...typedPhrases.flatMap(keystrokes), 'deep l', 'neural n', 'learning t', 'graph ne'];
  return { search, typed: [...new Set(typed)] };
}

async function benchSeedCorpus(): Promise<void> {
  const file = path.join(root, 'data/papers.json');
  const builds: number[] = [];
  let engine: SearchEngine | undefined;
  for (let i = 0; i < 6; i++) builds.push(time(() => (engine = createSearchEngine(loadCorpus(file)))));
  const visible = loadCorpus(file).visible();
  const bare = buildBare(visible);
  const judged = loadJudgedQueries(path.join(root, 'tests/eval/queries.json')).map((q) => q.query);
  const search = [...judged, ...judged.slice(0, 20).flatMap((q) => [q.slice(0, 3), q.slice(0, 5)])];
  const typed = ['', ...judged.slice(0, 12).flatMap(keystrokes)];
  const e = engine!;
  // One warm-up pass, so the figures describe a running bot rather than the first query after start.
  for (const q of search) {
    e.search(q);
    bare.search(q);
  }
  for (const q of typed) {
    e.suggest(q);
    bare.autoSuggest(q);
  }

  console.log(`\n## Seed corpus: ${visible.length} visible papers (data/papers.json)\n`);
  console.log(`load + validate + index: first ${ms(builds[0]!)} ms, then median ${ms(summarize(builds.slice(1)).p50)} ms`);
  const { heapMB, rssMB } = memory();
  console.log(`heap ${heapMB.toFixed(0)} MB, RSS ${rssMB.toFixed(0)} MB (process total)\n`);
  printComparison(
    `search: ${search.length} queries × 20 rounds`,
    compare(
      search,
      20,
      (q) => e.search(q),
      (q) => bare.search(q),
    ),
  );
  printComparison(
    `\nautocomplete: ${typed.length} keystroke inputs × 20 rounds`,
    compare(
      typed,
      20,
      (q) => e.suggest(q),
      (q) => bare.autoSuggest(q),
    ),
  );
}

async function benchSynthetic(size: number): Promise<void> {
  console.log(`\n## Synthetic corpus: ${size.toLocaleString('en-US')} papers (seeded, generated in memory)\n`);
  let generated: ReturnType<typeof generatePapers> | undefined;
  const genMs = time(() => (generated = generatePapers({ count: size })));
  const { papers, vocabulary } = generated!;
  const base = memory();
  console.log(`generated in ${ms(genMs / 1000)} s; heap ${base.heapMB.toFixed(0)} MB, RSS ${base.rssMB.toFixed(0)} MB with the papers alone`);

  let engine: SearchEngine | undefined;
  const buildMs = time(() => (engine = createSearchEngine(new Corpus(papers))));
  const ours = memory();
  console.log(
    `ours: index built in ${ms(buildMs / 1000)} s; heap ${ours.heapMB.toFixed(0)} MB, RSS ${ours.rssMB.toFixed(0)} MB (index +${(ours.heapMB - base.heapMB).toFixed(0)} MB heap)`,
  );

  let bare: MiniSearch | undefined;
  const bareMs = time(() => (bare = buildBare(papers)));
  const both = memory();
  console.log(`bare: index built in ${ms(bareMs / 1000)} s; +${(both.heapMB - ours.heapMB).toFixed(0)} MB heap (RSS with both ${both.rssMB.toFixed(0)} MB)\n`);

  const { search, typed } = syntheticQueries(papers, vocabulary);
  const e = engine!;
  const b = bare!;
  for (const q of search.slice(0, 10)) e.search(q);
  printComparison(
    `search: ${search.length} queries (8 common, 8 mid, 8 rare words; 12 title phrases; 18 prefixes of 3-5 letters; 10 typos; 4 questions; 4 author names) × 3 rounds`,
    compare(
      search,
      3,
      (q) => e.search(q),
      (q) => b.search(q),
      60_000,
    ),
  );
  // Bare autoSuggest takes seconds on some inputs ("deep l"): each input runs once there, within a budget.
  printComparison(
    `\nautocomplete: ${typed.length} keystroke inputs (8 phrases typed letter by letter, empty input, "deep l"-style second words) × 3 rounds; bare: each input once, 40 s budget`,
    compare(
      typed,
      3,
      (q) => e.suggest(q),
      (q) => b.autoSuggest(q),
      40_000,
      0,
    ),
  );
  const after = memory();
  console.log(`\nRSS at the end (both indexes): ${after.rssMB.toFixed(0)} MB`);
}

/** Runs the search benchmark and prints its tables. */
export async function runSearchBench(): Promise<void> {
  const size = Math.max(100, Math.floor(Number(process.env.BENCH_SIZE ?? 100_000)));
  console.log('# Search benchmark');
  console.log(`node ${process.version}, ${process.platform}/${process.arch}; times are wall-clock on a shared machine`);
  await benchSeedCorpus();
  await benchSynthetic(size);
}
