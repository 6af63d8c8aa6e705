/**
 * `paperbot` as a real process, run from dist/ (built from the current sources by the global setup): the exit
 * code the shell sees, stdout holding nothing but JSON, and the launcher working from another folder.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'paperbot-proc-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The parent's environment minus what would change the CLI's behaviour. */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of ['DATA_DIR', 'LOG_LEVEL', 'INCLUDE_OTHER_AUTHORS', 'NO_COLOR', 'FORCE_COLOR', 'DB_PATH']) delete env[key];
  return { ...env, ...extra };
}

function run(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(process.execPath, args, { cwd: options.cwd ?? ROOT, env: cleanEnv(options.env) }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

const MAIN = [path.join(ROOT, 'dist', 'cli.js')];

describe('paperbot process', () => {
  it('search --json exits 0 with only JSON on stdout, the weak-to-strong papers first', async () => {
    const { code, stdout, stderr } = await run([...MAIN, 'search', 'weak to strong', '--json']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const results = JSON.parse(stdout);
    expect(
      results
        .slice(0, 2)
        .map((r: { arxivId: string }) => r.arxivId)
        .sort(),
    ).toEqual(['2502.05075', '2509.24005']);
  });

  it("the global launcher works from any folder, with the package's own data", async () => {
    const { code, stdout, stderr } = await run([path.join(ROOT, 'bin', 'paperbot.js'), 'show', 'arXiv:2407.06120v1', '--json'], { cwd: tmp });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ arxivId: '2407.06120', citationKey: 'dong2024sketchy' });
  });

  it('bad input through the launcher: exit 2, one line on stderr, no stack trace', async () => {
    writeFileSync(path.join(tmp, 'papers.json'), JSON.stringify({ papers: [{ arxivId: 'nope', title: 'x', published: '2024-01-01' }] }));
    const { code, stdout, stderr } = await run([path.join(ROOT, 'bin', 'paperbot.js'), 'cite', '2407.06120'], { cwd: tmp, env: { DATA_DIR: tmp } });
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/^paperbot cite: .*papers\.json: paper #0 \(nope\), field "arxivId"/);
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});

/** Packages `node dist/<entry>` loads before running anything: the static imports, followed through the chunks. */
function eagerPackages(entry: string): Set<string> {
  const packages = new Set<string>();
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    // Static imports only: `import ... from "x"`, `export ... from "x"` and bare `import "x"`, each starting a
    // statement (dist/ is minified: several to a line); dynamic import() stays lazy.
    for (const m of readFileSync(file, 'utf8').matchAll(/(?:^|[;\n])\s*(?:import|export)\s*(?:[^;"'`()]*?from\s*)?"([^"]+)"/g)) {
      const spec = m[1]!;
      if (spec.startsWith('.')) visit(path.resolve(path.dirname(file), spec));
      else if (!spec.startsWith('node:')) packages.add(spec);
    }
  };
  visit(path.join(ROOT, 'dist', entry));
  return packages;
}

describe('paperbot start-up', () => {
  it('loads no Discord, SQLite, arXiv, scheduler or logging package before a command asks for it', () => {
    const cli = eagerPackages('cli.js');
    for (const heavy of ['discord.js', 'better-sqlite3', 'fast-xml-parser', 'croner', 'pino', 'minisearch']) expect(cli).not.toContain(heavy);
    // The bot's entry checks the configuration before it loads discord.js (a missing .env is told at once);
    // the walk itself works: that entry does load the logger up front.
    const bot = eagerPackages('main.js');
    expect(bot).toContain('pino');
    expect(bot).not.toContain('discord.js');
  });
});
