/**
 * A world for announcement tests: the fake arXiv API and the Discord emulator on 127.0.0.1, a real SQLite
 * store in a temp dir, the seed corpus and the default roster, and the real arXiv client with short
 * intervals. Nothing reaches the internet.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REST } from 'discord.js';
import pino from 'pino';
import { ArxivClient } from '../../src/arxiv/client.js';
import { loadCorpus, type Corpus } from '../../src/corpus/corpus.js';
import { createSearchEngine } from '../../src/search/engine.js';
import type { SearchEngine } from '../../src/search/types.js';
import { loadRoster, type Roster } from '../../src/roster/index.js';
import { startAnnouncementService, type AnnouncementService, type AnnouncementServiceDeps } from '../../src/scheduler/index.js';
import { Store } from '../../src/store/index.js';
import { fakePaperFromPaper, startArxivServer, type ArxivServer, type FakePaper } from '../support/arxiv-server.js';
import { startDiscordEmulator, type DiscordEmulator } from '../support/discord-emulator/index.js';

export const silentLogger = pino({ level: 'silent' });

/** A new paper by Qi Lei in her field, with a co-author the lab knows. */
export function labPaper(id: string, published: string, over: Partial<FakePaper> = {}): FakePaper {
  return {
    id,
    title: `Provable representation learning ${id}`,
    authors: ['Yijun Dong', 'Qi Lei'],
    summary: 'We study representation learning with provable guarantees.',
    published,
    categories: ['cs.LG', 'stat.ML'],
    ...over,
  };
}

/** A namesake's paper: another field, co-authors unknown to the lab. */
export function namesakePaper(id: string, published: string, coauthors = ['Hongyu Liu', 'Guang-Hui Zheng']): FakePaper {
  return {
    id,
    title: `Spectral analysis of plasmonic metamaterials ${id}`,
    authors: ['Qi Lei', ...coauthors],
    summary: 'Layer potential techniques for plasmon resonance.',
    published,
    categories: ['math.AP'],
  };
}

export interface World {
  dir: string;
  arxiv: ArxivServer;
  emu: DiscordEmulator;
  store: Store;
  corpus: Corpus;
  roster: Roster;
  client: ArxivClient;
  rest: REST;
  /** The real search engine over `corpus`. */
  engine: SearchEngine;
  clock: { now: Date };
  dbPath: string;
  /** Starts the service (catch-up on by default) and waits for its start-up work. */
  start(over?: Partial<AnnouncementServiceDeps>): Promise<AnnouncementService>;
  reopenStore(): Store;
  close(): Promise<void>;
}

/** Builds a world; the fake arXiv starts with the seed corpus's papers. */
export async function createWorld(options: { clientTimeoutMs?: number; maxRetries?: number; nonceWindowMs?: number } = {}): Promise<World> {
  const dir = mkdtempSync(path.join(tmpdir(), 'announce-'));
  const corpus = loadCorpus(path.resolve('data/papers.json'));
  const roster = loadRoster(path.resolve('data/lab.json'));
  const arxiv = await startArxivServer({ papers: corpus.all().map(fakePaperFromPaper) });
  const emu = await startDiscordEmulator({
    interactionTimeoutMs: false,
    ...(options.nonceWindowMs !== undefined ? { nonceWindowMs: options.nonceWindowMs } : {}),
  });
  const clock = { now: new Date('2026-03-02T02:30:00Z') }; // Sunday 21:30 in New York
  const dbPath = path.join(dir, 'state.db');
  const services: AnnouncementService[] = [];
  const world: World = {
    dir,
    arxiv,
    emu,
    store: Store.open(dbPath, { now: () => clock.now }),
    corpus,
    roster,
    client: new ArxivClient({
      apiUrl: arxiv.url,
      feedUrl: arxiv.feedUrl,
      minIntervalMs: 0,
      timeoutMs: options.clientTimeoutMs ?? 2000,
      maxRetries: options.maxRetries ?? 3,
      backoffBaseMs: 20,
      backoffMaxMs: 100,
    }),
    rest: new REST({ api: emu.apiUrl, retries: 1 }).setToken(emu.token),
    engine: createSearchEngine(corpus),
    clock,
    dbPath,
    async start(over = {}) {
      const svc = startAnnouncementService({
        config: {
          announce: {
            enabled: true,
            cron: '0 21 * * 0-4',
            timeZone: 'America/New_York',
            channelId: emu.channelId,
            adminChannelId: emu.adminChannelId,
            maxPerRun: 25,
          },
          discord: { guildId: emu.guildId },
        },
        store: world.store,
        client: world.client,
        corpus,
        engine: world.engine,
        roster,
        rest: world.rest,
        logger: silentLogger,
        now: () => clock.now,
        delivery: { attempts: 3, backoffMs: 20 },
        ...over,
      });
      services.push(svc);
      await svc.ready;
      return svc;
    },
    reopenStore() {
      world.store.close();
      world.store = Store.open(dbPath, { now: () => clock.now });
      return world.store;
    },
    async close() {
      for (const s of services) await s.stop();
      world.store.close();
      await Promise.all([arxiv.close(), emu.close()]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return world;
}

/** Messages the bot posted in a channel, oldest first. */
export function posted(world: World, channelId: string) {
  return world.emu.channelMessages(channelId);
}
