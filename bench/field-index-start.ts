/**
 * A bot start against a DATA_DIR whose field index was persisted (run as a child process by
 * `field-index-bench.ts`, so its memory is its own): opens the state database, loads the lab corpus and the
 * field index from its snapshot, and answers one `scope:all` search. Prints one JSON line of timings.
 */
import path from 'node:path';
import { loadCorpus } from '../src/corpus/corpus.js';
import { FieldIndex } from '../src/field/field-index.js';
import { createLogger } from '../src/logger.js';
import { createSearchEngine } from '../src/search/engine.js';
import { scopedEngine } from '../src/search/scoped-engine.js';
import { Store } from '../src/store/store.js';

const t0 = performance.now();
const [dataDir, stamp, query] = process.argv.slice(2) as [string, string, string];
const store = Store.open(path.join(dataDir, 'state.db'));
const lab = createSearchEngine(loadCorpus(path.resolve('data/papers.json')));
const field = new FieldIndex({ store, dataDir, retentionDays: 365, logger: createLogger({ level: 'silent' }), codeStamp: stamp });
await field.open();
const status = field.status();
const engine = scopedEngine([
  { source: 'lab', engine: lab },
  { source: 'field', engine: field.engine()! },
]);
const hits = engine.search(query, { limit: 5 }).total;
const firstAnswerMs = performance.now() - t0;
const rssMB = process.memoryUsage().rss / 1e6;
console.log(JSON.stringify({ firstAnswerMs, uptimeMs: process.uptime() * 1000, rssMB, hits, source: status.source, papers: status.papers }));
await field.close();
store.close();
