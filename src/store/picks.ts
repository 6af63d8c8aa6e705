/**
 * Reading-group picks in the state database: the SQLite {@link PicksStore}, and the one-time move of the
 * bot's earlier `DATA_DIR/picks.json` into it.
 */
import { existsSync, renameSync } from 'node:fs';
import { displayPath } from '../paths.js';
import type { PicksStore, ReadingPick } from '../picks/types.js';
import { readLegacyPicksFile } from './legacy-picks-file.js';
import type { Store } from './store.js';

/** A {@link PicksStore} backed by the `picks` table of the state database. */
export class SqlitePicksStore implements PicksStore {
  constructor(private readonly store: Store) {}

  add(pick: ReadingPick): void {
    this.store.db
      .prepare(`INSERT INTO picks (guild_id, arxiv_id, picked_at, json) VALUES (?, ?, ?, ?)`)
      .run(pick.guildId, pick.arxivId, pick.pickedAt, JSON.stringify(pick));
  }

  list(guildId: string, limit?: number): ReadingPick[] {
    // Newest first; picks of the same instant keep the order they were added in (higher rowid first).
    const rows = this.store.db
      .prepare(`SELECT json FROM picks WHERE guild_id = ? ORDER BY picked_at DESC, id DESC LIMIT ?`)
      .all(guildId, limit === undefined ? -1 : Math.max(0, limit)) as { json: string }[];
    return rows.map((r) => JSON.parse(r.json) as ReadingPick);
  }

  /** Every server's picks, newest first (the CLI's history). */
  listAll(limit?: number): ReadingPick[] {
    const rows = this.store.db
      .prepare(`SELECT json FROM picks ORDER BY picked_at DESC, id DESC LIMIT ?`)
      .all(limit === undefined ? -1 : Math.max(0, limit)) as { json: string }[];
    return rows.map((r) => JSON.parse(r.json) as ReadingPick);
  }

  pickedIds(guildId: string): Set<string> {
    const rows = this.store.db.prepare(`SELECT DISTINCT arxiv_id FROM picks WHERE guild_id = ?`).all(guildId) as { arxiv_id: string }[];
    return new Set(rows.map((r) => r.arxiv_id));
  }
}

/**
 * Moves the picks of a `picks.json` into the database, once, then renames the file to `picks.json.migrated`
 * so nothing is read twice and nothing is deleted.
 *
 * The import and the "done" marker are one transaction: after a crash between it and the rename, the next
 * start sees the marker and only renames. A file that does not parse is left untouched and the error
 * (naming the file) is thrown, so nothing is lost silently.
 *
 * @returns how many picks were imported (0 when there was no file)
 */
export function migratePicksFile(store: Store, file: string): number {
  if (!existsSync(file)) return 0;
  const marker = `picks-migrated:${file}`;
  const done = store.db.prepare(`SELECT 1 FROM meta WHERE key = ?`).get(marker) !== undefined;
  let imported = 0;
  if (!done) {
    const all = readLegacyPicksFile(file, displayPath(file));
    const target = new SqlitePicksStore(store);
    store.db.transaction(() => {
      for (const p of all) target.add(p);
      store.db.prepare(`INSERT INTO meta (key, value) VALUES (?, ?)`).run(marker, new Date().toISOString());
    })();
    imported = all.length;
  }
  renameSync(file, `${file}.migrated`);
  return imported;
}
