/** Snippets for cards: the best window, cut at words, matched words marked, within the length given. */
import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/corpus.js';
import { createSearchEngine } from '../../src/search/engine.js';
import { highlight } from '../../src/search/snippet.js';

const bold = (w: string) => `**${w}**`;

describe('highlight', () => {
  it('marks every matched word, case- and accent-insensitively', () => {
    expect(highlight('Pruning helps. PRUNING again; Gürsoy too.', ['pruning', 'gursoy'], { maxLength: 200, mark: bold })).toBe(
      '**Pruning** helps. **PRUNING** again; **Gürsoy** too.',
    );
  });

  it('marks a hyphenated word whole when it matches whole, and its parts otherwise', () => {
    expect(highlight('Weak-to-Strong generalization', ['weak-to-strong'], { maxLength: 100, mark: bold })).toBe('**Weak-to-Strong** generalization');
    expect(highlight('self-supervised learning', ['supervised'], { maxLength: 100, mark: bold })).toBe('self-**supervised** learning');
  });

  it('picks the window with the most matches and cuts at word boundaries with an ellipsis', () => {
    const text = `${'filler words here '.repeat(20)}the pruning of pruning masks by pruning${' and more filler'.repeat(20)}`;
    const out = highlight(text, ['pruning'], { maxLength: 80, mark: bold });
    expect(out.length).toBeLessThanOrEqual(80);
    expect(out.startsWith('…')).toBe(true);
    expect(out.endsWith('…')).toBe(true);
    expect(out.match(/\*\*pruning\*\*/g)).toHaveLength(3);
    // no word is cut in half
    const inner = out.slice(1, -1).replace(/\*\*/g, '');
    for (const w of inner.trim().split(/\s+/)) expect(text.split(/\s+/)).toContain(w);
  });

  it('escapes plain text and words before marking, and still fits', () => {
    const escape = (s: string) => s.replace(/([*_`~|\\])/g, '\\$1');
    const out = highlight('a *star* and CoTs_x and CoT', ['cot'], { maxLength: 100, mark: bold, escape });
    expect(out).toBe('a \\*star\\* and CoTs\\_x and **CoT**');
    const long = highlight('x_y '.repeat(200) + 'CoT', ['cot'], { maxLength: 50, mark: bold, escape });
    expect(long.length).toBeLessThanOrEqual(50);
    expect(long).toContain('**CoT**');
  });

  it('returns the start of the text when nothing matches, and copes with tiny limits', () => {
    const out = highlight('one two three four five six seven', ['zzz'], { maxLength: 15, mark: bold });
    expect(out.length).toBeLessThanOrEqual(15);
    expect(out.startsWith('one two')).toBe(true);
    expect(highlight('anything', ['x'], { maxLength: 0, mark: bold })).toBe('');
    expect(highlight('', ['x'], { maxLength: 10, mark: bold })).toBe('');
  });

  it('bolds the words a search hit matched', () => {
    const engine = createSearchEngine(loadCorpus('data/papers.json'));
    const hit = engine.search('LLM pruning').hits[0]!;
    const out = highlight(hit.paper.abstract, hit.matchedTerms, { maxLength: 300, mark: bold });
    expect(out).toMatch(/\*\*pruning\*\*/);
    expect(out).toMatch(/\*\*LLMs\*\*/);
  });
});
