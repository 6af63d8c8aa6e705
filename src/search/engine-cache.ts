/**
 * A prepared corpus in one buffer: the validated papers of a papers file and the snapshot of an engine built
 * over them, so a short-lived process (the CLI) can answer without validating the file or indexing a paper.
 * The buffer names the papers file it was prepared from by a key (a hash of the file's bytes, the format
 * version, the options that change what is indexed and a stamp of the code), and its body by a checksum: a buffer of another
 * file, another version or another option, or a damaged one, is rejected as a whole, never half-used.
 *
 * Layout: magic "LPBENG01", u32 format version, 20-byte key, 20-byte SHA-1 of the body, body.
 * Body: u32 JSON length, JSON `{papers, acronyms, surfaces}`, then the inverted index snapshot.
 */
import { createHash } from 'node:crypto';
import type { Paper } from '../corpus/schema.js';
import type { EngineSnapshot } from './engine.js';

const MAGIC = Buffer.from('LPBENG01', 'latin1');
/** Raised whenever the layout or what an engine snapshot holds changes, so older files are rebuilt. */
export const ENGINE_CACHE_VERSION = 1;
const HEADER = MAGIC.length + 4 + 20 + 20;

/** What a prepared corpus holds. */
export interface PreparedCorpus {
  /** Every paper of the file, validated, namesakes' included. */
  papers: Paper[];
  engine: EngineSnapshot;
}

/**
 * The key of a papers file's prepared corpus: its bytes, the cache format, the options that change the
 * engine (which papers are visible), and a stamp of the code that validates and indexes (a changed analyzer
 * or schema must not answer from papers prepared by the old one).
 */
export function preparedCorpusKey(papersFile: Buffer, options: { includeOtherAuthors: boolean }, codeStamp = ''): string {
  return createHash('sha1')
    .update(`lab-paper-bot engine cache v${ENGINE_CACHE_VERSION}; other authors ${options.includeOtherAuthors}; code ${codeStamp}\u0000`)
    .update(papersFile)
    .digest('hex');
}

/** Encodes a prepared corpus under its key ({@link preparedCorpusKey}). */
export function encodePreparedCorpus(key: string, prepared: PreparedCorpus): Buffer {
  const { index, ...rest } = prepared.engine;
  const text = JSON.stringify({ papers: prepared.papers, ...rest });
  // Trailing spaces (still valid JSON) put the index at a 4-byte boundary, so a loader reads its arrays in place, uncopied.
  const pad = (4 - ((HEADER + 4 + Buffer.byteLength(text, 'utf8')) % 4)) % 4;
  const json = Buffer.from(text + ' '.repeat(pad), 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32LE(json.length);
  const body = Buffer.concat([length, json, index]);
  const header = Buffer.alloc(HEADER);
  MAGIC.copy(header, 0);
  header.writeUInt32LE(ENGINE_CACHE_VERSION, MAGIC.length);
  Buffer.from(key, 'hex').copy(header, MAGIC.length + 4);
  createHash('sha1')
    .update(body)
    .digest()
    .copy(header, MAGIC.length + 24);
  return Buffer.concat([header, body]);
}

/**
 * Decodes a prepared corpus, or explains in a few words why it cannot be trusted (another key or version,
 * truncated, damaged). The engine snapshot's index is still checked against the papers when it is restored.
 */
export function decodePreparedCorpus(buf: Buffer, key: string): PreparedCorpus | { rejected: string } {
  if (buf.length < HEADER + 4 || !buf.subarray(0, MAGIC.length).equals(MAGIC)) return { rejected: 'not an engine cache' };
  if (buf.readUInt32LE(MAGIC.length) !== ENGINE_CACHE_VERSION) return { rejected: 'another format version' };
  if (!buf.subarray(MAGIC.length + 4, MAGIC.length + 24).equals(Buffer.from(key, 'hex'))) return { rejected: 'prepared from another papers file' };
  const body = buf.subarray(HEADER);
  if (
    !createHash('sha1')
      .update(body)
      .digest()
      .equals(buf.subarray(MAGIC.length + 24, HEADER))
  )
    return { rejected: 'damaged (checksum mismatch)' };
  const length = body.readUInt32LE(0);
  if (4 + length > body.length) return { rejected: 'truncated' };
  try {
    const { papers, acronyms, surfaces } = JSON.parse(body.toString('utf8', 4, 4 + length)) as Omit<EngineSnapshot, 'index'> & { papers: Paper[] };
    if (!Array.isArray(papers) || !Array.isArray(acronyms) || !Array.isArray(surfaces?.terms) || !Array.isArray(surfaces?.displays)) {
      return { rejected: 'damaged (missing parts)' };
    }
    // A view is enough: restoring the index copies what it keeps.
    return { papers, engine: { acronyms, surfaces, index: body.subarray(4 + length) } };
  } catch {
    return { rejected: 'damaged (unreadable)' };
  }
}
