import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bibtexTitle, citationKey, citationKeys, escapeBibtex, toBibtex } from '../../src/corpus/bibtex.js';
import { loadCorpus } from '../../src/corpus/corpus.js';
import { paperSchema, type Paper, type PaperInput } from '../../src/corpus/schema.js';

const DATA = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../data/papers.json');
const corpus = loadCorpus(DATA, { includeOtherAuthors: true });
const make = (input: Partial<PaperInput>): Paper =>
  paperSchema.parse({ arxivId: '2401.00001', title: 'A Paper', authors: ['Qi Lei'], published: '2024-01-02', ...input });

/** The fields of one entry as a map, values without their braces. */
function fields(entry: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of entry.matchAll(/^\s+(\w+)\s*=\s*(.+?),?$/gm)) out.set(m[1]!, m[2]!.replace(/^\{(.*)\}$/, '$1'));
  return out;
}

describe('toBibtex', () => {
  it('writes an arXiv @misc entry with every field it knows', () => {
    const entry = toBibtex(corpus.get('2407.06120')!);
    expect(entry.startsWith('@misc{dong2024sketchy,\n')).toBe(true);
    expect(entry.endsWith('\n}')).toBe(true);
    const f = fields(entry);
    expect(f.get('title')).toBe('Sketchy Moment Matching: Toward Fast and Provable Data Selection for Finetuning');
    expect(f.get('author')).toBe('Yijun Dong and Hoang Phan and Xiang Pan and Qi Lei');
    expect(f.get('year')).toBe('2024');
    expect(f.get('month')).toBe('jul');
    expect(f.get('eprint')).toBe('2407.06120');
    expect(f.get('archivePrefix')).toBe('arXiv');
    expect(f.get('primaryClass')).toBe('cs.LG');
    expect(f.get('url')).toBe('https://arxiv.org/abs/2407.06120');
    expect(f.get('note')).toBe('NeurIPS 2024');
  });

  it('copes with unknown authors, an unknown category and no venue', () => {
    const entry = toBibtex(corpus.get('1910.07703')!);
    expect(entry).not.toMatch(/undefined|null|author/);
    expect(entry).not.toContain('primaryClass');
    expect(entry).not.toContain('note');
    expect(entry.startsWith('@misc{arxiv2019communication,')).toBe(true);
    expect(fields(entry).get('month')).toBe('oct');
  });

  it('leaves the month out when only the year is known', () => {
    expect(toBibtex(make({ published: '2024-00' }))).not.toContain('month');
  });

  it('escapes special characters and protects capitals, but leaves math alone', () => {
    const title = 'Fast & Cheap: 100% of $O(n^2)$ SkMM_v2 for #LLMs {really} in CoT';
    const entry = toBibtex(make({ title, authors: ['Ana Müller & Co', 'Bo_Li'] }));
    const f = fields(entry);
    expect(f.get('title')).toBe('Fast \\& Cheap: 100\\% of $O(n^2)$ {SkMM\\_v2} for {\\#LLMs} \\{really\\} in {CoT}');
    expect(f.get('author')).toBe('Ana Müller \\& Co and Bo\\_Li');
    // Braces stay balanced, so BibTeX reads the entry to its end.
    let depth = 0;
    for (const c of entry.replace(/\\[{}]/g, '')) {
      depth += c === '{' ? 1 : c === '}' ? -1 : 0;
      expect(depth).toBeGreaterThanOrEqual(0);
    }
    expect(depth).toBe(0);
    expect(escapeBibtex('a~b^c\\d')).toBe('a\\textasciitilde{}b\\textasciicircum{}c\\textbackslash{}d');
  });

  it('braces acronyms and inner capitals only', () => {
    expect(bibtexTitle('When does Chain-of-Thought Help: A Markovian Perspective')).toBe('When does {Chain-of-Thought} Help: A Markovian Perspective');
    expect(bibtexTitle('SGD Learns One-Layer Networks in WGANs')).toBe('{SGD} Learns {One-Layer} Networks in {WGANs}');
  });
});

describe('citation keys', () => {
  it("are the first author's surname, the year and the first significant title word", () => {
    expect(citationKey(corpus.get('2407.06120')!)).toBe('dong2024sketchy');
    expect(citationKey(corpus.get('2603.00306')!)).toBe('wang2026chain'); // "When does" skipped
    expect(citationKey(corpus.get('2509.24005')!)).toBe('liu2025weak'); // "Does", then "Weak-to-strong"
    expect(citationKey(corpus.get('2008.01064')!)).toBe('lee2020predicting'); // "Jason D. Lee"
  });

  it('fold accents, read "Last, First" names and fall back to arxiv when no author is known', () => {
    expect(citationKey(make({ authors: ['Gamze Gürsoy'], title: 'Über Alles' }))).toBe('gursoy2024uber');
    expect(citationKey(make({ authors: ['Lei, Qi'] }))).toBe('lei2024paper');
    expect(citationKey(make({ authors: ['Martin Luther King Jr.'] }))).toBe('king2024paper');
    expect(citationKey(make({ authors: [], published: '2019-10', title: 'The Frank-Wolfe Method' }))).toBe('arxiv2019frank');
  });

  it('are unique within the corpus; on a clash the earliest arXiv id keeps the plain key', () => {
    const keys = citationKeys(corpus.all());
    expect(new Set(keys.values()).size).toBe(corpus.size);
    expect(keys.get('2407.06120')).toBe('dong2024sketchy');

    const older = make({ arxivId: '2401.00001', title: 'Sketchy Things', authors: ['Yijun Dong'] });
    const newer = make({ arxivId: '2412.00002', title: 'Sketchy Again', authors: ['Yijun Dong'] });
    const third = make({ arxivId: '2405.00003', title: 'Sketchy Once More', authors: ['Yijun Dong'] });
    expect(citationKeys([newer, older])).toEqual(
      new Map([
        ['2401.00001', 'dong2024sketchy'],
        ['2412.00002', 'dong2024sketchyb'],
      ]),
    );
    const withThird = citationKeys([older, newer, third]);
    expect(withThird.get('2401.00001')).toBe('dong2024sketchy');
    expect(withThird.get('2405.00003')).toBe('dong2024sketchyb');
    expect(withThird.get('2412.00002')).toBe('dong2024sketchyc');
  });
});
