/**
 * Loading the inverted index from a snapshot against rebuilding it, on the synthetic arXiv-scale corpus
 * (`BENCH_SIZE` papers, default 100,000): time, snapshot size, heap and RSS. Both indexes are built over
 * the same papers in the same run, and the loaded one is checked to hold the same terms and papers.
 */
import v8 from 'node:v8';
import vm from 'node:vm';
import { Corpus } from '../src/corpus/corpus.js';
import { AcronymDictionary, mineAcronyms } from '../src/search/acronyms.js';
import { InvertedIndex } from '../src/search/inverted-index.js';
import { generatePapers } from './synthetic.js';

v8.setFlagsFromString('--expose-gc');
const collectGarbage = vm.runInNewContext('gc') as () => void;

function seconds(fn: () => void): number {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

function memory(): { heapMB: number; rssMB: number } {
  collectGarbage();
  const m = process.memoryUsage();
  return { heapMB: (m.heapUsed + m.arrayBuffers) / 1e6, rssMB: m.rss / 1e6 };
}

/** Runs the snapshot benchmark and prints its lines. */
export async function runSnapshotBench(): Promise<void> {
  const size = Math.max(100, Math.floor(Number(process.env.BENCH_SIZE ?? 100_000)));
  console.log(`\n# Index snapshot: ${size.toLocaleString('en-US')} synthetic papers\n`);
  const papers = new Corpus(generatePapers({ count: size }).papers).visible();
  const acronyms = new AcronymDictionary();
  for (const p of papers) acronyms.addAll(mineAcronyms(`${p.title}. ${p.abstract}`));
  const base = memory();
  let built: InvertedIndex | undefined = new InvertedIndex(acronyms);
  const buildS = seconds(() => {
    papers.forEach((p, i) => {
      built!.addPaper(p);
      if ((i + 1) % 2000 === 0) built!.pack();
    });
    built!.pack();
  });
  const afterBuild = memory();
  let snapshot: Buffer | undefined;
  const writeS = seconds(() => (snapshot = built!.serialize()));
  const terms = built.termCount;
  built = undefined;
  const beforeLoad = memory();
  let loaded: InvertedIndex | undefined;
  const loadS = seconds(() => (loaded = InvertedIndex.deserialize(snapshot!, papers, acronyms)));
  const afterLoad = memory();
  if (loaded!.termCount !== terms || loaded!.documentCount !== papers.length) throw new Error('the loaded index differs from the built one');
  console.log(
    `rebuild (index only, acronyms mined): ${buildS.toFixed(1)} s, index +${(afterBuild.heapMB - base.heapMB).toFixed(0)} MB heap, RSS ${afterBuild.rssMB.toFixed(0)} MB`,
  );
  console.log(`serialize: ${writeS.toFixed(2)} s, snapshot ${(snapshot!.length / 1e6).toFixed(0)} MB (${terms.toLocaleString('en-US')} terms)`);
  console.log(`load: ${loadS.toFixed(2)} s, index +${(afterLoad.heapMB - beforeLoad.heapMB).toFixed(0)} MB heap, RSS ${afterLoad.rssMB.toFixed(0)} MB`);
  console.log(`load / rebuild: ${(loadS / buildS).toFixed(3)}×`);
}
