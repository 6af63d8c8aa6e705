/**
 * Start-up errors of the state database that are the admin's to fix: a corrupt file, a folder the bot cannot
 * write, a path through a file. The message names the file, says what is wrong and what to do, and is
 * printed as one line (like the papers.json and lab.json errors).
 */
import path from 'node:path';

/** The state database cannot be opened; the message names the file and the remedy. */
export class StoreError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreError';
  }
}

const MOVE_OR_RESTORE = 'Restore it from a backup, or move it aside to start with an empty state (the next check then records what exists and posts nothing)';

/**
 * Explains a failure to create, open or migrate the database at `file`, from a Node file-system error
 * (creating the folder) or a SQLite error (opening, reading, writing).
 */
export function describeStoreFailure(file: string, err: unknown, options: { readonly?: boolean } = {}): StoreError {
  const code = String((err as { code?: unknown }).code ?? '');
  const detail = (err as Error).message ?? String(err);
  const dir = path.dirname(file);
  const setPath = 'or set DB_PATH to a file in a folder the bot can write';
  let message: string;
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT' || code.startsWith('SQLITE_CORRUPT_')) {
    message = `${file}: the state database is corrupt or not an SQLite database (${detail}). ${MOVE_OR_RESTORE}; or set DB_PATH to another file.`;
  } else if (code === 'ENOTDIR' || code === 'EEXIST') {
    message = `${file}: cannot create the folder ${dir}: part of that path is a file, not a folder. Move that file, or set DB_PATH (or DATA_DIR) to a folder.`;
  } else if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    message = `${file}: cannot create the folder ${dir} (${code === 'EROFS' ? 'read-only file system' : 'permission denied'}). Give the bot's user write access to it, ${setPath}.`;
  } else if (code === 'SQLITE_READONLY' || code.startsWith('SQLITE_READONLY_')) {
    message = `${file}: the state database is read-only (${detail}). Give the bot's user write access to the file and to ${dir} (SQLite writes a -wal and -shm file beside it), ${setPath}.`;
  } else if (code === 'SQLITE_CANTOPEN' || code.startsWith('SQLITE_CANTOPEN_')) {
    message = options.readonly
      ? `${file}: cannot open the state database (${detail}): it does not exist or cannot be read. Check DB_PATH.`
      : `${file}: cannot open or create the state database (${detail}): the folder ${dir} is missing or not writable by the bot. Check its permissions, ${setPath}.`;
  } else if (code === 'SQLITE_FULL' || code === 'ENOSPC') {
    message = `${file}: the disk is full (${detail}). Free some space, ${setPath}.`;
  } else {
    message = `${file}: cannot open the state database (${code ? `${code}: ` : ''}${detail}). Check the file and its folder, or set DB_PATH to another file.`;
  }
  return new StoreError(message, { cause: err });
}
