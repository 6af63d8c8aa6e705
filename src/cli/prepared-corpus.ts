/**
 * The corpus and search engine of one `paperbot` run, from a cache when it can be trusted. Each run is a
 * fresh process, and validating papers.json and indexing every paper cost more than everything else a
 * search does; so the first run that builds an engine writes `DATA_DIR/.cache/engine-<key>.bin` (the
 * validated papers and the engine's snapshot, keyed by a hash of papers.json's bytes), and later runs over
 * the same bytes load it instead. A cache of another file, another format or other options, or a truncated
 * or damaged one is never used: the run validates and builds as if there were none, and replaces it.
 * Where DATA_DIR cannot be written (a global install's own data/), the cache goes to the user's cache folder;
 * where neither can, the run only loses the speed-up.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Corpus, parsePapersFile, readPapersFile, type CorpusOptions } from '../corpus/corpus.js';
import { displayPath } from '../paths.js';
import { decodePreparedCorpus, encodePreparedCorpus, preparedCorpusKey, type PreparedCorpus } from '../search/engine-cache.js';
import type { SearchEngine } from '../search/types.js';

/** Where a run learns what the cache did (a debug log line when a logger is on). */
export type CacheLog = (fields: Record<string, unknown>, message: string) => void;

/** The corpus of a run, and its engine on demand. */
export interface PreparedSource {
  corpus: Corpus;
  /** True when the papers came from a verified cache (papers.json was not validated again). */
  readonly fromCache: boolean;
  /** The search engine over the corpus: restored from the cache when it holds one, else built and cached. */
  engine(): Promise<SearchEngine>;
}

const CACHE_FILE = /^engine-[0-9a-f]{40}\.bin$/;

/** Set by the build (scripts/build.mjs `define`); absent when running the TypeScript sources. */
declare const __CODE_FINGERPRINT__: string | undefined;

/**
 * Which code validates and indexes: a fingerprint of src/corpus and src/search baked in by the build, or the
 * newest of those source files when running them directly. A cache prepared by other code is not used, so an
 * edited analyzer never answers from an index the old one built.
 */
export function codeStamp(): string {
  // The build bakes in a fingerprint of src/corpus and src/search (scripts/build.mjs); run from the sources
  // (tsx, vitest) there is none, and the newest source file stands in for it.
  if (typeof __CODE_FINGERPRINT__ === 'string') return __CODE_FINGERPRINT__;
  const here = path.dirname(fileURLToPath(import.meta.url));
  const dirs = [path.join(here, '..', 'corpus'), path.join(here, '..', 'search')];
  let newest = 0;
  let files = 0;
  for (const dir of dirs) {
    for (const name of readdirSync(dir)) {
      if (!/\.[jt]s$/.test(name)) continue;
      newest = Math.max(newest, statSync(path.join(dir, name)).mtimeMs);
      files++;
    }
  }
  return `${files}@${newest}`;
}

/** The folder of a data folder's engine caches. */
export function cacheDirOf(dataDir: string): string {
  return path.join(dataDir, '.cache');
}

/**
 * Where a data folder's engine cache goes, in order of preference: beside the data, then the user's cache
 * folder (`$XDG_CACHE_HOME` or `~/.cache`), one subfolder per data folder so two never evict each other.
 */
export function cacheDirsOf(dataDir: string, env: Record<string, string | undefined>): string[] {
  let userCache = env.XDG_CACHE_HOME;
  try {
    userCache ||= path.join(homedir(), '.cache');
  } catch {
    // No home folder (a service account): the cache beside the data is the only one.
    return [cacheDirOf(dataDir)];
  }
  const id = createHash('sha1').update(path.resolve(dataDir)).digest('hex').slice(0, 16);
  return [cacheDirOf(dataDir), path.join(userCache, 'lab-paper-bot', id)];
}

function readCache(file: string, key: string, log: CacheLog): PreparedCorpus | undefined {
  let buf: Buffer;
  try {
    buf = readFileSync(file);
  } catch {
    return undefined;
  }
  const decoded = decodePreparedCorpus(buf, key);
  if ('rejected' in decoded) {
    log({ file: displayPath(file), reason: decoded.rejected }, 'engine cache not used');
    return undefined;
  }
  return decoded;
}

/** Writes the cache atomically (a reader never sees half a file) and drops caches of older papers files; false when it cannot. */
function writeCache(dir: string, file: string, key: string, prepared: PreparedCorpus, log: CacheLog): boolean {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(tmp, encodePreparedCorpus(key, prepared));
    renameSync(tmp, file);
    for (const name of readdirSync(dir)) if (CACHE_FILE.test(name) && path.join(dir, name) !== file) rmSync(path.join(dir, name), { force: true });
    log({ file: displayPath(file) }, 'engine cache written');
    return true;
  } catch (err) {
    try {
      rmSync(tmp, { force: true });
    } catch {
      // Nothing was written where nothing can be removed (the folder is missing or not a folder).
    }
    log({ file: displayPath(file), reason: (err as NodeJS.ErrnoException).code ?? (err as Error).message }, 'engine cache not written');
    return false;
  }
}

/**
 * Opens a papers file for one run: the corpus at once (from the cache when it matches the file's bytes),
 * the engine when asked.
 *
 * @throws CorpusError for a missing, unreadable or invalid papers file (a cache never hides one: its key is the file's bytes)
 */
export function openPreparedCorpus(
  papersPath: string,
  cacheDirs: readonly string[],
  options: Required<CorpusOptions>,
  log: CacheLog = () => {},
  stamp: string = codeStamp(),
): PreparedSource {
  const bytes = readPapersFile(papersPath);
  const key = preparedCorpusKey(bytes, options, stamp);
  const fileIn = (dir: string) => path.join(dir, `engine-${key}.bin`);
  let cached: PreparedCorpus | undefined;
  let file = fileIn(cacheDirs[0]!);
  for (const dir of cacheDirs) {
    cached = readCache(fileIn(dir), key, log);
    if (cached) {
      file = fileIn(dir);
      break;
    }
  }
  const corpus = cached ? new Corpus(cached.papers, options) : new Corpus(parsePapersFile(bytes.toString('utf8'), displayPath(papersPath)), options);
  let engine: Promise<SearchEngine> | undefined;
  const build = async (): Promise<SearchEngine> => {
    const { createSearchEngine, restoreSearchEngine, snapshotSearchEngine } = await import('../search/engine.js');
    if (cached) {
      try {
        // The cache's own checksum covered the snapshot's bytes and the papers it was written with, in one
        // file under a key of papers.json's bytes: hashing the body and the papers' text again proves nothing more.
        return restoreSearchEngine(corpus, cached.engine, { snapshotCheck: { bodyVerified: true, contentVerified: true } });
      } catch (err) {
        // The checksum held but the index does not fit these papers: a bug or a hand edit; rebuild and replace.
        log({ file: displayPath(file), reason: (err as Error).message }, 'engine cache not used');
        cached = undefined;
      }
    }
    const fresh = createSearchEngine(corpus);
    const prepared = { papers: corpus.all(), engine: snapshotSearchEngine(fresh) };
    for (const dir of cacheDirs) if (writeCache(dir, fileIn(dir), key, prepared, log)) break;
    return fresh;
  };
  return {
    corpus,
    fromCache: cached !== undefined,
    engine() {
      engine ??= build();
      return engine;
    },
  };
}
