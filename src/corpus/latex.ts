/**
 * Readable text from the LaTeX that arXiv titles and abstracts carry ("$\mathcal{S}$", "\textit{known}",
 * "{\em words}", "$1.4\times$"). Discord and terminals render neither TeX nor math, and raw backslashes make a
 * card hard to read, so cards and the CLI show this plain form; the index and BibTeX keep the original.
 */

const SYMBOLS: Record<string, string> = {
  alpha: 'α',
  beta: 'β',
  gamma: 'γ',
  delta: 'δ',
  epsilon: 'ε',
  varepsilon: 'ε',
  zeta: 'ζ',
  eta: 'η',
  theta: 'θ',
  kappa: 'κ',
  lambda: 'λ',
  mu: 'μ',
  nu: 'ν',
  xi: 'ξ',
  pi: 'π',
  rho: 'ρ',
  sigma: 'σ',
  tau: 'τ',
  phi: 'φ',
  varphi: 'φ',
  chi: 'χ',
  psi: 'ψ',
  omega: 'ω',
  Gamma: 'Γ',
  Delta: 'Δ',
  Theta: 'Θ',
  Lambda: 'Λ',
  Sigma: 'Σ',
  Phi: 'Φ',
  Psi: 'Ψ',
  Omega: 'Ω',
  ell: 'ℓ',
  infty: '∞',
  times: '×',
  cdot: '·',
  pm: '±',
  le: '≤',
  leq: '≤',
  ge: '≥',
  geq: '≥',
  ne: '≠',
  neq: '≠',
  ll: '≪',
  gg: '≫',
  approx: '≈',
  sim: '∼',
  propto: '∝',
  in: '∈',
  notin: '∉',
  subset: '⊂',
  subseteq: '⊆',
  cap: '∩',
  cup: '∪',
  setminus: '∖',
  to: '→',
  rightarrow: '→',
  leftarrow: '←',
  mapsto: '↦',
  sum: 'Σ',
  prod: 'Π',
  partial: '∂',
  nabla: '∇',
  forall: '∀',
  exists: '∃',
  log: 'log',
  exp: 'exp',
  dim: 'dim',
  min: 'min',
  max: 'max',
  sqrt: '√',
  ldots: '…',
  dots: '…',
  cdots: '⋯',
  '%': '%',
  '&': '&',
  '#': '#',
  _: '_',
  $: '$',
  '{': '{',
  '}': '}',
};

/** Combining marks for accent commands: `\\'{e}` → `é`. */
const ACCENTS: Record<string, string> = { "'": '\u0301', '`': '\u0300', '^': '\u0302', '"': '\u0308', '~': '\u0303' };

/** Commands whose argument is shown as is: `\textit{x}` → `x`, `\mathcal{S}` → `S`. */
const UNWRAP =
  /\\(?:text(?:it|bf|tt|rm|sc|sf)?|emph|math(?:cal|bb|rm|bf|it|sf|tt|frak)|operatorname|widetilde|tilde|widehat|hat|bar|overline|boldsymbol|mbox)\s*\{([^{}]*)\}/g;
/** Declarations that style the rest of their group: `{\em words}` → `words`. */
const DECLARATION = /\{\\(?:em|it|bf|tt|rm|sc|sl)\s+([^{}]*)\}/g;

/**
 * Turns LaTeX markup into plain, readable text. Unknown commands lose their backslash rather than vanish,
 * so nothing a reader might need disappears.
 */
export function latexToText(text: string): string {
  if (!/[\\$]/.test(text)) return text;
  let out = text;
  // Inner groups first, a few rounds for nesting such as \widetilde{O}\left(d\sqrt{kMT}\right).
  for (let i = 0; i < 3; i++) out = out.replace(UNWRAP, '$1').replace(DECLARATION, '$1');
  out = out
    .replace(/\\(?:citet|citep|cite|ref|eqref|url)\s*\{([^{}]*)\}/g, '[$1]')
    .replace(/\\(?:left|right|big|Big|bigg|Bigg)\s*([()[\]|.]|\\[{}|])/g, (_m, d: string) => (d === '.' ? '' : d.replace('\\', '')))
    .replace(/\\sqrt\s*\{([^{}]*)\}/g, '√($1)')
    .replace(/\\(['`^"~])\{?([A-Za-z])\}?/g, (_m, accent: string, letter: string) => (letter + ACCENTS[accent]).normalize('NFC'))
    .replace(/\\([A-Za-z]+|[%&#_${}])/g, (_m, name: string) => SYMBOLS[name] ?? name)
    // Math delimiters go last, once every command inside them is gone; an escaped \$ was turned into "$" above,
    // so only pair up dollars that still enclose something.
    .replace(/\$([^$]+)\$/g, '$1')
    .replace(/\{([^{}]*)\}/g, '$1');
  return out;
}
