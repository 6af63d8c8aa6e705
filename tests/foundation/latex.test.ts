import { describe, expect, it } from 'vitest';
import { latexToText } from '../../src/corpus/latex.js';
import { loadCorpus } from '../../src/corpus/corpus.js';

describe('latexToText: what a card or the terminal shows instead of raw TeX', () => {
  it('unwraps math and text commands from the seed abstracts', () => {
    expect(latexToText('over $\\mathcal{S}$ preserves $O(\\dim(\\mathcal{S})/n)$')).toBe('over S preserves O(dim(S)/n)');
    expect(latexToText('this \\textit{known} information, {\\em reconstruction-based} attacks')).toBe('this known information, reconstruction-based attacks');
    expect(latexToText('regret $\\widetilde{O}\\left(d\\sqrt{kMT} + kM\\sqrt{T}\\right)$')).toBe('regret O(d√(kMT) + kM√(T))');
    expect(latexToText('$\\mathcal{V}_s \\cap \\mathcal{V}_w$ and $η_u \\ne η_\\ell$')).toBe('V_s ∩ V_w and η_u ≠ η_ℓ');
    expect(latexToText('a $1.4\\times$ speed-up, $0.4\\%$ better')).toBe('a 1.4× speed-up, 0.4% better');
  });

  it('turns accent commands into accented letters and citations into readable keys', () => {
    expect(latexToText("the Neumann-Poincar\\'{e} operator")).toBe('the Neumann-Poincaré operator');
    expect(latexToText('as in \\citet{wei2021theoretical}')).toBe('as in [wei2021theoretical]');
  });

  it('leaves plain text alone and never drops the name of an unknown command', () => {
    expect(latexToText('Weak-to-Strong Generalization (W2S), 100% plain')).toBe('Weak-to-Strong Generalization (W2S), 100% plain');
    expect(latexToText('$\\frobnicate x$')).toBe('frobnicate x');
  });

  it('leaves no backslash or dollar sign in any seed title or abstract', () => {
    for (const paper of loadCorpus('data/papers.json').all()) {
      expect(latexToText(paper.title), paper.arxivId).not.toMatch(/[\\$]/);
      expect(latexToText(paper.abstract), paper.arxivId).not.toMatch(/[\\$]/);
    }
  });
});
