import { runStatsBench } from '../stats-bench.js';
await runStatsBench();
