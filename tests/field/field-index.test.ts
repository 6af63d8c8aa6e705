/**
 * The field index over `field_papers` in a real SQLite file and a real DATA_DIR: built from the table and
 * persisted; a restart loads the snapshot and answers as before; a stale, corrupt, truncated or other-code
 * snapshot is rebuilt and never answers with what it held; papers the table gained after the snapshot
 * are searchable; papers past the retention window are pruned; a rebuild yields to the event loop.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Paper } from '../../src/corpus/schema.js';
import { paperSchema } from '../../src/corpus/schema.js';
import { encodeFieldSnapshot, FIELD_SNAPSHOT_FILE, FieldIndex, type FieldIndexOptions } from '../../src/field/field-index.js';
import { createLogger } from '../../src/logger.js';
import { Store } from '../../src/store/store.js';
import { Corpus, loadCorpus } from '../../src/corpus/corpus.js';
import { encodePreparedCorpus, preparedCorpusKey } from '../../src/search/engine-cache.js';
import { createSearchEngine, snapshotSearchEngine, snapshotSearchEngineGradually } from '../../src/search/engine.js';

const NOW = new Date('2026-12-03T12:00:00Z');
const TODAY = '2026-12-03';
const WORDS = 'kernel bandit sketch pruning diffusion transformer regret privacy federated curriculum'.split(' ');

/** A digest paper: distinct words per paper so a search can name exactly one. */
function fieldPaper(n: number, extra = ''): Paper {
  return paperSchema.parse({
    arxivId: `2612.${String(10000 + n)}`,
    title: `Field study ${n} on ${WORDS[n % WORDS.length]} methods${extra ? ` ${extra}` : ''}`,
    authors: [`Author ${n}`, 'Common Coauthor'],
    published: TODAY,
    categories: ['cs.LG'],
    primaryCategory: 'cs.LG',
    abstract: `We study ${WORDS[n % WORDS.length]} and ${WORDS[(n + 3) % WORDS.length]} with marker${n}x in a new setting.`,
    attribution: 'lab',
    source: 'arxiv',
  });
}

let dir: string;
let store: Store;
let logLines: string[];

function insert(papers: Paper[], listedOn = TODAY): void {
  const stmt = store.db.prepare(
    `INSERT INTO field_papers (arxiv_id, json, listed_on, announce_type, first_seen) VALUES (?, ?, ?, 'new', ?)
     ON CONFLICT (arxiv_id) DO UPDATE SET json = excluded.json`,
  );
  store.db.transaction(() => {
    for (const p of papers) stmt.run(p.arxivId, JSON.stringify(p), listedOn, listedOn);
  })();
}

function index(options: Partial<FieldIndexOptions> = {}): FieldIndex {
  const logger = createLogger({ level: 'debug', destination: { write: (s: string) => void logLines.push(s) } });
  return new FieldIndex({ store, dataDir: dir, retentionDays: 365, logger, codeStamp: 'test', now: () => NOW, snapshotDelayMs: 1, ...options });
}

/** Opens an index, waits for it, writes its snapshot and closes it: one bot run. */
async function run(options: Partial<FieldIndexOptions> = {}): Promise<FieldIndex> {
  const f = index(options);
  await f.open();
  await f.flush();
  return f;
}

const ids = (f: FieldIndex, q: string) =>
  f
    .engine()!
    .search(q, { limit: 50 })
    .hits.map((h) => h.paper.arxivId);
/** The best hit for a query (the marker words are typo-close to each other, so others may follow it). */
const top = (f: FieldIndex, q: string) => ids(f, q)[0];

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'paperbot-field-'));
  store = Store.open(path.join(dir, 'state.db'));
  logLines = [];
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('field index', () => {
  it('is built from field_papers, persisted, and loaded from the snapshot after a restart with the same answers', async () => {
    insert(Array.from({ length: 30 }, (_, i) => fieldPaper(i)));
    const first = await run();
    expect(first.status()).toMatchObject({ state: 'ready', papers: 30, source: { kind: 'rebuilt' } });
    const before = { one: ids(first, 'marker7x'), many: first.engine()!.search('bandit methods', { limit: 10 }) };
    expect(before.one[0]).toBe('2612.10007');
    await first.close();

    const second = index();
    await second.open();
    expect(second.status()).toMatchObject({ state: 'ready', papers: 30, source: { kind: 'snapshot', caughtUp: 0, checked: 'stamp' } });
    expect(ids(second, 'marker7x')).toEqual(before.one);
    expect(second.engine()!.search('bandit methods', { limit: 10 })).toEqual(before.many);
    // Loaded without the abstracts, which come from the table when asked for: the same paper, copies included.
    const loaded = second.engine()!.get('2612.10008')!;
    expect(loaded.abstract).toBe(fieldPaper(8).abstract);
    expect({ ...second.engine()!.get('2612.10009')! }).toEqual(fieldPaper(9));
    expect(JSON.parse(JSON.stringify(second.engine()!.get('2612.10010')))).toEqual(fieldPaper(10));
    await second.close();
  });

  it('rebuilds a stale snapshot (a paper changed since) and never answers with the old text', async () => {
    insert(Array.from({ length: 12 }, (_, i) => fieldPaper(i)));
    await (await run()).close();
    insert([{ ...fieldPaper(3), title: 'Renamed wombat paper', abstract: 'Nothing about the old words.' }]);
    const f = await run();
    expect(f.status().source).toMatchObject({ kind: 'rebuilt', reason: expect.stringMatching(/stale/) });
    expect(top(f, 'wombat')).toBe('2612.10003');
    expect(ids(f, 'marker3x')).not.toContain('2612.10003');
    expect(logLines.join('')).toMatch(/field index snapshot not used; rebuilding/);
    await f.close();
  });

  it('rebuilds a corrupt snapshot, a truncated one and one written by other code', async () => {
    insert(Array.from({ length: 12 }, (_, i) => fieldPaper(i)));
    await (await run()).close();
    const file = path.join(dir, FIELD_SNAPSHOT_FILE);
    const good = readFileSync(file);

    const flipped = Buffer.from(good);
    flipped[flipped.length - 5]! ^= 0xff;
    writeFileSync(file, flipped);
    let f = await run();
    expect(f.status().source).toMatchObject({ kind: 'rebuilt', reason: expect.stringMatching(/damaged/) });
    expect(top(f, 'marker5x')).toBe('2612.10005');
    await f.close();

    writeFileSync(file, good.subarray(0, good.length >> 1));
    f = await run();
    expect(f.status().source).toMatchObject({ kind: 'rebuilt' });
    expect(f.status().papers).toBe(12);
    await f.close();

    f = await run({ codeStamp: 'other code' });
    expect(f.status().source).toMatchObject({ kind: 'rebuilt', reason: expect.stringMatching(/another papers file/) });
    await f.close();
  });

  it('rebuilds when the snapshot holds a paper field_papers no longer has', async () => {
    insert(Array.from({ length: 8 }, (_, i) => fieldPaper(i)));
    await (await run()).close();
    store.db.prepare(`DELETE FROM field_papers WHERE arxiv_id = ?`).run('2612.10002');
    const f = await run();
    expect(f.status().source).toMatchObject({ kind: 'rebuilt', reason: expect.stringMatching(/no longer has/) });
    expect(ids(f, 'marker2x')).not.toContain('2612.10002');
    expect(f.status().papers).toBe(7);
    await f.close();
  });

  it('adds papers the table gained after the snapshot, and takes papers added through addPapers at once', async () => {
    insert(Array.from({ length: 8 }, (_, i) => fieldPaper(i)));
    await (await run()).close();
    insert([fieldPaper(40)]);
    const f = index();
    await f.open();
    // The table moved on since the snapshot: its rows are checked one by one, and the new paper is added.
    expect(f.status().source).toEqual({ kind: 'snapshot', caughtUp: 1, checked: 'rows' });
    expect(top(f, 'marker40x')).toBe('2612.10040');

    insert([fieldPaper(41)]);
    f.addPapers([fieldPaper(41)]);
    expect(top(f, 'marker41x')).toBe('2612.10041');
    await f.close();

    const again = index();
    await again.open();
    expect(again.status()).toMatchObject({ papers: 10, source: { kind: 'snapshot', caughtUp: 0, checked: 'stamp' } });
    expect(top(again, 'marker41x')).toBe('2612.10041');
    await again.close();
  });

  it('prunes papers listed before the retention window, from the table and from a loaded index', async () => {
    insert([fieldPaper(1), fieldPaper(2)]);
    insert([fieldPaper(3)], '2026-11-20');
    const kept = await run({ retentionDays: 30 });
    expect(kept.status().papers).toBe(3);
    expect(
      kept
        .engine()!
        .suggest('marker3')
        .map((s) => s.value),
    ).toContain('marker3x');
    await kept.close();

    const f = index({ retentionDays: 10 });
    await f.open();
    // Loaded with its abstracts left in the table: the pruned paper's abstract words leave with it all the same.
    expect(f.status().source).toMatchObject({ kind: 'snapshot', checked: 'stamp' });
    expect(ids(f, 'marker3x')).not.toContain('2612.10003');
    expect(
      f
        .engine()!
        .suggest('marker3')
        .map((s) => s.value),
    ).not.toContain('marker3x');
    expect(top(f, 'marker1x')).toBe('2612.10001');
    expect(store.db.prepare(`SELECT arxiv_id FROM field_papers ORDER BY arxiv_id`).pluck().all()).toEqual(['2612.10001', '2612.10002']);
    await f.close();
  });

  it('lets other work run while it rebuilds, and says how far it is', async () => {
    insert(Array.from({ length: 120 }, (_, i) => fieldPaper(i)));
    const f = index({ chunk: 10 });
    const seen: string[] = [];
    const ready = f.open();
    // Scheduled after open() returned: it can only run if the build yields.
    await new Promise((resolve) => setImmediate(resolve));
    const during = f.status();
    seen.push(during.state);
    expect(f.engine()).toBeUndefined();
    await ready;
    seen.push(f.status().state);
    expect(seen).toEqual(['building', 'ready']);
    expect(top(f, 'marker99x')).toBe('2612.10099');
    await f.close();
  });

  it('leaves a row that is not a paper out, with a log line, and indexes the rest', async () => {
    insert([fieldPaper(1), fieldPaper(2)]);
    store.db
      .prepare(`INSERT INTO field_papers (arxiv_id, json, listed_on, announce_type, first_seen) VALUES ('2612.99999', '{"title": 5}', ?, 'new', ?)`)
      .run(TODAY, TODAY);
    const f = await run();
    expect(f.status().papers).toBe(2);
    expect(logLines.join('')).toMatch(/2612\.99999.*not a valid paper/);
    await f.close();
  });

  it('writes, step by step, exactly the snapshot a one-go encoding writes', async () => {
    const engine = createSearchEngine(loadCorpus(path.resolve('data/papers.json')));
    let pauses = 0;
    const gradual = await snapshotSearchEngineGradually(engine, async () => void pauses++);
    expect(gradual.index.equals(snapshotSearchEngine(engine).index)).toBe(true);
    expect(gradual.acronyms).toEqual(snapshotSearchEngine(engine).acronyms);
  });

  it('rebuilds a snapshot whose checksums are sound but whose content hash is not that of the stored rows', async () => {
    const papers = Array.from({ length: 12 }, (_, i) => fieldPaper(i));
    insert(papers);
    // An index of exactly these papers, written with the indexed-text hash instead of the rows' hash: intact, but unproven.
    const engine = createSearchEngine(new Corpus(papers, { includeOtherAuthors: true }));
    const snapshot = await snapshotSearchEngineGradually(engine, async () => undefined);
    const key = preparedCorpusKey(Buffer.from('field index of field_papers'), { includeOtherAuthors: true }, 'test');
    // Without a table stamp, so only the rows' hash can vouch for it.
    writeFileSync(path.join(dir, FIELD_SNAPSHOT_FILE), encodeFieldSnapshot(undefined, encodePreparedCorpus(key, { papers: [], engine: snapshot })));
    const f = await run();
    expect(f.status().source).toMatchObject({ kind: 'rebuilt', reason: expect.stringMatching(/stale/) });
    expect(top(f, 'marker4x')).toBe('2612.10004');
    await f.close();
  });

  it('rebuilds when a row the snapshot holds is no longer a valid paper, and leaves that row out', async () => {
    insert(Array.from({ length: 6 }, (_, i) => fieldPaper(i)));
    await (await run()).close();
    // Still JSON with the fields the start-up path glances at, but not a paper (the schema wants a string abstract).
    const broken = { ...fieldPaper(2), abstract: 42 };
    store.db.prepare(`UPDATE field_papers SET json = ? WHERE arxiv_id = ?`).run(JSON.stringify(broken), '2612.10002');
    const f = await run();
    expect(f.status()).toMatchObject({ papers: 5, source: { kind: 'rebuilt', reason: expect.stringMatching(/stale/) } });
    expect(ids(f, 'marker2x')).not.toContain('2612.10002');
    expect(logLines.join('')).toMatch(/2612\.10002.*not a valid paper/);
    await f.close();
  });

  it('indexes a paper listed again as its row now reads, so the next start loads the snapshot instead of rebuilding', async () => {
    insert([{ ...fieldPaper(1), venue: 'ICML' }, fieldPaper(2)]);
    const f = await run();
    // Listed again without a venue and retitled: the digest rewrites the row, then hands the paper over.
    const relisted = { ...fieldPaper(1), title: 'Retitled platypus study' };
    insert([relisted]);
    f.addPapers([relisted]);
    expect(top(f, 'platypus')).toBe('2612.10001');
    expect(f.engine()!.get('2612.10001')!.venue).not.toBe('ICML');
    await f.close();
    const again = await run();
    expect(again.status().source).toEqual({ kind: 'snapshot', caughtUp: 0, checked: 'stamp' });
    expect(top(again, 'platypus')).toBe('2612.10001');
    await again.close();
  });

  it('trusts the table stamp only for the database and the row count it was taken at, and checks the rows otherwise', async () => {
    insert(Array.from({ length: 6 }, (_, i) => fieldPaper(i)));
    await (await run()).close();
    // The same rows in another database (a copy of another lineage): the stamp says nothing, the rows' hash still fits.
    store.db.prepare(`UPDATE field_papers_stamp SET origin = 'another database'`).run();
    let f = await run();
    expect(f.status().source).toEqual({ kind: 'snapshot', caughtUp: 0, checked: 'rows' });
    await f.close();
    // A row rewritten with the same text while the bot was down still moves the stamp: checked again, and still fine.
    const row = store.db.prepare(`SELECT json FROM field_papers WHERE arxiv_id = ?`).pluck().get('2612.10001') as string;
    store.db.prepare(`UPDATE field_papers SET json = ? WHERE arxiv_id = ?`).run(row, '2612.10001');
    f = await run();
    expect(f.status().source).toEqual({ kind: 'snapshot', caughtUp: 0, checked: 'rows' });
    await f.close();
    // After that run's snapshot, nothing changed: the stamp vouches again.
    f = await run();
    expect(f.status().source).toEqual({ kind: 'snapshot', caughtUp: 0, checked: 'stamp' });
    expect(top(f, 'marker4x')).toBe('2612.10004');
    await f.close();
  });

  it('still rebuilds when the stamp matches but a paper went missing behind its back (its trigger dropped)', async () => {
    insert(Array.from({ length: 6 }, (_, i) => fieldPaper(i)));
    await (await run()).close();
    store.db.exec(`DROP TRIGGER field_papers_stamp_delete`);
    store.db.prepare(`DELETE FROM field_papers WHERE arxiv_id = ?`).run('2612.10003');
    const f = await run();
    expect(f.status().source).toMatchObject({ kind: 'rebuilt', reason: expect.stringMatching(/stale/) });
    expect(f.status().papers).toBe(5);
    expect(ids(f, 'marker3x')).not.toContain('2612.10003');
    await f.close();
  });

  it('keeps answering when its snapshot cannot be written, leaves no temp file, and rebuilds at the next start', async () => {
    insert(Array.from({ length: 4 }, (_, i) => fieldPaper(i)));
    // A folder where the snapshot goes: the rename onto it fails.
    mkdirSync(path.join(dir, FIELD_SNAPSHOT_FILE, 'in-the-way'), { recursive: true });
    const f = await run();
    expect(top(f, 'marker2x')).toBe('2612.10002');
    expect(logLines.join('')).toMatch(/could not write the field index snapshot/);
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    await f.close();
    const again = await run();
    expect(again.status().source).toMatchObject({ kind: 'rebuilt', reason: expect.stringMatching(/unreadable/) });
    expect(top(again, 'marker3x')).toBe('2612.10003');
    await again.close();
  });

  it('counts every insert, update and delete of field_papers in the stamp', () => {
    const changes = () => store.db.prepare(`SELECT changes FROM field_papers_stamp`).pluck().get() as number;
    const start = changes();
    insert([fieldPaper(1), fieldPaper(2)]);
    expect(changes()).toBe(start + 2);
    insert([{ ...fieldPaper(1), title: 'Another title' }]);
    expect(changes()).toBe(start + 3);
    store.db.prepare(`DELETE FROM field_papers`).run();
    expect(changes()).toBe(start + 5);
  });
});
