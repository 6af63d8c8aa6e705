/** `npx tsx bench/field-only.ts`: the field index benchmark alone (see field-index-bench.ts). */
import { runFieldIndexBench } from './field-index-bench.js';

await runFieldIndexBench();
