/**
 * The author line of a card: the same line as before for ordinary papers, and for a collaboration paper
 * with thousands of authors a line within the limit that names as many as fit and counts the rest.
 */
import { describe, expect, it } from 'vitest';
import { authorsLine, fullPaperEmbed } from '../../src/cards/cards.js';
import { escapeMarkdown, oneLine, truncate } from '../../src/cards/markdown.js';
import { mulberry32 } from '../support/seeded-random.js';
import { paper } from './fixtures.js';

/** The straightforward definition: the longest prefix of names that fits with its "and k more". */
function reference(authors: readonly string[], max: number): string {
  if (authors.length === 0) return 'Authors unknown';
  const names = authors.map((a) => escapeMarkdown(oneLine(a)));
  const all = names.join(', ');
  if (all.length <= max) return all;
  for (let shown = names.length - 1; shown >= 1; shown--) {
    const line = `${names.slice(0, shown).join(', ')} and ${names.length - shown} more`;
    if (line.length <= max) return line;
  }
  return truncate(`${names[0]} and ${names.length - 1} more`, max);
}

describe('authorsLine', () => {
  it('gives the same line as the straightforward definition for short and long lists', () => {
    const rand = mulberry32(7);
    const pool = ['Qi Lei', 'Jason D. Lee', 'A_B *Star*', 'Zhao  Song', 'X', 'Müller-Lüdenscheidt, Hans', '@everyone', 'Yu'];
    for (let round = 0; round < 400; round++) {
      const n = Math.floor(rand() * 40);
      const authors = Array.from({ length: n }, () => pool[Math.floor(rand() * pool.length)]! + (rand() < 0.3 ? ` ${Math.floor(rand() * 1000)}` : ''));
      const max = [5, 20, 60, 120, 300, 1024][Math.floor(rand() * 6)]!;
      expect(authorsLine(authors, max), `${n} authors, max ${max}`).toBe(reference(authors, max));
    }
  });

  it('names as many of 6,000 authors as fit and counts the rest', () => {
    const authors = Array.from({ length: 6000 }, (_, i) => `Author${i} Surname`);
    const line = authorsLine(authors, 300);
    expect(line.length).toBeLessThanOrEqual(300);
    const m = /^Author0 Surname, Author1 Surname, .* and (\d+) more$/.exec(line);
    expect(m).not.toBeNull();
    const shown = line.split(' and ')[0]!.split(', ').length;
    expect(shown + Number(m![1])).toBe(6000);
    // One more name would not have fit.
    expect(`${authors.slice(0, shown + 1).join(', ')} and ${6000 - shown - 1} more`.length).toBeGreaterThan(300);
  });

  it('fits the full card of a 6,000-author paper in the field limit', () => {
    const e = fullPaperEmbed(paper({ arxivId: '2403.00001', authors: Array.from({ length: 6000 }, (_, i) => `Collaborator Number${i}`) }));
    expect(e.fields![0]!.value.length).toBeLessThanOrEqual(1024);
    expect(e.fields![0]!.value).toMatch(/^Collaborator Number0, .* and 59\d\d more$/);
  });
});
