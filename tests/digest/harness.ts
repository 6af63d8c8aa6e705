/**
 * A world for digest tests: the listing stand-in (tests/support/arxiv-rss.ts) and the Discord emulator on
 * 127.0.0.1 (guild "Lab" with #papers, #lab-admin, a forum #digest-forum and a #hidden the bot cannot see), a real SQLite store in a temp
 * dir, the seed corpus and roster, and the digest feature started as the bot starts it, with a fast client.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REST } from 'discord.js';
import { ArxivClient } from '../../src/arxiv/client.js';
import { loadConfig } from '../../src/config.js';
import { loadCorpus, type Corpus } from '../../src/corpus/corpus.js';
import { createDigestFeature, type DigestFeature } from '../../src/digest/feature.js';
import { createLogger, type Logger } from '../../src/logger.js';
import type { Paper } from '../../src/corpus/schema.js';
import { loadRoster, type Roster } from '../../src/roster/index.js';
import { Store } from '../../src/store/index.js';
import { startArxivRss, type ArxivRss, type RssEntry } from '../support/arxiv-rss.js';
import { startDiscordEmulator, type DiscordEmulator } from '../support/discord-emulator/index.js';
import { ChannelKind } from '../support/discord-emulator/state.js';

/** The announcement day of the tests: Thursday 3 December 2026. */
export const DAY = '2026-12-03';
/** 00:30 in New York on that day: the default digest time. */
export const NOW = new Date('2026-12-03T05:30:00Z');

const OFF_TOPIC: [string, string][] = [
  [
    'Dust extinction in high-redshift galaxies',
    'We measure dust attenuation curves of galaxies at redshift three with spectroscopy from a large telescope survey.',
  ],
  ['Soil microbiome response to drought', 'Field samples of soil bacteria show community shifts after prolonged drought across farms.'],
  ['A catalogue of eclipsing binaries', 'We present light curves and orbital parameters for two thousand eclipsing binary stars.'],
  ['Coral reef resilience after bleaching', 'Reef surveys over a decade show recovery rates of coral cover following marine heatwaves.'],
];

/** A field paper close to a lab paper: its key sentence reworded, other authors. */
export function nearLab(id: string, lab: Paper, over: Partial<RssEntry> = {}): RssEntry {
  return {
    id,
    title: `Revisiting ${lab.title}`,
    authors: ['Ada Field', 'Ben Outsider'],
    abstract: `${lab.abstract.slice(0, 600)} We revisit this question with new experiments.`,
    categories: ['cs.LG', 'stat.ML'],
    announceType: 'new',
    ...over,
  };
}

/** A field paper far from the lab's work. */
export function offTopic(id: string, i: number, over: Partial<RssEntry> = {}): RssEntry {
  const [title, abstract] = OFF_TOPIC[i % OFF_TOPIC.length]!;
  return { id, title: `${title} ${i}`, authors: ['Cara Elsewhere'], abstract, categories: ['cs.LG'], announceType: 'new', ...over };
}

export interface DigestWorld {
  dir: string;
  dbPath: string;
  rss: ArxivRss;
  emu: DiscordEmulator;
  store: Store;
  corpus: Corpus;
  roster: Roster;
  rest: REST;
  forumId: string;
  /** A channel the bot cannot see. */
  hiddenId: string;
  clock: { now: Date };
  logLines: string[];
  logger: Logger;
  /** Builds and starts the digest feature (as the bot does) and waits for its start-up run. */
  start(env?: Record<string, string>, options?: { catchUp?: boolean; apiUrl?: string; onFieldPapers?: (papers: Paper[]) => void }): Promise<DigestFeature>;
  reopenStore(): Store;
  close(): Promise<void>;
}

/** Builds a world whose listing holds `entries` for {@link DAY}. */
export async function createDigestWorld(entries: RssEntry[] = []): Promise<DigestWorld> {
  const dir = mkdtempSync(path.join(tmpdir(), 'digest-'));
  const dbPath = path.join(dir, 'state.db');
  const corpus = loadCorpus(path.resolve('data/papers.json'));
  const roster = loadRoster(path.resolve('data/lab.json'));
  const rss = await startArxivRss({ day: DAY, entries });
  const emu = await startDiscordEmulator({
    interactionTimeoutMs: false,
    guilds: [
      {
        name: 'Lab',
        channels: [
          { name: 'papers' },
          { name: 'lab-admin' },
          { name: 'digest-forum', type: ChannelKind.GuildForum },
          { name: 'hidden', forbidden: 'missing-access' },
        ],
      },
    ],
  });
  const clock = { now: NOW };
  const logLines: string[] = [];
  const logger = createLogger({ level: 'info', destination: { write: (s: string) => void logLines.push(s) } });
  const features: DigestFeature[] = [];
  const world: DigestWorld = {
    dir,
    dbPath,
    rss,
    emu,
    store: Store.open(dbPath, { now: () => clock.now }),
    corpus,
    roster,
    rest: new REST({ api: emu.apiUrl, retries: 1 }).setToken(emu.token),
    forumId: [...emu.state.channels.values()].find((c) => c.name === 'digest-forum')!.id,
    hiddenId: [...emu.state.channels.values()].find((c) => c.name === 'hidden')!.id,
    clock,
    logLines,
    logger,
    async start(env = {}, options = {}) {
      const config = loadConfig(
        {
          DISCORD_GUILD_ID: emu.guildId,
          ANNOUNCE_CHANNEL_ID: emu.channelId,
          ADMIN_CHANNEL_ID: emu.adminChannelId,
          DIGEST_CATEGORIES: 'cs.LG,stat.ML',
          ARXIV_LISTING_URL: rss.atomUrl,
          DATA_DIR: dir,
          ...env,
        },
        'cli',
      );
      const client = new ArxivClient({
        apiUrl: options.apiUrl ?? 'http://127.0.0.1:9/api/query',
        listingUrl: config.arxiv.listingUrl,
        minIntervalMs: 0,
        timeoutMs: 2000,
        maxRetries: 1,
        backoffBaseMs: 10,
        backoffMaxMs: 20,
      });
      const feature = createDigestFeature(config, {
        store: world.store,
        roster,
        corpus,
        ...(options.onFieldPapers ? { onFieldPapers: options.onFieldPapers } : {}),
        tuning: {
          now: () => clock.now,
          delivery: { attempts: 2, backoffMs: 10 },
          client,
          ...(options.catchUp !== undefined ? { catchUp: options.catchUp } : {}),
        },
      });
      features.push(feature);
      await feature.service.start({ rest: world.rest, logger });
      await feature.running()!.ready;
      return feature;
    },
    reopenStore() {
      world.store.close();
      world.store = Store.open(dbPath, { now: () => clock.now });
      return world.store;
    },
    async close() {
      for (const f of features) await f.service.stop();
      world.store.close();
      await Promise.all([rss.close(), emu.close()]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return world;
}

/** The bot's messages in a channel, oldest first. */
export function posted(world: DigestWorld, channelId: string) {
  return world.emu.channelMessages(channelId);
}

/** The threads the emulator holds whose parent is `channelId`. */
export function threadsOf(world: DigestWorld, channelId: string) {
  return [...world.emu.state.channels.values()].filter((c) => c.thread && c.parentId === channelId);
}
