import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/corpus.js';
import { classifyPaper, labCategories, loadRoster, matchName, normalizeName, RosterError } from '../../src/roster/index.js';

const corpus = loadCorpus(path.resolve('data/papers.json'));
const roster = loadRoster(path.resolve('data/lab.json'));

function entry(over: Partial<{ arxivId: string; authors: string[]; categories: string[]; primaryCategory: string | null }>) {
  return { arxivId: '2611.00001', authors: ['Qi Lei'], categories: ['cs.LG'], primaryCategory: 'cs.LG', ...over };
}

describe('name matching', () => {
  it('treats "Last, First", accents and case as the same name', () => {
    expect(normalizeName('Lei, Qi')).toBe('qi lei');
    expect(normalizeName('  QI   LÉI ')).toBe('qi lei');
    expect(matchName('Lei, Qi', 'Qi Lei')).toBe('exact');
  });

  it('matches initials only weakly and never a different full first name', () => {
    expect(matchName('Q. Lei', 'Qi Lei')).toBe('initials');
    expect(matchName('Qiang Lei', 'Qi Lei')).toBeNull();
    expect(matchName('Lei Qi', 'Qi Lei')).toBeNull();
  });
});

describe('the default roster', () => {
  it('lists the categories of Qi Lei’s lab papers in the corpus', () => {
    const qi = roster.authors[0]!;
    expect(qi.name).toBe('Qi Lei');
    expect([...qi.categories].sort()).toEqual(labCategories(corpus, qi).sort());
    expect(qi.categories).not.toContain('math.AP');
  });

  it('excludes every namesake paper of the corpus', () => {
    const namesakes = corpus
      .all()
      .filter((p) => p.attribution !== 'lab')
      .map((p) => p.arxivId);
    expect(namesakes.length).toBeGreaterThan(0);
    expect(roster.exclude.map((e) => e.arxivId).sort()).toEqual(namesakes.sort());
  });
});

describe('classifyPaper', () => {
  it('takes a name match in one of the author’s categories as the lab’s', () => {
    const c = classifyPaper(entry({ authors: ['Someone New', 'Lei, Qi'], categories: ['stat.ML'] }), roster, corpus);
    expect(c.verdict).toBe('lab');
    expect(c.reasons.join(' ')).toMatch(/stat\.ML/);
  });

  it('takes a name match in another field as the lab’s when a co-author has lab papers', () => {
    const c = classifyPaper(entry({ authors: ['Qi Lei', 'Jason Lee'], categories: ['q-bio.NC'], primaryCategory: 'q-bio.NC' }), roster, corpus);
    expect(c.verdict).toBe('lab');
    expect(c.reasons.join(' ')).toMatch(/Jason Lee/);
  });

  it('sends a namesake (another field, unknown co-authors) to review', () => {
    const c = classifyPaper(entry({ authors: ['Qi Lei', 'Hongyu Liu'], categories: ['math.AP'], primaryCategory: 'math.AP' }), roster, corpus);
    expect(c.verdict).toBe('review');
    expect(c.reasons.join(' ')).toMatch(/math\.AP/);
  });

  it('does not let a namesake’s co-authors vouch for a paper', () => {
    // Taotao Cai co-wrote 2205.05236, a namesake's paper.
    const c = classifyPaper(entry({ authors: ['Qi Lei', 'Taotao Cai'], categories: ['cs.SI'], primaryCategory: 'cs.SI' }), roster, corpus);
    expect(c.verdict).toBe('review');
  });

  it('sends an initials-only match to review even in the lab’s category', () => {
    expect(classifyPaper(entry({ authors: ['Q. Lei'] }), roster, corpus).verdict).toBe('review');
  });

  it('ignores excluded ids and papers where no author matches', () => {
    expect(classifyPaper(entry({ arxivId: '2505.15513' }), roster, corpus).verdict).toBe('ignore');
    expect(classifyPaper(entry({ authors: ['Qiang Lei', 'Lei Qi'] }), roster, corpus).verdict).toBe('ignore');
    expect(classifyPaper(entry({}), roster, corpus, { extraExcluded: new Set(['2611.00001']) }).verdict).toBe('ignore');
  });

  it('trusts an author-id feed whatever the field', () => {
    const c = classifyPaper(entry({ categories: ['math.AP'], primaryCategory: 'math.AP' }), roster, corpus, {
      origin: { kind: 'author-id', author: 'Qi Lei' },
    });
    expect(c.verdict).toBe('lab');
  });
});

describe('loadRoster', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'roster-'));
  const write = (name: string, body: string) => {
    const file = path.join(dir, name);
    writeFileSync(file, body);
    return file;
  };

  it('names the file, the author and the field of a mistake', () => {
    const file = write('bad.json', JSON.stringify({ authors: [{ name: 'Qi Lei', orcid: '12-34', categories: ['cs.LG'] }] }));
    expect(() => loadRoster(file)).toThrow(RosterError);
    expect(() => loadRoster(file)).toThrow(/bad\.json: author #0 \(Qi Lei\), field "orcid"/);
  });

  it('rejects an exclude entry that is not an arXiv id and reports broken JSON', () => {
    expect(() => loadRoster(write('ex.json', JSON.stringify({ authors: [{ name: 'A B' }], exclude: ['nope'] })))).toThrow(/field "exclude\.0"/);
    expect(() => loadRoster(write('broken.json', '{ "authors": ['))).toThrow(/broken\.json: not valid JSON/);
    expect(() => loadRoster(path.join(dir, 'missing.json'))).toThrow(/missing\.json: not found\. .*git checkout data\/lab\.json/);
  });

  it('accepts exclude entries in any id form', () => {
    const r = loadRoster(write('ok.json', JSON.stringify({ authors: [{ name: 'A B' }], exclude: ['arXiv:2505.15513v2'] })));
    expect(r.exclude[0]!.arxivId).toBe('2505.15513');
  });
});
