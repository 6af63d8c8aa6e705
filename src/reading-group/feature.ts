/**
 * The reading-group feature as the app plugs it in: a bot service that starts the periodic check once
 * Discord is ready, and the handlers' {@link ReadingGroupApi}.
 */
import type { BotService } from '../app/contracts.js';
import type { Config } from '../config.js';
import type { SearchEngine } from '../search/types.js';
import type { Store } from '../store/store.js';
import { ReadingGroup, type ReadingGroupDeps } from './group.js';
import type { ReadingGroupApi } from './types.js';

/** What {@link createReadingGroupFeature} builds. */
export interface ReadingGroupFeature {
  service: BotService;
  api: ReadingGroupApi;
  /** Runs one check now (tests: after moving the clock). */
  checkNow(): Promise<void>;
}

/** Prepares the reading group; nothing runs until the service starts. */
export function createReadingGroupFeature(
  config: Config,
  deps: {
    store: Store;
    engine: SearchEngine;
    findPaper?: ReadingGroupDeps['findPaper'];
    now?: () => Date;
    tuning?: Pick<ReadingGroupDeps, 'tickMs' | 'random'>;
  },
): ReadingGroupFeature {
  const group = new ReadingGroup({
    store: deps.store,
    engine: deps.engine,
    ...(deps.findPaper ? { findPaper: deps.findPaper } : {}),
    timeZone: config.readingGroup.timeZone,
    reminderLeadMs: config.readingGroup.reminderLeadMs,
    ...(deps.now ? { now: deps.now } : {}),
    ...deps.tuning,
  });
  return {
    service: {
      name: 'reading-group',
      start: (ctx) => group.start(ctx.rest, ctx.logger),
      stop: () => group.stop(),
    },
    api: group,
    checkNow: () => group.runTick(false),
  };
}
