/**
 * The run-time context of one `paperbot` invocation. Config, corpus, logger and search engine are built on
 * first use: `help` needs none of them, `cite` and `show` need no index, the engine module (with MiniSearch
 * behind it) is only loaded by the commands that search, and pino only when something is to be logged.
 * Corpus and engine come from the data folder's engine cache when it matches papers.json (`prepared-corpus.ts`).
 */
import { loadConfig, type Config } from '../config.js';
import type { Corpus } from '../corpus/corpus.js';
import type { Logger } from '../logger.js';
import type { SearchEngine } from '../search/types.js';
import type { CliContext, CliIO } from './command.js';
import { chooseStyle, type Style } from './format.js';
import { cacheDirsOf, openPreparedCorpus, type PreparedSource } from './prepared-corpus.js';

/** Builds a search engine over a corpus; tests may pass their own. */
export type EngineFactory = (corpus: Corpus) => SearchEngine;

/** Optional replacements for what the context builds itself. */
export interface ContextDeps {
  createSearchEngine?: EngineFactory;
}

/** Creates the context for one run; nothing is loaded until a command asks for it. */
export function createCliContext(io: CliIO, deps: ContextDeps = {}): CliContext {
  let config: Config | undefined;
  let source: PreparedSource | undefined;
  let logger: Logger | undefined;
  let engine: SearchEngine | undefined;
  const style: Style = chooseStyle(io.stdout, io.env);
  const width = Math.min(Math.max(io.stdout.columns ?? 100, 40), 120);

  const ctx: CliContext = {
    io,
    style,
    width,
    get config() {
      config ??= loadConfig(io.env, 'cli');
      return config;
    },
    async logger() {
      if (!logger) {
        const { createCliLogger, createLogger } = await import('../logger.js');
        // The CLI is quiet by default; an explicit LOG_LEVEL turns it up (always on stderr).
        const level = io.env.LOG_LEVEL ? ctx.config.logLevel : 'warn';
        logger ??=
          io.stderr === process.stderr ? createCliLogger(level) : createLogger({ level, destination: { write: (line: string) => void io.stderr.write(line) } });
      }
      return logger;
    },
    get corpus(): Corpus {
      if (!source) {
        const cfg = ctx.config;
        // A logger exists here only if one was asked for (LOG_LEVEL, see runCli): the default run skips pino.
        source = openPreparedCorpus(cfg.papersPath, cacheDirsOf(cfg.dataDir, io.env), { includeOtherAuthors: cfg.includeOtherAuthors }, (fields, message) =>
          logger?.debug(fields, message),
        );
        logger?.debug({ papers: source.corpus.size, file: cfg.papersPath, cached: source.fromCache }, 'corpus loaded');
      }
      return source.corpus;
    },
    async engine() {
      if (!engine) {
        const corpus = ctx.corpus;
        engine = deps.createSearchEngine ? deps.createSearchEngine(corpus) : await source!.engine();
      }
      return engine;
    },
    print(text = '') {
      io.stdout.write(`${text}\n`);
    },
    printJson(value) {
      io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
    },
  };
  return ctx;
}
