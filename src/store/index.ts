/** The bot's durable state (SQLite): see {@link Store}. */
export { Store, type StoreOptions } from './store.js';
export { StoreError } from './errors.js';
export { MIGRATIONS, migrate } from './migrations.js';
export type * from './types.js';
export { SqlitePicksStore, migratePicksFile } from './picks.js';
export { ReadingListStore } from './reading-list.js';
