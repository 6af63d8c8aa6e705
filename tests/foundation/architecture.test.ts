/**
 * The module graph of src/ as a maintainer relies on it: no import cycles (type imports included), data
 * flowing one way, and only the app builder wiring the parts together.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve('src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return name.endsWith('.ts') ? [full] : [];
  });
}

/** Every relative import and re-export of a file, static and dynamic, resolved to a .ts path in src/. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2]!);
  return specs
    .filter((s) => s.startsWith('.'))
    .map((s) => path.resolve(path.dirname(file), s).replace(/\.js$/, '.ts'))
    .filter((p) => p.startsWith(SRC + path.sep));
}

const graph = new Map(sourceFiles(SRC).map((f) => [f, importsOf(f)]));
const rel = (f: string) => path.relative(SRC, f);

describe('the module graph of src/', () => {
  it('has no import cycle, type imports included', () => {
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const stack: string[] = [];
    const visit = (f: string) => {
      if (state.get(f) === 'done') return;
      if (state.get(f) === 'open') {
        cycles.push([...stack.slice(stack.indexOf(f)), f].map(rel).join(' → '));
        return;
      }
      state.set(f, 'open');
      stack.push(f);
      for (const dep of graph.get(f) ?? []) visit(dep);
      stack.pop();
      state.set(f, 'done');
    };
    for (const f of graph.keys()) visit(f);
    expect(cycles).toEqual([]);
  });

  it('lets handlers and cards know nothing of the Discord client, and the search engine nothing of Discord', () => {
    const offenders: string[] = [];
    for (const [file, deps] of graph) {
      const r = rel(file);
      const uses = (prefix: string) => deps.some((d) => rel(d).startsWith(prefix));
      const client = ['bot/start', 'bot/router', 'bot/channel-poster'].some((m) => deps.some((d) => rel(d).startsWith(m)));
      if ((r.startsWith('handlers/') || r.startsWith('cards/')) && client) offenders.push(`${r} imports the Discord client layer`);
      if (r.startsWith('search/') && (uses('bot/') || uses('cards/') || uses('handlers/'))) offenders.push(`${r} imports a Discord layer`);
      if (!r.startsWith('app/') && r !== 'main.ts' && uses('app/build-app')) offenders.push(`${r} imports the app builder`);
    }
    expect(offenders).toEqual([]);
  });

  it('is wired in one place: only the app builder starts the bot and creates features', () => {
    const wiring = [...graph].filter(([, deps]) => deps.some((d) => rel(d) === 'bot/start.ts' || rel(d) === 'announce/feature.ts')).map(([f]) => rel(f));
    expect(wiring).toEqual(['app/build-app.ts']);
  });

  it('validates with one zod API: only src/validation/zod.ts imports zod itself', () => {
    // Classic zod anywhere puts its ~300 KB back into the chunk every `paperbot` call loads.
    const roots = [SRC, path.resolve('commands')];
    const direct = roots
      .flatMap((dir) => sourceFiles(dir))
      .filter((f) => /from\s+['"]zod(\/[^'"]*)?['"]/.test(readFileSync(f, 'utf8')))
      .map((f) => path.relative(path.resolve('.'), f));
    expect(direct).toEqual(['src/validation/zod.ts']);
  });
});
