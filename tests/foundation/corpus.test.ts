import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { Corpus, CorpusError, loadCorpus, parsePapersFile } from '../../src/corpus/corpus.js';

const DATA = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../data/papers.json');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'paperbot-corpus-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const paper = (arxivId: string, extra: Record<string, unknown> = {}) => ({
  arxivId,
  title: `Paper ${arxivId}`,
  authors: ['Qi Lei'],
  published: '2024-01-02',
  ...extra,
});

function corpusError(text: string, file = 'papers.json'): string {
  try {
    parsePapersFile(text, file);
  } catch (err) {
    expect(err).toBeInstanceOf(CorpusError);
    return (err as Error).message;
  }
  throw new Error('expected a CorpusError');
}

describe('papers file validation', () => {
  it('reports malformed JSON with the file name', () => {
    expect(corpusError('{"papers": [ {"arxivId": "2502.05075",', 'data/papers.json')).toMatch(/^data\/papers\.json: not valid JSON/);
  });

  it('names the file, the paper (index and id) and the field at fault', () => {
    const text = JSON.stringify({ papers: [paper('2401.00001'), paper('2401.00002', { published: 'last week' })] });
    const message = corpusError(text, 'data/papers.json');
    expect(message).toContain('data/papers.json');
    expect(message).toContain('paper #1 (2401.00002)');
    expect(message).toContain('field "published"');
    expect(message).toContain('YYYY-MM-DD');
  });

  it('names nested fields and papers without an id', () => {
    expect(corpusError(JSON.stringify({ papers: [paper('2401.00001', { authors: ['Qi Lei', 42] })] }))).toContain('field "authors.1"');
    const noId = corpusError(JSON.stringify({ papers: [{ title: 'x', published: '2024-01' }] }));
    expect(noId).toContain('paper #0 (no id)');
    expect(noId).toContain('field "arxivId"');
    expect(corpusError(JSON.stringify({ papers: [paper('2502.05075v2')] }))).toMatch(/arxivId.*without version/);
  });

  it('rejects a repeated id', () => {
    const text = JSON.stringify([paper('2401.00001'), paper('2401.00002'), paper('2401.00001')]);
    expect(corpusError(text)).toBe('papers.json: paper #2 (2401.00001) repeats paper #0');
  });

  it('names a missing file', () => {
    const missing = path.join(tmp, 'nowhere', 'papers.json');
    expect(() => loadCorpus(missing)).toThrow(CorpusError);
    expect(() => loadCorpus(missing)).toThrow(/nowhere\/papers\.json: not found\. .*DATA_DIR/);
  });

  it('loads a hand-written bare array and fills the defaults', () => {
    const file = path.join(tmp, 'bare.json');
    writeFileSync(file, JSON.stringify([paper('2401.00001', { authors: undefined })]));
    const loaded = loadCorpus(file).get('2401.00001');
    expect(loaded).toMatchObject({ authors: [], attribution: 'lab', venue: null, categories: [] });
  });
});

describe('the seed corpus', () => {
  const corpus = loadCorpus(DATA);

  it('holds the 48 papers of the lab profile, one with unknown authors', () => {
    expect(corpus.size).toBe(48);
    expect(corpus.get('1910.07703')?.authors).toEqual([]);
  });

  it("hides the namesakes' papers from visible() unless opted in, but finds them by id", () => {
    const namesakes = corpus
      .all()
      .filter((p) => p.attribution !== 'lab')
      .map((p) => p.arxivId)
      .sort();
    expect(namesakes).toEqual(['2201.09020', '2205.05236', '2505.15513']);
    const visible = corpus.visible().map((p) => p.arxivId);
    expect(visible).toHaveLength(45);
    for (const id of namesakes) {
      expect(visible).not.toContain(id);
      expect(corpus.isVisible(corpus.get(id)!)).toBe(false);
      expect(corpus.get(id)?.arxivId).toBe(id);
    }
    const everyone = loadCorpus(DATA, { includeOtherAuthors: true });
    expect(everyone.visible()).toHaveLength(48);
  });
});

describe('Corpus.upsert', () => {
  it('treats a new version of a known paper as an update, keeping what the seed knew', () => {
    const corpus = new Corpus([parsePapersFile(JSON.stringify([paper('2401.00001', { venue: 'ICML 2024' })]), 'x')[0]!]);
    const { outcome, paper: merged } = corpus.upsert({ ...paper('2401.00001'), version: 2, authors: ['Qi Lei', 'A. Person'] });
    expect(outcome).toBe('updated');
    expect(corpus.size).toBe(1);
    expect(merged).toMatchObject({ version: 2, venue: 'ICML 2024', authors: ['Qi Lei', 'A. Person'] });
    expect(corpus.upsert({ ...paper('2401.00001'), version: 2, authors: ['Qi Lei', 'A. Person'] }).outcome).toBe('unchanged');
    expect(corpus.upsert(paper('2401.00009')).outcome).toBe('added');
  });
});
