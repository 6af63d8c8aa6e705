/**
 * The CLI's engine cache in a data folder: the first search writes DATA_DIR/.cache/engine-<key>.bin, the next
 * run answers from it with the same results; a damaged cache, a changed papers.json, changed code or an
 * unwritable cache folder never changes an answer (an unwritable DATA_DIR caches in the user's cache folder), and a bad papers.json is still reported even when a cache exists.
 */
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { cacheDirOf, cacheDirsOf, openPreparedCorpus } from '../../src/cli/prepared-corpus.js';
import { runPaperbot } from '../support/run-paperbot.js';

const SEED = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../data');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'paperbot-cache-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function dataDir(): string {
  const dir = mkdtempSync(path.join(tmp, 'data-'));
  for (const f of ['papers.json', 'lab.json']) copyFileSync(path.join(SEED, f), path.join(dir, f));
  return dir;
}

function cacheFiles(dir: string): string[] {
  return existsSync(cacheDirOf(dir)) ? readdirSync(cacheDirOf(dir)).filter((f) => f.endsWith('.bin')) : [];
}

const OPTIONS = { includeOtherAuthors: false };

/** What a user sees from the engine of one run. */
async function answersOf(dir: string, cacheDirs = [cacheDirOf(dir)]) {
  const source = openPreparedCorpus(path.join(dir, 'papers.json'), cacheDirs, OPTIONS);
  const engine = await source.engine();
  return {
    fromCache: source.fromCache,
    answers: {
      search: engine.search('weak to strong', { limit: 10 }).hits.map((h) => [h.paper.arxivId, h.score, h.matchedTerms]),
      suggest: engine.suggest('weak t').map((s) => s.value),
      completions: engine.suggest('st').map((s) => s.value),
      similar: engine.similar('2502.05075').map((h) => h.paper.arxivId),
      title: source.corpus.get('2502.05075')?.title,
    },
  };
}

/** What a run printed and returned, as plain data (two runs compare equal when they said the same). */
async function paperbot(args: string[], dir: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const { code, stdout, stderr } = await runPaperbot(args, { DATA_DIR: dir, XDG_CACHE_HOME: path.join(tmp, 'user-cache') });
  return { code, stdout, stderr };
}

describe('engine cache of the CLI', () => {
  it('is written by the first run and answers the next one identically', async () => {
    const dir = dataDir();
    const first = await answersOf(dir);
    expect(first.fromCache).toBe(false);
    expect(cacheFiles(dir)).toHaveLength(1);
    const second = await answersOf(dir);
    expect(second.fromCache).toBe(true);
    expect(second.answers).toEqual(first.answers);
    expect(first.answers.search[0]).toBeDefined();
  });

  it('gives the same CLI output from the cache as from a fresh build', async () => {
    const dir = dataDir();
    const args = ['search', 'bandits', '--json'];
    const fresh = await paperbot(args, dir);
    expect(cacheFiles(dir)).toHaveLength(1);
    const cached = await paperbot(args, dir);
    expect(fresh.code).toBe(0);
    expect(cached).toEqual(fresh);
    expect(JSON.parse(cached.stdout).length).toBeGreaterThan(0);
  });

  it('rebuilds a damaged or truncated cache, and the answer is still right', async () => {
    const dir = dataDir();
    const expected = (await answersOf(dir)).answers;
    const [name] = cacheFiles(dir);
    const file = path.join(cacheDirOf(dir), name!);
    const good = readFileSync(file);
    const damaged = Buffer.from(good);
    damaged[damaged.length >> 1]! ^= 0x55;
    for (const bad of [damaged, good.subarray(0, good.length >> 1), Buffer.alloc(0)]) {
      writeFileSync(file, bad);
      const run = await answersOf(dir);
      expect(run.fromCache).toBe(false);
      expect(run.answers).toEqual(expected);
      // Replaced by a good one.
      expect(readFileSync(file).equals(good)).toBe(true);
    }
  });

  it('is not used once papers.json changes, and the old one is dropped', async () => {
    const dir = dataDir();
    await answersOf(dir);
    const [old] = cacheFiles(dir);
    const papersPath = path.join(dir, 'papers.json');
    const file = JSON.parse(readFileSync(papersPath, 'utf8'));
    const paper = file.papers.find((p: { arxivId: string }) => p.arxivId === '2502.05075');
    paper.title = 'Quokka ensembles for weak to strong generalization';
    writeFileSync(papersPath, JSON.stringify(file, null, 2));
    const run = await answersOf(dir);
    expect(run.fromCache).toBe(false);
    expect(run.answers.title).toBe('Quokka ensembles for weak to strong generalization');
    const engine = await openPreparedCorpus(papersPath, [cacheDirOf(dir)], OPTIONS).engine();
    expect(engine.search('quokka').hits.map((h) => h.paper.arxivId)).toEqual(['2502.05075']);
    expect(cacheFiles(dir)).not.toContain(old);
    expect(cacheFiles(dir)).toHaveLength(1);
  });

  it('is not used by other code than the one that prepared it', async () => {
    const dir = dataDir();
    const papersPath = path.join(dir, 'papers.json');
    await openPreparedCorpus(papersPath, [cacheDirOf(dir)], OPTIONS, undefined, 'analyzer v1').engine();
    expect(openPreparedCorpus(papersPath, [cacheDirOf(dir)], OPTIONS, undefined, 'analyzer v1').fromCache).toBe(true);
    expect(openPreparedCorpus(papersPath, [cacheDirOf(dir)], OPTIONS, undefined, 'analyzer v2').fromCache).toBe(false);
  });

  it('still reports an invalid papers.json, whatever the cache holds', async () => {
    const dir = dataDir();
    await answersOf(dir);
    const papersPath = path.join(dir, 'papers.json');
    const file = JSON.parse(readFileSync(papersPath, 'utf8'));
    file.papers[0].published = 'yesterday';
    writeFileSync(papersPath, JSON.stringify(file));
    const run = await paperbot(['search', 'bandits'], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/papers\.json: paper #0 .*published/);
  });

  it('answers when no cache can be written', async () => {
    const dir = dataDir();
    // A file where the cache folder should be: no user (root included) can create the folder.
    writeFileSync(cacheDirOf(dir), 'not a folder');
    const expected = (await answersOf(dataDir())).answers;
    for (let i = 0; i < 2; i++) {
      const run = await answersOf(dir);
      expect(run.fromCache).toBe(false);
      expect(run.answers).toEqual(expected);
    }
  });

  it('falls back to the user cache folder when DATA_DIR cannot be written', async () => {
    const dir = dataDir();
    writeFileSync(cacheDirOf(dir), 'not a folder');
    const cacheDirs = cacheDirsOf(dir, { XDG_CACHE_HOME: path.join(tmp, 'fallback-cache') });
    expect(cacheDirs[1]!.startsWith(path.join(tmp, 'fallback-cache', 'lab-paper-bot'))).toBe(true);
    const first = await answersOf(dir, cacheDirs);
    expect(first.fromCache).toBe(false);
    const second = await answersOf(dir, cacheDirs);
    expect(second.fromCache).toBe(true);
    expect(second.answers).toEqual(first.answers);
    // Another data folder has its own subfolder there.
    expect(cacheDirsOf(dataDir(), { XDG_CACHE_HOME: path.join(tmp, 'fallback-cache') })[1]).not.toBe(cacheDirs[1]);
    const cli = await paperbot(['search', 'bandits'], dir);
    expect(cli.code).toBe(0);
    expect(cli.stderr).toBe('');
    expect(cli.stdout).toMatch(/bandit/i);
  });
});
