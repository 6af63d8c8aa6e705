/**
 * A compact binary snapshot of the inverted index (terms, posting lists, field lengths and their averages),
 * so a large index can be loaded instead of rebuilt. A snapshot names the papers it was built from by a
 * content hash of their indexed text, and its body by a second hash: a snapshot of other papers (stale) or
 * a damaged one is rejected, never half-loaded.
 *
 * Layout (little-endian): magic "LPBINDX1", u32 version, 32-byte content hash, 32-byte body hash, body.
 * Body: u32 nextId, u32 count, f64 average length per field; u32 papers, each u32 short id, u16 id length,
 * id bytes; f32 field lengths (field-major, nextId each); u32 terms, each u16 term length, term bytes,
 * u8 fields, each u8 field id, u32 n, zero padding to a multiple of 4 from the body's start, n × i32 short
 * ids (ascending), n × u16 term frequencies. The padding lets a loader read the arrays in place.
 */
import { createHash } from 'node:crypto';
import { endianness } from 'node:os';
import type { Paper } from '../corpus/schema.js';
import { fieldText, FIELDS } from './fields.js';

const MAGIC = Buffer.from('LPBINDX1', 'latin1');
const VERSION = 1;
const HEADER = MAGIC.length + 4 + 32 + 32;

/**
 * One field's posting list to encode as two parallel arrays, ids ascending.
 */
export interface PostingArrays {
  field: number;
  ids: Int32Array;
  tfs: Uint16Array;
}

/**
 * One field's posting list as decoded: `n` ids from `ids[idsAt]` and their frequencies from `tfs[tfsAt]`,
 * in the views over the whole snapshot that {@link decodeSnapshot} returns (copy what is kept). Positions
 * rather than a view per list: a restore decodes thousands of short lists, most of them read straight into
 * a Map, and two typed-array views each were allocated only to be dropped.
 */
export interface DecodedPostings {
  field: number;
  n: number;
  idsAt: number;
  tfsAt: number;
}

/** One field's posting list to encode: packed arrays, or a Map from short id to frequency in ascending id order. */
export type PostingSource = PostingArrays | { field: number; map: ReadonlyMap<number, number> };

/** Everything an index holds, as plain data (what a snapshot stores). */
export interface IndexState {
  nextId: number;
  count: number;
  avgLengths: number[];
  /** Per field, the length of each short id's field (0 for removed ids), `nextId` long. */
  lengths: Float32Array[];
  /** The indexed papers by short id. */
  papers: (Paper | undefined)[];
  terms: Iterable<[string, PostingSource[]]>;
}

/** Why a snapshot was not loaded. */
export class SnapshotError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SnapshotError';
  }
}

/**
 * How a caller already checked a snapshot, so decoding need not do it again: a content hash it computed
 * from the papers as it stores them (compared with the one the snapshot was written with, instead of
 * hashing the papers' indexed text), or its word that the papers are unchanged since the snapshot was
 * written (`contentVerified`: it proved that another way), and whether the body's bytes were verified by an
 * enclosing checksum.
 */
export interface SnapshotCheck {
  content?: Buffer;
  contentVerified?: boolean;
  bodyVerified?: boolean;
}

/** A hash of the indexed text of the papers at their short ids: what decides whether a snapshot still fits. */
export function contentHash(papers: readonly (Paper | undefined)[]): Buffer {
  const hash = createHash('sha256');
  papers.forEach((paper, short) => {
    if (!paper) return;
    hash.update(`${short}\u0000${paper.arxivId}\u0000`);
    for (const field of FIELDS) hash.update(`${fieldText(paper, field)}\u0000`);
  });
  return hash.digest();
}

/** A growable output buffer. */
class Writer {
  private buf = Buffer.allocUnsafe(1 << 20);
  at = 0;

  private room(n: number): void {
    if (this.at + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.at + n) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, 0, 0, this.at);
    this.buf = next;
  }

  u8(v: number): void {
    this.room(1);
    this.at = this.buf.writeUInt8(v, this.at);
  }

  u16(v: number): void {
    this.room(2);
    this.at = this.buf.writeUInt16LE(v, this.at);
  }

  u32(v: number): void {
    this.room(4);
    this.at = this.buf.writeUInt32LE(v, this.at);
  }

  f64(v: number): void {
    this.room(8);
    this.at = this.buf.writeDoubleLE(v, this.at);
  }

  /** Zero bytes up to the next multiple of `n`. */
  align(n: number): void {
    while (this.at % n !== 0) this.u8(0);
  }

  bytes(view: ArrayBufferView): void {
    this.room(view.byteLength);
    this.buf.set(new Uint8Array(view.buffer, view.byteOffset, view.byteLength), this.at);
    this.at += view.byteLength;
  }

  /** The written bytes (a view, not a copy). */
  done(): Buffer {
    return this.buf.subarray(0, this.at);
  }
}

/** A bounds-checked reader: running past the end means a damaged snapshot. */
class Reader {
  at = 0;

  constructor(private readonly buf: Buffer) {}

  private need(n: number): void {
    if (this.at + n > this.buf.length) throw new SnapshotError('index snapshot is truncated');
  }

  u8(): number {
    this.need(1);
    return this.buf.readUInt8(this.at++);
  }

  u16(): number {
    this.need(2);
    const v = this.buf.readUInt16LE(this.at);
    this.at += 2;
    return v;
  }

  u32(): number {
    this.need(4);
    const v = this.buf.readUInt32LE(this.at);
    this.at += 4;
    return v;
  }

  f64(): number {
    this.need(8);
    const v = this.buf.readDoubleLE(this.at);
    this.at += 8;
    return v;
  }

  /** Skips to the next multiple of `n` (the buffer itself starts aligned). */
  align(n: number): void {
    this.at += (n - (this.at % n)) % n;
  }

  /**
   * The next posting list of `field`: where its `n` ids (32-bit, at a multiple of 4) and `n` frequencies
   * (16-bit) are, as element positions in 32-bit and 16-bit views of the whole buffer; skips past them.
   */
  postings(field: number, n: number): DecodedPostings {
    this.align(4);
    this.need(n * 6);
    const idsAt = this.at >> 2;
    const tfsAt = (this.at + n * 4) >> 1;
    this.at += n * 6;
    return { field, n, idsAt, tfsAt };
  }

  /** The next `n` 32-bit floats, copied. */
  float32s(n: number): Float32Array {
    this.need(n * 4);
    const copy = new Float32Array(n);
    new Uint8Array(copy.buffer).set(this.buf.subarray(this.at, this.at + n * 4));
    this.at += n * 4;
    return copy;
  }

  text(n: number): string {
    this.need(n);
    const s = this.buf.toString('utf8', this.at, this.at + n);
    this.at += n;
    return s;
  }

  get done(): boolean {
    return this.at === this.buf.length;
  }
}

function requireLittleEndian(): void {
  // Posting arrays are copied as raw bytes; a big-endian machine would read them wrongly.
  if (endianness() !== 'LE') throw new SnapshotError('index snapshots need a little-endian machine');
}

/** Terms encoded between two pauses of {@link encodeSnapshotGradually}. */
const TERMS_PER_STEP = 4_000;
/** Papers hashed between two pauses of {@link encodeSnapshotGradually}. */
const PAPERS_PER_STEP = 2_000;
/** Body bytes checksummed between two pauses of {@link encodeSnapshotGradually}. */
const BYTES_PER_STEP = 4 << 20;

/** Writes the body of a snapshot, yielding every few thousand terms; returns the number of terms. */
function* encodeBody(state: IndexState, w: Writer): Generator<void, void> {
  w.u32(state.nextId);
  w.u32(state.count);
  for (let f = 0; f < FIELDS.length; f++) w.f64(state.avgLengths[f]!);
  const live = state.papers.flatMap((p, short) => (p ? [[short, p] as const] : []));
  w.u32(live.length);
  for (const [short, paper] of live) {
    const id = Buffer.from(paper.arxivId, 'utf8');
    w.u32(short);
    w.u16(id.length);
    w.bytes(id);
  }
  for (let f = 0; f < FIELDS.length; f++) w.bytes(state.lengths[f]!.subarray(0, state.nextId));
  const countAt = w.at;
  w.u32(0);
  let terms = 0;
  for (const [term, lists] of state.terms) {
    const bytes = Buffer.from(term, 'utf8');
    w.u16(bytes.length);
    w.bytes(bytes);
    w.u8(lists.length);
    for (const list of lists) {
      w.u8(list.field);
      if ('map' in list) {
        w.u32(list.map.size);
        w.align(4);
        for (const id of list.map.keys()) w.u32(id);
        for (const tf of list.map.values()) w.u16(Math.min(tf, 0xffff));
        continue;
      }
      w.u32(list.ids.length);
      w.align(4);
      w.bytes(list.ids);
      w.bytes(list.tfs);
    }
    if (++terms % TERMS_PER_STEP === 0) yield;
  }
  w.done().writeUInt32LE(terms, countAt);
}

/** The header and body of a finished snapshot (`bodyHash`: the body's SHA-256, when the caller computed it). */
function finishSnapshot(body: Buffer, content: Buffer, bodyHash = createHash('sha256').update(body).digest()): Buffer {
  const header = Buffer.alloc(HEADER);
  MAGIC.copy(header, 0);
  header.writeUInt32LE(VERSION, MAGIC.length);
  content.copy(header, MAGIC.length + 4);
  bodyHash.copy(header, MAGIC.length + 36);
  return Buffer.concat([header, body]);
}

/** Encodes an index's state as a snapshot. */
export function encodeSnapshot(state: IndexState): Buffer {
  requireLittleEndian();
  const w = new Writer();
  for (const _ of encodeBody(state, w));
  return finishSnapshot(w.done(), contentHash(state.papers));
}

/**
 * Encodes a snapshot as {@link encodeSnapshot} does, awaiting `pause()` every few thousand terms and papers,
 * so a large index is written without holding the event loop. The index must not change until it resolves.
 *
 * @param content - the caller's own content hash of the papers (see {@link SnapshotCheck}); by default that of their indexed text
 */
export async function encodeSnapshotGradually(
  state: IndexState,
  pause: () => Promise<void>,
  content?: (papers: readonly (Paper | undefined)[]) => Promise<Buffer>,
): Promise<Buffer> {
  requireLittleEndian();
  const w = new Writer();
  for (const _ of encodeBody(state, w)) await pause();
  const custom = content ? await content(state.papers) : undefined;
  const hash = createHash('sha256');
  for (let short = 0; !custom && short < state.papers.length; short++) {
    const paper = state.papers[short];
    if (paper) {
      hash.update(`${short}\u0000${paper.arxivId}\u0000`);
      for (const field of FIELDS) hash.update(`${fieldText(paper, field)}\u0000`);
    }
    if ((short + 1) % PAPERS_PER_STEP === 0) await pause();
  }
  // The body's checksum too, a few megabytes at a time: at 100,000 papers hashing it whole takes a noticeable while.
  const body = w.done();
  const bodyHash = createHash('sha256');
  for (let at = 0; at < body.length; at += BYTES_PER_STEP) {
    bodyHash.update(body.subarray(at, at + BYTES_PER_STEP));
    await pause();
  }
  return finishSnapshot(body, custom ?? hash.digest(), bodyHash.digest());
}

/**
 * The arXiv ids a snapshot holds, read without checking it (a caller then fetches those papers and decodes
 * with {@link decodeSnapshot}, which checks everything).
 *
 * @throws SnapshotError when the buffer is not a snapshot or is cut short
 */
export function snapshotPaperIds(buf: Buffer): string[] {
  if (buf.length < HEADER || !buf.subarray(0, MAGIC.length).equals(MAGIC)) throw new SnapshotError('not an index snapshot');
  const r = new Reader(buf.subarray(HEADER));
  r.u32();
  r.u32();
  for (let f = 0; f < FIELDS.length; f++) r.f64();
  const ids: string[] = new Array(r.u32());
  for (let i = 0; i < ids.length; i++) {
    r.u32();
    ids[i] = r.text(r.u16());
  }
  return ids;
}

/**
 * Decodes a snapshot, given the papers it should describe (in any order).
 *
 * @param check - what the caller checked already ({@link SnapshotCheck}); by default everything is checked here
 * @throws SnapshotError when the buffer is not a snapshot, is damaged, or was built from other papers
 */
export function decodeSnapshot(
  buf: Buffer,
  papers: Iterable<Paper>,
  check: SnapshotCheck = {},
): Omit<IndexState, 'terms'> & { terms: [string, DecodedPostings[]][]; ids: Int32Array; tfs: Uint16Array } {
  requireLittleEndian();
  if (buf.length < HEADER || !buf.subarray(0, MAGIC.length).equals(MAGIC)) throw new SnapshotError('not an index snapshot');
  const version = buf.readUInt32LE(MAGIC.length);
  if (version !== VERSION) throw new SnapshotError(`index snapshot version ${version}, expected ${VERSION}`);
  const content = buf.subarray(MAGIC.length + 4, MAGIC.length + 36);
  const bodyHash = buf.subarray(MAGIC.length + 36, HEADER);
  // Posting arrays are read in place at offsets aligned from the body's start: a misaligned body is copied first.
  const view = buf.subarray(HEADER);
  const body = view.byteOffset % 4 === 0 ? view : Buffer.from(new Uint8Array(view));
  if (!check.bodyVerified && !createHash('sha256').update(body).digest().equals(bodyHash))
    throw new SnapshotError('index snapshot is damaged (checksum mismatch)');

  const byId = new Map<string, Paper>();
  for (const p of papers) byId.set(p.arxivId, p);
  const r = new Reader(body);
  const nextId = r.u32();
  const count = r.u32();
  const avgLengths = FIELDS.map(() => r.f64());
  const liveCount = r.u32();
  if (liveCount !== count || liveCount !== byId.size) throw new SnapshotError(`index snapshot is stale: it holds ${liveCount} papers, not ${byId.size}`);
  const indexed: (Paper | undefined)[] = new Array(nextId);
  for (let i = 0; i < liveCount; i++) {
    const short = r.u32();
    const id = r.text(r.u16());
    const paper = byId.get(id);
    if (!paper) throw new SnapshotError(`index snapshot is stale: it holds ${id}, which is not among the papers`);
    if (short >= nextId || indexed[short]) throw new SnapshotError('index snapshot is damaged (bad short id)');
    indexed[short] = paper;
  }
  if (!check.contentVerified && !(check.content ?? contentHash(indexed)).equals(content))
    throw new SnapshotError('index snapshot is stale: the papers changed since it was written');
  const lengths = FIELDS.map(() => r.float32s(nextId));
  const termCount = r.u32();
  const terms: [string, DecodedPostings[]][] = new Array(termCount);
  for (let t = 0; t < termCount; t++) {
    const term = r.text(r.u16());
    const lists: DecodedPostings[] = new Array(r.u8());
    for (let i = 0; i < lists.length; i++) {
      const field = r.u8();
      const n = r.u32();
      if (field >= FIELDS.length) throw new SnapshotError('index snapshot is damaged (bad field id)');
      lists[i] = r.postings(field, n);
    }
    terms[t] = [term, lists];
  }
  if (!r.done) throw new SnapshotError('index snapshot is damaged (trailing bytes)');
  const ids = new Int32Array(body.buffer, body.byteOffset, body.length >> 2);
  const tfs = new Uint16Array(body.buffer, body.byteOffset, body.length >> 1);
  return { nextId, count, avgLengths, lengths, papers: indexed, terms, ids, tfs };
}
