/**
 * The field index: the papers of the daily digest (`field_papers`) listed within the retention window, in a
 * search index of their own for `scope:all`. At 100,000 papers a build takes minutes, so the index is kept
 * in `DATA_DIR/field-index.bin` (the engine-cache format: the index snapshot and the mined acronyms, under a
 * key of the code that indexes and a checksum of the body; the papers themselves stay in `field_papers`)
 * and loaded at start instead of rebuilt.
 *
 * The snapshot is never trusted blindly: it must decode (checksum, format, code), every paper it holds must
 * still be in `field_papers`, and the rows must be those it was taken of. That last check is cheap when the
 * table's stamp (`field_papers_stamp`, kept by SQLite triggers: the database's random origin and a count
 * of every row written or deleted) is the one the snapshot recorded: then no row changed since, and only
 * each paper's `head` (its row without the abstract) is read; abstracts are read when something needs one.
 * Otherwise every row is read, hashed as stored and compared with the snapshot's content hash, and the
 * snapshot is re-stamped. Papers the table gained since are added to the loaded index. A snapshot that is missing, damaged,
 * written by other code or stale is discarded and the index is rebuilt from the table, in chunks that
 * yield to the event loop, while the bot keeps answering (scope:all says the digest part is not ready yet).
 * Pruning runs after the load, so a pruned paper leaves the loaded index rather than staling it. A fresh
 * snapshot is written after every build or change, atomically (temp file, rename).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Corpus } from '../corpus/corpus.js';
import { paperSchema, type Paper } from '../corpus/schema.js';
import type { Logger } from '../logger.js';
import { decodePreparedCorpus, encodePreparedCorpus, preparedCorpusKey } from '../search/engine-cache.js';
import { snapshotPaperIds } from '../search/index-snapshot.js';
import {
  createSearchEngine,
  createSearchEngineGradually,
  removeFromSearchEngine,
  restoreSearchEngine,
  snapshotSearchEngineGradually,
} from '../search/engine.js';
import type { SearchEngine } from '../search/types.js';
import type { Store } from '../store/store.js';

/** The snapshot's file name inside DATA_DIR. */
export const FIELD_SNAPSHOT_FILE = 'field-index.bin';

/** Options of {@link FieldIndex}. */
export interface FieldIndexOptions {
  store: Store;
  dataDir: string;
  /** Papers listed more than this many days ago are pruned (DIGEST_RETENTION_DAYS). */
  retentionDays: number;
  logger: Logger;
  /** A stamp of the indexing code: a snapshot written by other code is rebuilt (see `codeStamp()` of the CLI). */
  codeStamp?: string;
  now?: () => Date;
  /** Papers indexed between two yields of a rebuild (default 50: about 25 ms of work). */
  chunk?: number;
  /** How long after a change the snapshot is written, so a digest's papers make one write (default 2 s). */
  snapshotDelayMs?: number;
}

/** Where the index stands. */
export type FieldIndexState = 'closed' | 'building' | 'ready' | 'failed';

/** What {@link FieldIndex.status} reports. */
export interface FieldIndexStatus {
  state: FieldIndexState;
  papers: number;
  /**
   * How the current index was made: loaded from the snapshot (its rows proved unchanged by the table's stamp,
   * or by hashing them), or rebuilt (and why).
   */
  source?: { kind: 'snapshot'; caughtUp: number; checked: 'stamp' | 'rows' } | { kind: 'rebuilt'; reason: string };
  /** During a rebuild: papers indexed so far and in all. */
  progress?: { done: number; total: number };
}

class Cancelled extends Error {}

/** Papers added to a loaded snapshot at most (a digest day brings a few hundred). */
const MAX_CATCH_UP = 3_000;

type Row = { arxiv_id: string; json: string };

/**
 * Rows hashed between two yields when a snapshot is written: a page as small as a rebuild's, since right after
 * a day's digest SQLite may read them through a large write-ahead log.
 */
const HASH_STEP = 500;

/**
 * The content hash a snapshot is checked against: each paper's id and JSON text as `field_papers` stores it,
 * in arxiv_id order (SQLite's order; ids are ASCII). Hashing the stored text costs a fraction of re-deriving
 * every paper's indexed text at start.
 */
class RowsHash {
  private readonly hash = createHash('sha256').update('field_papers rows v1\u0000');

  add(arxivId: string, json: string): void {
    this.hash.update(`${arxivId}\u0000${json}\u0000`);
  }

  digest(): Buffer {
    return this.hash.digest();
  }
}

/**
 * The `abstract` of papers loaded without it (`head`): read from the paper's row the first time something asks
 * (a card, a snippet, more-like-this) and kept from then on. One accessor pair shared by every such paper, so
 * they keep one hidden class; enumerable, so a copy of the paper (a reading-list save, `{...paper}`) carries the text.
 */
function abstractOnDemand(read: (arxivId: string) => string): PropertyDescriptor {
  const settle = (paper: Paper, value: string): string => {
    Object.defineProperty(paper, 'abstract', { value, enumerable: true, writable: true, configurable: true });
    return value;
  };
  return {
    enumerable: true,
    configurable: true,
    get(this: Paper): string {
      return settle(this, read(this.arxivId));
    },
    set(this: Paper, value: string): void {
      settle(this, value);
    },
  };
}

/** `field_papers_stamp`: which database (origin) and how many row changes it has seen. */
export interface TableStamp {
  origin: string;
  changes: number;
}

const FILE_MAGIC = Buffer.from('LPBFLD01', 'latin1');

/**
 * The snapshot file's bytes: magic, u32 length, the JSON of the table stamp the index was in line with (or
 * null), then the engine-cache buffer (which has its own key and checksum). A damaged stamp can only fail to match, which
 * costs the row-by-row check, never trust.
 */
export function encodeFieldSnapshot(stamp: TableStamp | undefined, body: Buffer): Buffer {
  const json = Buffer.from(JSON.stringify(stamp ?? null), 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32LE(json.length);
  return Buffer.concat([FILE_MAGIC, length, json, body]);
}

function decodeFile(buf: Buffer): { stamp: TableStamp | undefined; body: Buffer } | { rejected: string } {
  if (buf.length < FILE_MAGIC.length + 4 || !buf.subarray(0, FILE_MAGIC.length).equals(FILE_MAGIC)) return { rejected: 'not a field index snapshot' };
  const length = buf.readUInt32LE(FILE_MAGIC.length);
  const start = FILE_MAGIC.length + 4;
  if (start + length > buf.length) return { rejected: 'truncated' };
  let stamp: TableStamp | undefined;
  try {
    const parsed = JSON.parse(buf.toString('utf8', start, start + length)) as Partial<TableStamp> | null;
    if (parsed && typeof parsed.origin === 'string' && Number.isSafeInteger(parsed.changes)) stamp = { origin: parsed.origin, changes: parsed.changes! };
  } catch {
    // An unreadable stamp matches nothing: the rows are checked one by one.
  }
  return { stamp, body: buf.subarray(start + length) };
}

/** Today minus `days`, as YYYY-MM-DD (UTC, like arXiv's listing days in `listed_on`). */
function cutoffDay(now: Date, days: number): string {
  return new Date(now.getTime() - days * 86_400_000).toISOString().slice(0, 10);
}

/** The persisted field index; see the module comment. */
export class FieldIndex {
  private current: SearchEngine | undefined;
  private state: FieldIndexState = 'closed';
  private source: FieldIndexStatus['source'];
  private progress: FieldIndexStatus['progress'];
  /** Papers that arrived during a rebuild, applied once it is done. */
  private queued: Paper[] = [];
  private closed = false;
  private dirty = false;
  /** Counts changes, so a snapshot encoded across a change is known to be void. */
  private generation = 0;
  /** The table's stamp when the index was last brought in line with it (what a snapshot records). */
  private synced: TableStamp | undefined;
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();
  private building: Promise<void> = Promise.resolve();
  private readonly file: string;
  private readonly key: string;
  private readonly now: () => Date;

  constructor(private readonly options: FieldIndexOptions) {
    this.file = path.join(options.dataDir, FIELD_SNAPSHOT_FILE);
    this.key = preparedCorpusKey(Buffer.from('field index of field_papers'), { includeOtherAuthors: true }, options.codeStamp ?? '');
    this.now = options.now ?? (() => new Date());
  }

  /** The index, once it is ready (undefined while it is built or after a failure). */
  engine(): SearchEngine | undefined {
    return this.state === 'ready' ? this.current : undefined;
  }

  /** Where the index stands, for status lines and the "not ready yet" note. */
  status(): FieldIndexStatus {
    return {
      state: this.state,
      papers: this.current?.size ?? 0,
      ...(this.source ? { source: this.source } : {}),
      ...(this.progress ? { progress: this.progress } : {}),
    };
  }

  /**
   * Loads the snapshot when it can be trusted (synchronously: a few seconds at 100,000 papers, before the
   * bot connects) and then prunes papers past retention from it and the table; otherwise prunes the table
   * and starts a rebuild in the background.
   *
   * @returns a promise that settles when the index is ready (at once when the snapshot was used)
   */
  open(): Promise<void> {
    this.closed = false;
    const outcome = existsSync(this.file) ? this.tryLoadSafely() : { rejected: 'no snapshot yet' };
    if ('loaded' in outcome) {
      const pruned = this.pruneRows();
      for (const id of pruned) removeFromSearchEngine(this.current!, id);
      this.synced = this.tableStamp();
      if (pruned.length > 0) this.changed();
      // Proved row by row and unchanged: the same snapshot under today's stamp spares the next start that work.
      else if (this.source?.kind === 'snapshot' && this.source.checked === 'rows' && !this.dirty) this.restamp(outcome.loaded);
      return Promise.resolve();
    }
    if (outcome.rejected !== 'no snapshot yet')
      this.options.logger.warn({ file: this.file, reason: outcome.rejected }, 'field index snapshot not used; rebuilding');
    this.pruneRows();
    this.building = this.rebuild(outcome.rejected);
    return this.building;
  }

  /**
   * Adds or refreshes digest papers in the index at once (the digest calls this after writing them to
   * `field_papers`; each is indexed as its row now reads, the paper given only when the table has none), prunes what left the retention window, and writes a new snapshot shortly after.
   */
  addPapers(papers: readonly Paper[]): void {
    if (this.state === 'building') {
      this.queued.push(...papers);
      return;
    }
    if (!this.current) return;
    const stored = this.options.store.db.prepare(`SELECT arxiv_id, json FROM field_papers WHERE arxiv_id = ?`);
    for (const given of papers) {
      // The index mirrors the table, not a merge of old and new metadata: the row as stored is what the
      // snapshot's content hash will be checked against at the next start.
      const row = stored.get(given.arxivId) as Row | undefined;
      const paper = row ? this.parse(row) : given;
      if (!paper) continue;
      removeFromSearchEngine(this.current, paper.arxivId);
      this.current.upsert(paper);
    }
    for (const id of this.pruneRows()) removeFromSearchEngine(this.current, id);
    // The digest calls this right after its commit, in the same turn of the event loop: every row change
    // counted so far is in the index now.
    this.synced = this.tableStamp();
    this.changed();
  }

  /** Deletes `field_papers` rows listed before the retention window; returns their ids. */
  pruneRows(): string[] {
    const cutoff = cutoffDay(this.now(), this.options.retentionDays);
    // A paper leaves the index by its text analyzed again, so an abstract still waiting in its row is read
    // before the row goes; without it every posting list would be searched for the paper, once per paper.
    if (this.current) {
      const leaving = this.options.store.db.prepare(`SELECT arxiv_id FROM field_papers WHERE listed_on < ?`).pluck().all(cutoff) as string[];
      for (const id of leaving) void this.current.get(id)?.abstract;
    }
    const rows = this.options.store.db.prepare(`DELETE FROM field_papers WHERE listed_on < ? RETURNING arxiv_id`).all(cutoff) as { arxiv_id: string }[];
    if (rows.length > 0) this.options.logger.info({ pruned: rows.length, before: cutoff }, 'field papers past retention pruned');
    return rows.map((r) => r.arxiv_id);
  }

  /** Reads one paper's abstract from its row (empty when the row is gone or unreadable: a card then shows none). */
  private abstractReader(): (arxivId: string) => string {
    const stmt = this.options.store.db.prepare(`SELECT json_extract(json, '$.abstract') FROM field_papers WHERE arxiv_id = ?`).pluck();
    return (arxivId) => {
      try {
        const value = stmt.get(arxivId);
        return typeof value === 'string' ? value : '';
      } catch (err) {
        this.options.logger.warn({ err, arxivId }, 'could not read a field paper abstract');
        return '';
      }
    };
  }

  /**
   * The content hash of the rows of an index's papers, as stored now, yielding every few thousand rows. The
   * index mirrors the table (papers are indexed as their rows read), so this is also the hash of what it
   * holds; a paper the table lacks makes a hash no start will match, which costs a rebuild, never trust.
   */
  private async rowsHashOf(papers: readonly (Paper | undefined)[], pause: () => Promise<void>): Promise<Buffer> {
    const ids = new Set<string>();
    for (const p of papers) if (p) ids.add(p.arxivId);
    const hash = new RowsHash();
    const page = this.options.store.db.prepare(`SELECT arxiv_id, json FROM field_papers WHERE arxiv_id > ? ORDER BY arxiv_id LIMIT ${HASH_STEP}`);
    for (let rows = page.all('') as Row[]; rows.length > 0; rows = page.all(rows[rows.length - 1]!.arxiv_id) as Row[]) {
      for (const row of rows) if (ids.delete(row.arxiv_id)) hash.add(row.arxiv_id, row.json);
      await pause();
    }
    if (ids.size > 0) hash.add('\u0000missing', [...ids].sort().join(','));
    return hash.digest();
  }

  /** The table's stamp now, or undefined when the database has none (then only the row-by-row check applies). */
  private tableStamp(): TableStamp | undefined {
    try {
      const row = this.options.store.db.prepare(`SELECT origin, changes FROM field_papers_stamp WHERE id = 1`).get() as TableStamp | undefined;
      return row ? { origin: String(row.origin), changes: Number(row.changes) } : undefined;
    } catch {
      return undefined;
    }
  }

  /** Writes a pending snapshot now (on stop, and in tests). */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.writing;
    // A change during an encoding voids it: write again until a snapshot of a still index is on disk.
    while (this.dirty && this.state === 'ready' && this.current) await this.writeSnapshot();
  }

  /** Stops a rebuild in progress and writes a pending snapshot. Idempotent. */
  async close(): Promise<void> {
    this.closed = true;
    await this.building.catch(() => undefined);
    await this.flush();
    this.state = 'closed';
  }

  private parse(row: Row): Paper | undefined {
    try {
      const parsed = paperSchema.safeParse(JSON.parse(row.json));
      if (parsed.success) return parsed.data;
    } catch {
      // Falls through to the warning: one bad row must not keep the rest of the field out of the index.
    }
    this.options.logger.warn({ arxivId: row.arxiv_id }, 'field paper row is not a valid paper; left out of the field index');
    return undefined;
  }

  /** A row's paper without the schema's full validation (the start-up path); the snapshot's content hash then checks its text. */
  private quickParse(row: Row): Paper | undefined {
    try {
      const p = JSON.parse(row.json) as Paper;
      if (p && typeof p.arxivId === 'string' && typeof p.title === 'string' && Array.isArray(p.authors) && typeof p.published === 'string') return p;
    } catch {
      // Treated like any other bad row below.
    }
    return this.parse(row);
  }

  /** Rewrites the snapshot file with the current stamp and the same index bytes, unless a change came first. */
  private restamp(body: Buffer): void {
    const generation = this.generation;
    const stamp = this.synced;
    this.writing = this.writing.then(async () => {
      if (generation !== this.generation || !stamp) return;
      await this.writeFileAtomically(encodeFieldSnapshot(stamp, body), 'could not restamp the field index snapshot');
    });
  }

  /**
   * Writes the snapshot file whole (temp file, then rename), so a start never reads half of one.
   *
   * @returns false when it could not: the index still answers, only the next start pays for it
   */
  private async writeFileAtomically(bytes: Buffer, failure: string): Promise<boolean> {
    const tmp = `${this.file}.${process.pid}.tmp`;
    try {
      await writeFile(tmp, bytes);
      await rename(tmp, this.file);
      return true;
    } catch (err) {
      this.options.logger.warn({ err, file: this.file }, failure);
      await rm(tmp, { force: true });
      return false;
    }
  }

  /** {@link tryLoad}, with a failure of the database while reading turned into a rebuild rather than a failed start. */
  private tryLoadSafely(): { loaded: Buffer } | { rejected: string } {
    try {
      return this.tryLoad();
    } catch (err) {
      this.current = undefined;
      this.state = 'closed';
      return { rejected: `could not be checked against field_papers (${(err as Error).message})` };
    }
  }

  /** @returns on success, the snapshot's engine-cache bytes (for {@link restamp}) */
  private tryLoad(): { loaded: Buffer } | { rejected: string } {
    let buf: Buffer;
    try {
      // Synchronous: the snapshot is loaded in one go before the bot connects.
      buf = readFileSync(this.file);
    } catch (err) {
      return { rejected: `unreadable (${(err as NodeJS.ErrnoException).code ?? 'error'})` };
    }
    const file = decodeFile(buf);
    if ('rejected' in file) return file;
    // Checks the whole body's checksum (the index's bytes included) and the key of the code that wrote it.
    const decoded = decodePreparedCorpus(file.body, this.key);
    if ('rejected' in decoded) return decoded;
    const now = this.tableStamp();
    // Same database, no row written or deleted since: the rows are those the snapshot was taken of.
    const unchanged = now !== undefined && file.stamp !== undefined && now.origin === file.stamp.origin && now.changes === file.stamp.changes;
    // Under the same stamp every row is one the snapshot holds, and restoring checks that each of its papers is
    // among the rows, the same number of them: the ids need no separate pass.
    let wanted: Set<string> | undefined;
    try {
      if (!unchanged) wanted = new Set(snapshotPaperIds(decoded.engine.index));
    } catch (err) {
      return { rejected: (err as Error).message };
    }
    // One pass in arxiv_id order (the content hash's order): each row is hashed as stored (unless the stamp
    // vouches for it) and parsed as it is read, so its JSON text dies young instead of 100,000 of them weighing on the collector.
    // When the stamp vouches, only each paper's head is read: the abstracts wait in the table until a card needs one.
    const content = unchanged ? undefined : new RowsHash();
    const kept: Paper[] = [];
    const newer: Row[] = [];
    const abstract = unchanged ? abstractOnDemand(this.abstractReader()) : undefined;
    // Pages of rows rather than one iterator: a step into SQLite per page, not per row.
    const page = this.options.store.db.prepare(
      unchanged
        ? // From the covering index's pages alone: a fifth of the bytes of the table's.
          `SELECT arxiv_id, head AS json FROM field_papers INDEXED BY field_papers_heads WHERE arxiv_id > ? ORDER BY arxiv_id LIMIT 1000`
        : `SELECT arxiv_id, json FROM field_papers WHERE arxiv_id > ? ORDER BY arxiv_id LIMIT 1000`,
    );
    for (let rows = page.all('') as Row[]; rows.length > 0; rows = page.all(rows[rows.length - 1]!.arxiv_id) as Row[]) {
      for (const row of rows) {
        if (wanted && !wanted.delete(row.arxiv_id)) {
          // Indexing many papers at once would hold the event loop; past this many a chunked rebuild is kinder.
          if (newer.push(row) > MAX_CATCH_UP) return { rejected: `stale: field_papers has more than ${MAX_CATCH_UP} papers newer than it` };
          continue;
        }
        const paper = this.quickParse(row);
        if (!paper) return { rejected: `stale: its paper ${row.arxiv_id} is no longer a valid row of field_papers` };
        if (content) content.add(row.arxiv_id, row.json);
        else Object.defineProperty(paper, 'abstract', abstract!);
        kept.push(paper);
      }
    }
    for (const id of wanted ?? []) return { rejected: `stale: it holds ${id}, which field_papers no longer has` };
    let engine: SearchEngine;
    try {
      // The index was written with the hash of the rows it was built from: a changed row means a rebuild.
      engine = restoreSearchEngine(new Corpus(kept, { includeOtherAuthors: true }), decoded.engine, {
        snapshotCheck: content ? { content: content.digest(), bodyVerified: true } : { contentVerified: true, bodyVerified: true },
      });
    } catch (err) {
      return { rejected: (err as Error).message };
    }
    let added = 0;
    for (const row of newer) {
      const paper = this.parse(row);
      if (!paper) continue;
      engine.upsert(paper);
      added++;
    }
    this.current = engine;
    this.state = 'ready';
    this.source = { kind: 'snapshot', caughtUp: added, checked: content ? 'rows' : 'stamp' };
    this.options.logger.info({ papers: engine.size, added, checked: this.source.checked }, 'field index loaded from its snapshot');
    if (added > 0) this.changed();
    return { loaded: file.body };
  }

  private async rebuild(reason: string): Promise<void> {
    this.state = 'building';
    this.current = undefined;
    const chunk = this.options.chunk ?? 50;
    const pause = () =>
      new Promise<void>((resolve, reject) => setImmediate(() => (this.closed ? reject(new Cancelled('field index build cancelled')) : resolve())));
    try {
      // Read a page at a time (keyset paging): one SELECT of 100,000 rows would hold the event loop for a second,
      // and an open iterator would keep the connection from handlers' statements during the pauses.
      const page = this.options.store.db.prepare(`SELECT arxiv_id, json FROM field_papers WHERE arxiv_id > ? ORDER BY arxiv_id LIMIT ?`);
      const papers: Paper[] = [];
      for (let after = ''; ;) {
        const rows = page.all(after, chunk * 10) as Row[];
        if (rows.length === 0) break;
        for (const row of rows) {
          const paper = this.parse(row);
          if (paper) papers.push(paper);
        }
        after = rows[rows.length - 1]!.arxiv_id;
        await pause();
      }
      this.progress = { done: 0, total: papers.length };
      const corpus = new Corpus(papers, { includeOtherAuthors: true });
      const engine =
        papers.length === 0
          ? createSearchEngine(corpus)
          : await createSearchEngineGradually(corpus, { pause, chunk, onProgress: (done, total) => (this.progress = { done, total }) });
      this.current = engine;
      this.state = 'ready';
      this.progress = undefined;
      this.source = { kind: 'rebuilt', reason };
      this.options.logger.info({ papers: engine.size, reason }, 'field index rebuilt');
      const queued = this.queued;
      this.queued = [];
      this.addPapers(queued);
      this.changed();
    } catch (err) {
      this.progress = undefined;
      if (err instanceof Cancelled) {
        this.state = 'closed';
        return;
      }
      this.state = 'failed';
      this.options.logger.error({ err }, 'field index build failed; scope:all searches the lab and the reading list only');
    }
  }

  private changed(): void {
    this.generation++;
    this.dirty = true;
    if (this.timer || this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.writeSnapshot();
    }, this.options.snapshotDelayMs ?? 2_000);
    this.timer.unref();
  }

  private writeSnapshot(): Promise<void> {
    this.writing = this.writing.then(() => this.writeNow());
    return this.writing;
  }

  /**
   * Encodes the index a few thousand terms at a time between yields, then writes it atomically. The index
   * keeps answering and taking papers meanwhile; a change during the encoding voids that snapshot (it would
   * mix two states) and another is written after.
   */
  private async writeNow(): Promise<void> {
    const engine = this.current;
    if (!engine || this.state !== 'ready' || !this.dirty) return;
    this.dirty = false;
    const generation = this.generation;
    const stamp = this.synced;
    let body: Buffer;
    try {
      const pause = () => new Promise<void>((resolve) => setImmediate(resolve));
      const snapshot = await snapshotSearchEngineGradually(engine, pause, (papers) => this.rowsHashOf(papers, pause));
      if (generation !== this.generation || engine !== this.current) {
        this.dirty = true;
        return;
      }
      // The papers stay in field_papers: the file holds only what the index needs besides them.
      body = encodeFieldSnapshot(stamp, encodePreparedCorpus(this.key, { papers: [], engine: snapshot }));
    } catch (err) {
      // The index still answers; only the next start pays for a rebuild.
      this.options.logger.warn({ err, file: this.file }, 'could not write the field index snapshot');
      return;
    }
    if (await this.writeFileAtomically(body, 'could not write the field index snapshot'))
      this.options.logger.debug({ file: this.file, bytes: body.length, papers: engine.size }, 'field index snapshot written');
  }
}
