/** What the rest of the bot sees of the digest feature: its schedule and what `/paper-admin` needs. Types only. */
import type { Config } from '../config.js';
import type { DigestReport, DigestTarget } from './run.js';
import type { DigestStore } from './store.js';

/** The running digest schedule. */
export interface DigestRunner {
  /** Runs the digest now (after any run in progress). */
  runNow(reason: string): Promise<DigestReport>;
  /** The next scheduled run, or null when the schedule is off. */
  nextRun(): Date | null;
  /** The start-up run, for tests and callers that wait for it. */
  readonly ready: Promise<void>;
  stop(): Promise<void>;
}

/** What `/paper-admin digest` and `status` use. */
export interface DigestAdmin {
  digests: DigestStore;
  config: Config['digest'];
  targets(): DigestTarget[];
  runner(): DigestRunner | undefined;
}
