/**
 * End-to-end harness: the Discord emulator on 127.0.0.1, the commands deployed to it with the real deploy
 * function, and the real app (`buildApp`, exactly as `npm start` wires it, with the real discord.js client)
 * pointed at it through DISCORD_API_URL, with a temporary DATA_DIR and the log captured in memory. arXiv is
 * a closed local port unless a test gives ARXIV_API_URL, so nothing ever leaves the machine.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { APIMessage } from 'discord.js';
import { buildApp, type App, type AppOptions, type RunningApp } from '../../src/app/build-app.js';
import { loadConfig, type Config } from '../../src/config.js';
import { loadCorpus, type Corpus } from '../../src/corpus/corpus.js';
import { deployCommands, type DeployResult } from '../../src/deploy-commands.js';
import { createLogger } from '../../src/logger.js';
import { startDiscordEmulator, type DiscordEmulator, type DiscordEmulatorOptions, type RecordedRequest } from '../support/discord-emulator/index.js';

/** The seed corpus, loaded once per test file (for tests that build an engine of their own). */
let corpus: Corpus | undefined;
export function seedCorpus(): Corpus {
  corpus ??= loadCorpus(path.resolve('data/papers.json'));
  return corpus;
}

/** A running emulator with the bot logged in to it. */
export interface Harness {
  emu: DiscordEmulator;
  /** The app as built (engine, store, picks, announcements); replaced by {@link restartBot}. */
  app: App;
  running: RunningApp;
  config: Config;
  dataDir: string;
  deployed: DeployResult;
  /** Every log line the bot wrote, parsed. */
  logs: Record<string, unknown>[];
  /** The raw log text, for "no secret ever logged" checks. */
  rawLog(): string;
  /** Stops the app and builds and starts a fresh one on the same emulator and DATA_DIR, as a restart does. */
  restartBot(): Promise<App>;
  close(): Promise<void>;
}

/** Options for {@link startHarness}. */
export interface HarnessOptions {
  emulator?: DiscordEmulatorOptions;
  env?: Record<string, string>;
  app?: Partial<AppOptions>;
  /** Runs on the fresh DATA_DIR before the app is built (e.g. to leave an old picks.json there). */
  prepareDataDir?: (dir: string, emu: DiscordEmulator) => void;
}

/** Starts the emulator, deploys the commands to its guild and starts the bot. */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const emu = await startDiscordEmulator(options.emulator);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'paperbot-e2e-'));
  // The app loads its papers and roster from DATA_DIR, as in production.
  for (const file of ['papers.json', 'lab.json']) copyFileSync(path.resolve('data', file), path.join(dataDir, file));
  options.prepareDataDir?.(dataDir, emu);
  const config = loadConfig(
    {
      ...emu.botEnv(),
      DATA_DIR: dataDir,
      LOG_LEVEL: 'debug',
      ANNOUNCE_ENABLED: 'false',
      DIGEST_ENABLED: 'false',
      ...options.env,
    },
    'bot',
  );
  const lines: string[] = [];
  const logger = createLogger({ level: 'debug', secrets: [emu.token], destination: { write: (s: string) => void lines.push(s) } });
  const deployed = await deployCommands(config);
  const start = async () => {
    const app = buildApp(config, { logger, readyTimeoutMs: 15_000, ...options.app });
    return { app, running: await app.start() };
  };
  const first = await start();
  const h: Harness = {
    emu,
    app: first.app,
    running: first.running,
    config,
    dataDir,
    deployed,
    get logs() {
      return lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    },
    rawLog: () => lines.join(''),
    async restartBot() {
      await h.running.stop();
      const next = await start();
      h.app = next.app;
      h.running = next.running;
      return h.app;
    },
    async close() {
      await h.running.stop();
      await emu.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return h;
}

/** The custom_ids of a message's components, in order. */
export function customIds(message: APIMessage | null): string[] {
  const out: string[] = [];
  for (const row of (message?.components ?? []) as { components?: { custom_id?: string }[] }[]) {
    for (const c of row.components ?? []) if (c.custom_id) out.push(c.custom_id);
  }
  return out;
}

/** The REST requests that carry a message body the bot sent (callbacks, webhook edits/follow-ups, channel posts). */
export function messageBodies(requests: readonly RecordedRequest[]): { path: string; body: Record<string, unknown> }[] {
  const out: { path: string; body: Record<string, unknown> }[] = [];
  for (const r of requests) {
    if (!['POST', 'PATCH'].includes(r.method)) continue;
    const raw = r.body as Record<string, unknown> | undefined;
    if (!raw || typeof raw !== 'object') continue;
    const isCallback = /\/interactions\/\d+\/[^/]+\/callback/.test(r.path);
    const data = isCallback ? (raw.data as Record<string, unknown> | undefined) : raw;
    if (!data) continue;
    const type = isCallback ? (raw.type as number) : undefined;
    // Callbacks that carry a message: 4 (reply) and 7 (update). 5/6 (defer) and 8 (choices) carry none.
    if (isCallback && type !== 4 && type !== 7) continue;
    if (/\/channels\/\d+\/messages$/.test(r.path) || isCallback || /\/webhooks\//.test(r.path)) out.push({ path: r.path, body: data });
  }
  return out;
}
