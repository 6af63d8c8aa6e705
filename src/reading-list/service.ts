/**
 * The reading list as the bot uses it: the SQLite store (`src/store/reading-list.ts`) and, per server, a
 * small search index over the saved papers for `scope:reading-list` and `scope:all`. A save is searchable
 * at once (the server's index takes the paper in the same call); a removal drops the server's index, which
 * is rebuilt from the table on its next use (a list holds hundreds of papers, built in milliseconds).
 */
import { Corpus } from '../corpus/corpus.js';
import type { Paper } from '../corpus/schema.js';
import { createSearchEngine } from '../search/engine.js';
import type { SearchEngine } from '../search/types.js';
import { ReadingListStore, type SaveResult, type Verdict } from '../store/reading-list.js';
import type { Store } from '../store/store.js';

/** The reading lists of every server: store and search. */
export class ReadingListService {
  readonly store: ReadingListStore;
  private readonly engines = new Map<string, SearchEngine>();

  constructor(db: Store) {
    this.store = new ReadingListStore(db);
  }

  /** The search engine over a server's list, built on first use and kept current by {@link save} and {@link remove}. */
  engine(guildId: string): SearchEngine {
    let engine = this.engines.get(guildId);
    if (!engine) {
      // Every saved paper is shown, whoever wrote it: attribution matters for the lab's own papers only.
      engine = createSearchEngine(
        new Corpus(
          this.store.list(guildId).map((e) => e.paper),
          { includeOtherAuthors: true },
        ),
      );
      this.engines.set(guildId, engine);
    }
    return engine;
  }

  /** Saves a paper to a server's list (idempotent) and makes it searchable at once. */
  save(guildId: string, paper: Paper, userId: string, at: string): SaveResult {
    const result = this.store.save(guildId, paper, userId, at);
    if (result.added) this.engines.get(guildId)?.upsert(result.entry.paper);
    return result;
  }

  /** Records a member's *Not relevant*; returns their verdict before. */
  markNotRelevant(guildId: string, paper: Paper, userId: string, at: string): Verdict | null {
    return this.store.markNotRelevant(guildId, paper, userId, at);
  }

  /** Takes a paper off a server's list; false when it was not there. */
  remove(guildId: string, arxivId: string): boolean {
    const removed = this.store.remove(guildId, arxivId);
    if (removed) this.engines.delete(guildId);
    return removed;
  }
}
