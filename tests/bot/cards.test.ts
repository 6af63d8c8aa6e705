import { describe, expect, it } from 'vitest';
import {
  authorsLine,
  citeMessage,
  historyMessage,
  noResultsMessage,
  paperMessage,
  pickAnnouncementMessage,
  randomPaperMessage,
  recentMessage,
  searchResultsMessage,
  similarMessage,
  toChoices,
} from '../../src/cards/cards.js';
import { decodeComponentId } from '../../src/cards/custom-id.js';
import { escapeMarkdown, truncate } from '../../src/cards/markdown.js';
import { toBibtex } from '../../src/corpus/bibtex.js';
import type { ReadingPick } from '../../src/picks/types.js';
import { GUILD, USER, hostilePapers } from './fixtures.js';
import { limitViolations, visibleText } from './limits-check.js';

const [huge, markdown, noAuthors] = hostilePapers as [(typeof hostilePapers)[0], (typeof hostilePapers)[0], (typeof hostilePapers)[0]];
const hits = hostilePapers.map((p) => ({ paper: p, score: 1, matchedTerms: ['sketching'] }));

describe('truncate', () => {
  it('cuts at a word boundary and ends with an ellipsis', () => {
    const out = truncate('alpha beta gamma delta epsilon', 20);
    expect(out.length).toBeLessThanOrEqual(20);
    expect(out).toBe('alpha beta gamma…');
  });
  it('never leaves a dangling escape backslash or half a bold marker', () => {
    const escaped = escapeMarkdown('a'.repeat(18) + '*b*');
    const out = truncate(escaped, 20);
    expect(out.length).toBeLessThanOrEqual(20);
    expect(out).not.toMatch(/(^|[^\\])\\…$/);
    expect(truncate('**bold words here** and more text that overflows', 12)).not.toMatch(/\*\*[^*]*$/);
  });
});

describe('escaping and mentions', () => {
  it('shows markdown in titles and abstracts literally and breaks every mention', () => {
    const text = visibleText(paperMessage(markdown));
    expect(text).toContain('\\*\\*Bold\\*\\*');
    expect(text).toContain('\\_claims\\_');
    expect(text).toContain('\\`code\\`');
    expect(text).toContain('\\|\\|spoilers\\|\\|');
    expect(text).toContain('\\# Heading');
    expect(text).not.toMatch(/@(everyone|here)/);
    expect(text).not.toMatch(/(^|[^\\])<@/);
    expect(text).not.toMatch(/(^|[^\\])<#/);
    expect(text).toContain('\\[link\\]');
  });

  it('sends allowed_mentions with nothing allowed on every kind of message', () => {
    const pick: ReadingPick = { arxivId: huge.arxivId, title: huge.title, guildId: GUILD, channelId: '1', pickedBy: USER, pickedAt: '2026-01-01T00:00:00Z' };
    const messages = [
      paperMessage(markdown),
      randomPaperMessage(markdown, USER, { text: '@everyone' }),
      pickAnnouncementMessage(markdown, USER),
      searchResultsMessage({ query: { text: '@everyone <@&123>' }, hits, total: 3, page: 1, owner: USER }),
      noResultsMessage({ text: '<@&123>' }, ['sketching']),
      citeMessage(markdown, (p) => toBibtex(p)),
      similarMessage(markdown, hits),
      recentMessage(hostilePapers),
      historyMessage([pick]),
    ];
    for (const m of messages) expect(m.allowed_mentions).toEqual({ parse: [] });
    const query = visibleText(messages[3]!);
    expect(query).not.toMatch(/@everyone/);
    expect(query).toContain('\\<@&123\\>');
  });
});

describe('LaTeX in titles and abstracts', () => {
  it('shows math and text commands as readable text on full cards and in result snippets', () => {
    const paper = {
      ...markdown,
      title: 'Sketchy Moment Matching over $\\mathcal{S}$',
      abstract: 'The variance is reduced over $\\mathcal{S}$ via moment matching; this \\textit{known} rate is $O(\\dim(\\mathcal{S})/n)$.',
    };
    const full = visibleText(paperMessage(paper));
    const page = visibleText(
      searchResultsMessage({
        query: { text: 'moment matching' },
        hits: [{ paper, score: 1, matchedTerms: ['moment', 'matching'] }],
        total: 1,
        page: 1,
        owner: USER,
      }),
    );
    for (const text of [full, page]) {
      expect(text).toContain('over S');
      expect(text).not.toMatch(/\\mathcal|\\textit|\$/);
    }
    expect(full).toContain('O(dim(S)/n)');
  });
});

describe('limits with adversarial papers', () => {
  it('keeps a full card of a paper with a huge title, abstract, venue and 60 authors within every limit', () => {
    const m = paperMessage(huge);
    expect(limitViolations(m)).toEqual([]);
    const embed = m.embeds![0]!;
    expect(embed.title!.endsWith('…')).toBe(true);
    expect(embed.description!.endsWith('…')).toBe(true);
    const authors = embed.fields!.find((f) => f.name === 'Authors')!.value;
    expect(authors).toMatch(/and \d+ more$/);
    expect(authors.length).toBeLessThanOrEqual(1024);
    expect(embed.url).toBe('https://arxiv.org/abs/2401.00001');
  });

  it('keeps a page of five huge result cards and the select menu within every limit', () => {
    const five = [huge, huge, huge, huge, huge].map((p, i) => ({ paper: { ...p, arxivId: `2401.0000${i + 3}` }, score: 1, matchedTerms: ['sketching'] }));
    const m = searchResultsMessage({ query: { text: 'sketching '.repeat(100) }, hits: five, total: 50, page: 3, owner: USER });
    expect(limitViolations(m)).toEqual([]);
    expect(m.embeds).toHaveLength(5);
    expect(m.embeds![4]!.footer!.text).toMatch(/^Page 3 of 10/);
  });

  it('writes "Authors unknown" for a paper without authors everywhere it lists authors', () => {
    expect(authorsLine([], 100)).toBe('Authors unknown');
    expect(visibleText(paperMessage(noAuthors))).toContain('Authors unknown');
    expect(visibleText(searchResultsMessage({ query: { text: 'theory' }, hits: [hits[2]!], total: 1, page: 1, owner: USER }))).toContain('Authors unknown');
  });

  it('keeps BibTeX for 60 authors in one message, shortened with "and others", in a closed code block', () => {
    const m = citeMessage(huge, (p) => toBibtex(p));
    expect(limitViolations(m)).toEqual([]);
    expect(m.content).toMatch(/^BibTeX for[\s\S]*```bibtex\n@misc\{[\s\S]*and others[\s\S]*\n```$/);
  });

  it('lists a long reading-group history without breaking a line or a limit', () => {
    const picks: ReadingPick[] = Array.from({ length: 200 }, (_, i) => ({
      arxivId: huge.arxivId,
      title: huge.title,
      guildId: GUILD,
      channelId: '1',
      pickedBy: USER,
      pickedAt: `2026-01-01T00:00:${String(i % 60).padStart(2, '0')}Z`,
    }));
    const m = historyMessage(picks);
    expect(limitViolations(m)).toEqual([]);
    expect(m.embeds![0]!.description).toMatch(/…and \d+ earlier picks$/);
  });

  it('limits autocomplete to 25 choices with names and values of at most 100 characters', () => {
    const many = Array.from({ length: 40 }, (_, i) => ({ name: `${'n'.repeat(150)}${i}`, value: `v${i}`, kind: 'query' as const }));
    const choices = toChoices([{ name: 'too long', value: 'x'.repeat(101), kind: 'query' }, ...many]);
    expect(choices).toHaveLength(25);
    for (const c of choices) {
      expect(c.name.length).toBeLessThanOrEqual(100);
      expect(c.value.length).toBeLessThanOrEqual(100);
    }
    expect(choices.some((c) => c.value.length > 100)).toBe(false);
  });
});

describe('state in components', () => {
  it('puts a query that does not fit a custom_id in the footer and recovers it exactly', () => {
    const text = 'sketching: a very long query with "quotes", colons: and ;semicolons= '.repeat(10).trim();
    const q = { text, author: 'Lei; Qi', fromYear: 2019, toYear: 2024, category: 'cs.LG' };
    const m = searchResultsMessage({ query: q, hits: hits.slice(0, 2), total: 12, page: 2, owner: USER });
    expect(limitViolations(m)).toEqual([]);
    const footer = m.embeds!.at(-1)!.footer!.text;
    const next = m.components![0]!.components[2]!;
    expect('custom_id' in next && next.custom_id.length).toBeLessThanOrEqual(100);
    const decoded = decodeComponentId('custom_id' in next ? next.custom_id : '', footer);
    expect(decoded).toEqual({ kind: 'page', page: 3, owner: USER, query: q });
  });

  it('keeps a short query in the custom_id itself, with no extra footer line', () => {
    const q = { text: 'sketching', fromYear: 2020 };
    const m = searchResultsMessage({ query: q, hits: hits.slice(0, 2), total: 12, page: 1, owner: USER });
    const next = m.components![0]!.components[2]!;
    expect(m.embeds!.at(-1)!.footer!.text).not.toContain('Query:');
    expect(decodeComponentId('custom_id' in next ? next.custom_id : '')).toEqual({ kind: 'page', page: 2, owner: USER, query: q });
  });

  it('offers Reroll, Similar, Cite, Pick and Save on a random card, and Similar, Cite and Save with links on a full card', () => {
    const random = randomPaperMessage(markdown, USER, { text: 'bandits' });
    const labels = random.components!.flatMap((r) => r.components.map((c) => ('label' in c ? c.label : '')));
    expect(labels).toEqual(['Reroll', 'Similar', 'Cite', 'Pick for reading group', 'Abstract', 'PDF', 'Save']);
    const show = paperMessage(markdown);
    const buttons = show.components![0]!.components;
    expect(buttons.map((c) => ('label' in c ? c.label : ''))).toEqual(['Abstract', 'PDF', 'Similar', 'Cite', 'Save']);
    expect(buttons.map((c) => ('custom_id' in c ? c.custom_id : undefined))[4]).toBe('v1:rls:2401.00002');
    expect(buttons.map((c) => ('url' in c ? c.url : undefined)).slice(0, 2)).toEqual(['https://arxiv.org/abs/2401.00002', 'https://arxiv.org/pdf/2401.00002']);
  });
});
