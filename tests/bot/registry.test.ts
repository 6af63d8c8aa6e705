import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CommandDefinitionError, commandPaths, loadCommandModules, validateCommandModule } from '../../src/bot/command-module.js';
import { ACTIONS } from '../../src/cards/custom-id.js';
import { commandHandlers, componentHandlers } from '../../src/handlers/registry.js';

describe('command definitions and handlers', () => {
  it('has a handler for every command path in commands/, and a definition for every handler', async () => {
    const modules = await loadCommandModules();
    expect(modules.map((m) => m.definition.name)).toContain('paper');
    const defined = modules.flatMap((m) => commandPaths(m.definition).map((p) => p.key)).sort();
    expect(Object.keys(commandHandlers).sort()).toEqual(defined);
  });

  it('has an autocomplete handler exactly where a definition asks for autocomplete', async () => {
    const modules = await loadCommandModules();
    for (const p of modules.flatMap((m) => commandPaths(m.definition))) {
      const handler = commandHandlers[p.key];
      expect({ path: p.key, autocomplete: Boolean(handler?.autocomplete) }).toEqual({ path: p.key, autocomplete: p.autocomplete.length > 0 });
    }
  });

  it('registers /paper with its fourteen subcommands', async () => {
    const paper = (await loadCommandModules()).find((m) => m.definition.name === 'paper')!;
    expect(commandPaths(paper.definition).map((p) => p.key)).toEqual([
      'paper search',
      'paper random',
      'paper show',
      'paper recent',
      'paper cite',
      'paper history',
      'paper reading-list',
      'paper stats',
      'paper help',
      'paper poll',
      'paper poll-end',
      'paper schedule',
      'paper sessions',
      'paper unpick',
    ]);
  });

  it('routes every component action of /paper messages to a handler', () => {
    for (const tag of Object.values(ACTIONS)) expect(componentHandlers[tag], tag).toBeDefined();
  });
});

describe('command module validation', () => {
  const base = { name: 'demo', description: 'A demo' };
  it('rejects names Discord would refuse, over-long descriptions and misordered options', () => {
    expect(() => validateCommandModule({ definition: { ...base, name: 'Has Space' } }, 'x.ts')).toThrow(CommandDefinitionError);
    expect(() => validateCommandModule({ definition: { ...base, description: 'd'.repeat(101) } }, 'x.ts')).toThrow(/description/);
    expect(() =>
      validateCommandModule(
        {
          definition: {
            ...base,
            options: [
              { type: 3, name: 'a', description: 'a' },
              { type: 3, name: 'b', description: 'b', required: true },
            ],
          },
        },
        'x.ts',
      ),
    ).toThrow(/required options must come before/);
    expect(() =>
      validateCommandModule(
        { definition: { ...base, options: [{ type: 3, name: 'a', description: 'a', autocomplete: true, choices: [{ name: 'x', value: 'x' }] }] } },
        'x.ts',
      ),
    ).toThrow(/autocomplete and choices/);
    expect(() => validateCommandModule({}, 'x.ts')).toThrow(/x\.ts: expected `export default \{ definition/);
  });

  it('names the file of a broken module and refuses two modules for one command', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'commands-'));
    try {
      writeFileSync(path.join(dir, 'a.mjs'), `export default { definition: { name: 'dup', description: 'first' } };`);
      writeFileSync(path.join(dir, 'b.mjs'), `export default { definition: { name: 'dup', description: 'second' } };`);
      await expect(loadCommandModules(dir)).rejects.toThrow(/b\.mjs: command \/dup is defined twice/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
