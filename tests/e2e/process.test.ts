/**
 * The entry points as an admin runs them: `npm run deploy-commands` and `npm start` as child processes running
 * the build in dist/ (made from the current sources by the global setup) against the Discord emulator.
 * Missing token → one clear line and exit 1; SIGTERM → clean stop, exit 0.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDiscordEmulator, type DiscordEmulator } from '../support/discord-emulator/index.js';

const ROOT = path.resolve('.');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs an entry point in an empty folder (no .env to pick up) with exactly the given environment. */
function run(script: string, env: Record<string, string>, opts: { cwd: string; onStdout?: (text: string, kill: () => void) => void }): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, script)], { cwd: opts.cwd, env: { PATH: process.env.PATH ?? '', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      opts.onStdout?.(stdout, () => child.kill('SIGTERM'));
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

let emu: DiscordEmulator;
let dir: string;
let env: Record<string, string>;
beforeAll(async () => {
  emu = await startDiscordEmulator();
  dir = mkdtempSync(path.join(tmpdir(), 'paperbot-proc-'));
  for (const f of ['papers.json', 'lab.json']) copyFileSync(path.join(ROOT, 'data', f), path.join(dir, f));
  env = {
    ...emu.botEnv(),
    DATA_DIR: dir,
    ANNOUNCE_ENABLED: 'false',
    // Never the real arXiv, whatever the scheduler decides: a closed local port.
    ARXIV_API_URL: 'http://127.0.0.1:9/api/query',
  };
});
afterAll(async () => {
  await emu?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('entry points', () => {
  it('deploy-commands registers the commands and prints them', async () => {
    const r = await run('dist/deploy-commands.js', env, { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Registered \d+ command\(s\) in server \d+ \(available now\):\n/);
    expect(r.stdout).toMatch(
      /\n {2}\/paper \(search, random, show, recent, cite, history, reading-list, stats, help, poll, poll-end, schedule, sessions, unpick\) {2}id \d+/,
    );
    expect(emu.commands(emu.guildId).map((c) => c.name)).toContain('paper');
  });

  it('npm start without a token exits 1 with the configuration message and no stack trace', async () => {
    const { DISCORD_TOKEN: _omit, ...rest } = env;
    const r = await run('dist/main.js', rest, { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('DISCORD_TOKEN: required');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('npm start answers, and stops cleanly on SIGTERM with exit 0', async () => {
    let asked = false;
    const r = await run('dist/main.js', env, {
      cwd: dir,
      onStdout: (out, kill) => {
        if (asked || !out.includes('ready as')) return;
        asked = true;
        void emu
          .runCommand('paper', 'help')
          .then((reply) => expect(reply.message!.embeds[0]!.title).toBe('Lab paper bot'))
          .finally(kill);
      },
    });
    expect(asked).toBe(true);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/"msg":"shutting down"[\s\S]*"msg":"stopped"/);
    expect(r.stdout + r.stderr).not.toContain(emu.token);
  });
});
