/** Autocomplete must answer every keystroke within Discord's limits, whatever was typed. */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/corpus.js';
import { createSearchEngine } from '../../src/search/engine.js';
import type { SearchEngine, Suggestion } from '../../src/search/types.js';

let engine: SearchEngine;
beforeAll(() => {
  engine = createSearchEngine(loadCorpus('data/papers.json'));
});

function expectWithinDiscordLimits(list: Suggestion[]): void {
  expect(list.length).toBeLessThanOrEqual(25);
  for (const s of list) {
    expect(s.name.length).toBeGreaterThan(0);
    expect(s.name.length).toBeLessThanOrEqual(100);
    expect(s.value.length).toBeGreaterThan(0);
    expect(s.value.length).toBeLessThanOrEqual(100);
    if (s.kind === 'paper') expect(engine.get(s.value)?.arxivId).toBe(s.value);
  }
  expect(new Set(list.map((s) => `${s.kind}:${s.value}`)).size).toBe(list.length);
}

describe('suggest', () => {
  it('offers the most recent papers for an empty input', () => {
    const list = engine.suggest('');
    expectWithinDiscordLimits(list);
    expect(list).toHaveLength(25);
    expect(list.every((s) => s.kind === 'paper')).toBe(true);
    expect(list[0]!.value).toBe(engine.recent(1)[0]!.arxivId);
  });

  it('completes the word being typed and lists matching titles', () => {
    const list = engine.suggest('weak to str');
    expectWithinDiscordLimits(list);
    expect(list[0]).toEqual({ kind: 'query', name: 'weak to strong', value: 'weak to strong' });
    expect(
      list
        .filter((s) => s.kind === 'paper')
        .map((s) => s.value)
        .sort(),
    ).toEqual(['2502.05075', '2509.24005']);
  });

  it('continues a phrase with a word from the corpus even when no title has it ("deep l")', () => {
    const list = engine.suggest('deep l');
    expectWithinDiscordLimits(list);
    expect(list.filter((s) => s.kind === 'query').map((s) => s.value)).toContain('deep learning');
  });

  it('finds papers by an author name', () => {
    const papers = engine.suggest('kakade').filter((s) => s.kind === 'paper');
    expect(papers.map((s) => s.value).sort()).toEqual(['2002.09434', '2107.02377', '2107.04518', '2107.06466']);
  });

  it('never offers more than 25, and honours a smaller limit and a kind', () => {
    expectWithinDiscordLimits(engine.suggest('a', { limit: 100 }));
    expect(engine.suggest('learning', { limit: 3 })).toHaveLength(3);
    expect(engine.suggest('learning', { limit: 0 })).toEqual([]);
    const papersOnly = engine.suggest('prun', { kinds: ['paper'] });
    expect(papersOnly.length).toBeGreaterThan(0);
    expect(papersOnly.every((s) => s.kind === 'paper')).toBe(true);
  });

  it('keeps long titles and very long inputs within 100 characters', () => {
    expectWithinDiscordLimits(engine.suggest('hyperparameter transfer'));
    const long = 'bridging domain adaptation and graph neural networks '.repeat(30);
    expect(() => engine.suggest(long)).not.toThrow();
    expectWithinDiscordLimits(engine.suggest(long));
    expectWithinDiscordLimits(engine.suggest('x'.repeat(5000)));
  });

  it('copes with special characters and hostile text', () => {
    for (const input of ['@everyone', '<@&123>', '**', '`', '\\', '🙂', '-', 'weak-to-', '()[]{}', '\n\t', '2502.', 'arXiv:']) {
      expect(() => engine.suggest(input), input).not.toThrow();
      expectWithinDiscordLimits(engine.suggest(input));
    }
  });

  it('resolves a pasted id or link to that paper, and completes an id prefix', () => {
    expect(engine.suggest('https://arxiv.org/abs/2502.05075v2')[0]).toMatchObject({ kind: 'paper', value: '2502.05075' });
    expect(engine.suggest('2502.050').map((s) => s.value)).toContain('2502.05075');
  });

  it('applies filters to the papers it offers', () => {
    const papers = engine.suggest('learning', { fromYear: 2025 }).filter((s) => s.kind === 'paper');
    expect(papers.length).toBeGreaterThan(0);
    for (const s of papers) expect(Number(engine.get(s.value)!.published.slice(0, 4))).toBeGreaterThanOrEqual(2025);
  });
});
