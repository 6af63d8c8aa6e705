/**
 * What the CLI's arXiv commands (`announce`, `digest`) read of the bot's state: the roster, and the state
 * database opened read-only (an empty one in memory when the bot never ran), so a dry run never writes.
 */
import { existsSync } from 'node:fs';
import type { Config } from '../config.js';
import type { Roster } from '../roster/index.js';
import type { Store } from '../store/index.js';
import { UsageError } from './errors.js';

/** The roster of `lab.json`; a bad file is the user's to fix, told in one line. */
export async function loadCliRoster(config: Config): Promise<Roster> {
  const { loadRoster, RosterError } = await import('../roster/index.js');
  try {
    return loadRoster(config.labPath);
  } catch (err) {
    if (err instanceof RosterError) throw new UsageError(err.message);
    throw err;
  }
}

/** The state database, read-only, or an empty in-memory one where the bot has not created it yet. */
export async function openStateReadOnly(config: Config): Promise<Store> {
  const { Store } = await import('../store/index.js');
  return existsSync(config.dbPath) ? Store.open(config.dbPath, { readonly: true }) : Store.open(':memory:');
}
