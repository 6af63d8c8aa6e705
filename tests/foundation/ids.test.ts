import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/corpus.js';
import { absUrl, normalizeArxivId, parseArxivId, pdfUrl } from '../../src/corpus/ids.js';

const DATA = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../data/papers.json');

describe('arXiv ids in every form people paste', () => {
  const forms: [string, string, number?][] = [
    ['2502.05075', '2502.05075'],
    ['2502.05075v2', '2502.05075', 2],
    ['arXiv:2502.05075', '2502.05075'],
    ['arxiv: 2502.05075v3', '2502.05075', 3],
    ['  2502.05075  ', '2502.05075'],
    ['https://arxiv.org/abs/2502.05075v1', '2502.05075', 1],
    ['https://arxiv.org/abs/2502.05075', '2502.05075'],
    ['http://export.arxiv.org/abs/2502.05075', '2502.05075'],
    ['arxiv.org/abs/2502.05075', '2502.05075'],
    ['https://www.arxiv.org/abs/2502.05075?context=cs.LG', '2502.05075'],
    ['<https://arxiv.org/abs/2502.05075>', '2502.05075'],
    ['https://arxiv.org/pdf/2502.05075', '2502.05075'],
    ['https://arxiv.org/pdf/2502.05075v2', '2502.05075', 2],
    ['https://arxiv.org/pdf/2502.05075v2.pdf', '2502.05075', 2],
    ['https://arxiv.org/pdf/2502.05075.pdf', '2502.05075'],
    ['0704.0001', '0704.0001'],
    ['hep-th/9901001', 'hep-th/9901001'],
    ['hep-th/9901001v2', 'hep-th/9901001', 2],
    ['math.AP/0501001', 'math.AP/0501001'],
    ['https://arxiv.org/abs/hep-th/9901001v1', 'hep-th/9901001', 1],
  ];
  it.each(forms)('%s', (input, id, version) => {
    expect(parseArxivId(input)).toEqual(version === undefined ? { id } : { id, version });
    expect(normalizeArxivId(input)).toBe(id);
  });

  it.each([
    '',
    '   ',
    'weak to strong',
    '2502',
    '25020.5075',
    '2502.05075v',
    'arXiv:',
    'https://example.com/abs/2502.05075',
    'https://arxiv.org/list/cs.LG/recent',
    '2502.050755',
  ])('rejects %j', (input) => {
    expect(parseArxivId(input)).toBeNull();
    expect(normalizeArxivId(input)).toBeNull();
  });

  it('builds the abstract and PDF links', () => {
    expect(absUrl('2502.05075')).toBe('https://arxiv.org/abs/2502.05075');
    expect(pdfUrl('hep-th/9901001')).toBe('https://arxiv.org/pdf/hep-th/9901001');
  });

  it('finds the same corpus paper from every form, and nothing from garbage', () => {
    const corpus = loadCorpus(DATA);
    for (const [input, id] of forms.filter(([, id]) => id === '2502.05075')) {
      expect(corpus.get(input)?.arxivId).toBe(id);
    }
    expect(corpus.get('2502.99999')).toBeUndefined();
    expect(corpus.get('not an id')).toBeUndefined();
    expect(corpus.has('https://arxiv.org/pdf/2407.06120v3.pdf')).toBe(true);
  });
});
