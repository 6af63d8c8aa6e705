/**
 * A deterministic synthetic corpus of arXiv-like papers for the benchmark: titles, 120–220-word abstracts,
 * author lists, categories, venues and dates. Words follow a Zipf-like law over a 50,000-word vocabulary
 * (function words first, then machine-learning words, then invented ones), mixed with per-paper topics, so
 * common terms match tens of thousands of papers as they do on arXiv. Generated in memory, never written.
 */
import type { Paper } from '../src/corpus/schema.js';
import { mulberry32 } from '../tests/support/seeded-random.js';

export { mulberry32 };

const FUNCTION_WORDS = (
  'the of and a to in we for is that with on by this as are an be from our which can it these at or not show also ' +
  'such their its than has have both while into under over between when how more most via each only was were been ' +
  'they them there where whether if then so but all any some other same may might should would could will do does'
).split(' ');

const ML_WORDS = (
  'learning model models data network networks neural training deep method methods results performance problem ' +
  'approach algorithm algorithms framework analysis task tasks propose paper based using optimization language ' +
  'large graph representation representations theoretical empirical generalization loss function functions ' +
  'gradient descent stochastic convergence sample complexity bounds bound linear nonlinear convex regression ' +
  'classification supervised unsupervised semi self reinforcement policy reward agent agents environment ' +
  'adversarial robust robustness attack attacks defense privacy federated distributed communication efficient ' +
  'efficiency scalable inference generative diffusion transformer transformers attention prompt prompting ' +
  'fine tuning pretrained pretraining distillation knowledge pruning quantization sparse sparsity low rank ' +
  'matrix tensor kernel kernels estimation estimator estimators statistical probabilistic bayesian variational ' +
  'posterior prior latent embedding embeddings feature features label labels noisy noise shift distribution ' +
  'domain adaptation transfer meta few shot zero continual lifelong memory retrieval reasoning chain thought ' +
  'benchmark benchmarks dataset datasets evaluation metrics accuracy error theory theorem provable guarantees ' +
  'minimax optimal regret bandit bandits online offline exploration exploitation markov decision process ' +
  'dynamics control planning vision image images video segmentation detection object recognition speech text ' +
  'generation summarization translation question answering dialogue instruction alignment safety fairness ' +
  'interpretability explanation causal causality counterfactual inverse problems reconstruction compressed ' +
  'sensing signal spectral clustering contrastive augmentation consistency regularization dropout normalization ' +
  'batch layer layers depth width scaling laws parameter parameters hyperparameter search architecture ' +
  'convolutional recurrent sequence sequences temporal spatial molecular protein medical clinical health ' +
  'financial forecasting time series anomaly uncertainty calibration conformal prediction selection active ' +
  'weak strong teacher student curriculum iterative improvement synthetic real world simulation physics ' +
  'equations differential operator operators manifold geometry topology invariant equivariant symmetry ' +
  'hierarchical multi modal multimodal cross lingual token tokens decoding encoder decoder autoregressive ' +
  'sampling monte carlo gaussian mixture flow flows normalizing energy score matching denoising'
).split(/\s+/);

const SYLLABLES = 'ka lo mi ne ru ta vi zo ber con dor fen gal hur jin kel lum mor nex pol quin ras sul tor ul ven wex yar zel tri sta pre qua'.split(' ');
const SUFFIXES = ['', '', '', 's', 'ing', 'ed', 'ation', 'ive', 'ity', 'al'];

const FIRST_NAMES =
  'Alice Bo Chen Dmitri Elena Farid Grace Hao Ines Jun Kavya Liam Mei Nikhil Olga Pedro Qi Rosa Sven Tariq Uma Victor Wei Xin Yara Zoe Andrew Sham Jason Yijun Hoang Tao Sheng Kurt Simon Rachel Ana Luis Marta Omar Priya Ravi Sara Tom Yuki'.split(
    ' ',
  );
const LAST_NAMES_BASE =
  'Smith Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Kumar Singh Garcia Martinez Rossi Muller Schmidt Novak Kowalski Ivanov Tanaka Sato Kim Park Nguyen Tran Silva Costa Cohen Levi Dubois Moreau Jensen Hansen Berg Larsen Okafor Mensah Wilson Kakade Lee Dong Phan Gursoy'.split(
    ' ',
  );

const CATEGORIES = [
  'cs.LG',
  'stat.ML',
  'cs.AI',
  'cs.CV',
  'cs.CL',
  'cs.CR',
  'math.OC',
  'math.NA',
  'cs.IR',
  'cs.RO',
  'eess.SP',
  'q-bio.QM',
  'physics.comp-ph',
  'econ.EM',
];
const VENUES = ['NeurIPS', 'ICML', 'ICLR', 'AISTATS', 'COLT', 'CVPR', 'ACL', 'EMNLP', 'AAAI', 'IJCAI', 'KDD', 'UAI', 'TMLR', 'JMLR'];

/** The generated vocabulary, most frequent first, and a sampler drawing ranks from its Zipf law. */
export interface SyntheticVocabulary {
  words: string[];
  sample: (random: () => number) => number;
}

/** Builds the 50,000-word vocabulary and its Zipf–Mandelbrot sampler (exponent 1, offset 2.7). */
export function buildVocabulary(size = 50_000, seed = 17): SyntheticVocabulary {
  const random = mulberry32(seed);
  const words: string[] = [...FUNCTION_WORDS, ...ML_WORDS];
  const seen = new Set(words);
  while (words.length < size) {
    const n = 2 + Math.floor(random() * 3);
    let w = '';
    for (let i = 0; i < n; i++) w += SYLLABLES[Math.floor(random() * SYLLABLES.length)];
    w += SUFFIXES[Math.floor(random() * SUFFIXES.length)];
    if (!seen.has(w)) {
      seen.add(w);
      words.push(w);
    }
  }
  const cdf = new Float64Array(size);
  let total = 0;
  for (let r = 0; r < size; r++) {
    total += 1 / (r + 2.7);
    cdf[r] = total;
  }
  for (let r = 0; r < size; r++) cdf[r]! /= total;
  const sample = (rnd: () => number) => {
    const u = rnd();
    let lo = 0;
    let hi = size - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid]! < u) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return { words, sample };
}

/** Options for {@link generatePapers}. */
export interface SyntheticOptions {
  count: number;
  seed?: number;
}

/**
 * Generates `count` papers deterministically. Each paper has a topic (a small set of mid-frequency words it
 * keeps returning to), so titles and abstracts share words the way real papers do.
 */
export function generatePapers(options: SyntheticOptions): { papers: Paper[]; vocabulary: SyntheticVocabulary } {
  const random = mulberry32(options.seed ?? 42);
  const vocabulary = buildVocabulary();
  const { words, sample } = vocabulary;
  const content = FUNCTION_WORDS.length;
  // 400 topics of 12 words each, drawn from ranks 60..8,000.
  const topics = Array.from({ length: 400 }, () => Array.from({ length: 12 }, () => words[content + 20 + Math.floor(Math.pow(random(), 2) * 8000)]!));
  const lastNames = [...LAST_NAMES_BASE];
  for (let i = 0; lastNames.length < 3000; i++) {
    const w = words[content + 2000 + i * 7]!;
    lastNames.push(w[0]!.toUpperCase() + w.slice(1));
  }
  const authorPool = Array.from({ length: 20_000 }, (_, i) => `${FIRST_NAMES[i % FIRST_NAMES.length]} ${lastNames[Math.floor(random() * lastNames.length)]}`);
  const pickAuthor = () => authorPool[Math.floor(Math.pow(random(), 1.6) * authorPool.length)]!;
  // Hyphenated compounds recur across papers as in real abstracts ("fine-tuning", "state-of-the-art"): a
  // fixed list of 3,000, drawn with a skew towards the first ones.
  const compounds = Array.from({ length: 3000 }, () => {
    const a = words[content + Math.floor(Math.pow(random(), 2) * 3000)]!;
    const b = words[content + Math.floor(Math.pow(random(), 2) * 3000)]!;
    return random() < 0.15 ? `${a}-to-${b}` : `${a}-${b}`;
  });
  const compound = () => compounds[Math.floor(Math.pow(random(), 3) * compounds.length)]!;

  const papers: Paper[] = [];
  const idsPerMonth = new Map<string, number>();
  for (let n = 0; n < options.count; n++) {
    const topic = topics[Math.floor(random() * topics.length)]!;
    const topicWord = () => topic[Math.floor(Math.pow(random(), 1.5) * topic.length)]!;
    const word = () => (random() < 0.25 ? topicWord() : words[sample(random)]!);

    const titleLength = 5 + Math.floor(random() * 8);
    const title: string[] = [];
    for (let i = 0; i < titleLength; i++) {
      const w = random() < 0.55 ? topicWord() : random() < 0.3 ? FUNCTION_WORDS[Math.floor(random() * 12)]! : words[content + (sample(random) % 3000)]!;
      title.push(random() < 0.08 ? compound() : w);
    }
    const abstractLength = 120 + Math.floor(random() * 101);
    const sentences: string[] = [];
    let sentence: string[] = [];
    for (let i = 0; i < abstractLength; i++) {
      let w = word();
      if (random() < 0.02) w = compound();
      sentence.push(w);
      if (sentence.length >= 10 + Math.floor(random() * 16)) {
        sentences.push(capitalize(sentence.join(' ')) + '.');
        sentence = [];
      }
    }
    if (sentence.length) sentences.push(capitalize(sentence.join(' ')) + '.');
    if (random() < 0.1) {
      // Some abstracts define an acronym, as real ones do.
      const long = [topicWord(), topicWord(), topicWord()];
      sentences.splice(1, 0, `We call it ${long.join(' ')} (${long.map((w) => w[0]!.toUpperCase()).join('')}).`);
    }

    const year = 2007 + Math.floor(Math.pow(random(), 0.6) * 20);
    const month = 1 + Math.floor(random() * 12);
    const day = 1 + Math.floor(random() * 28);
    const yymm = `${String(year % 100).padStart(2, '0')}${String(month).padStart(2, '0')}`;
    const seq = (idsPerMonth.get(yymm) ?? 0) + 1;
    idsPerMonth.set(yymm, seq);
    const authorCount = 1 + Math.floor(random() * 8);
    const authors = [...new Set(Array.from({ length: authorCount }, pickAuthor))];
    const primary = CATEGORIES[Math.floor(Math.pow(random(), 2) * CATEGORIES.length)]!;
    const categories = [...new Set([primary, ...(random() < 0.5 ? [CATEGORIES[Math.floor(random() * CATEGORIES.length)]!] : [])])];
    papers.push({
      arxivId: `${yymm}.${String(seq).padStart(5, '0')}`,
      title: title.map(capitalize).join(' '),
      authors,
      published: `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
      primaryCategory: primary,
      categories,
      abstract: sentences.join(' '),
      venue: random() < 0.3 ? `${VENUES[Math.floor(random() * VENUES.length)]} ${Math.min(2026, year + 1)}` : null,
      attribution: 'lab',
      attributionNote: null,
      source: 'seed',
    });
  }
  return { papers, vocabulary };
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
