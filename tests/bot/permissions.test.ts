/**
 * The bot's permissions told truthfully: the README's invite URL and permission table match
 * src/bot/permissions.ts, the integer names the intended flags, and `npm run deploy-commands` prints the
 * invite URL for the configured application.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { PermissionsBitField } from 'discord.js';
import { BOT_PERMISSIONS, BOT_PERMISSIONS_INTEGER, inviteUrl } from '../../src/bot/permissions.js';
import { startDiscordEmulator } from '../support/discord-emulator/index.js';

const ROOT = path.resolve('.');
const installSection = () => {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('## Install in your Discord server');
  return readme.slice(start, readme.indexOf('\n## ', start + 1));
};

describe('the invite permissions', () => {
  it('are the nine flags the bot uses, and nothing else', () => {
    expect(new PermissionsBitField(BOT_PERMISSIONS_INTEGER).toArray().sort()).toEqual(
      [
        'AttachFiles',
        'CreateEvents',
        'CreatePublicThreads',
        'EmbedLinks',
        'ReadMessageHistory',
        'SendMessages',
        'SendMessagesInThreads',
        'SendPolls',
        'ViewChannel',
      ].sort(),
    );
    expect(BOT_PERMISSIONS_INTEGER).toBe(580_851_377_228_800n);
  });

  it('match the README: the invite URL and one table row per permission', () => {
    const section = installSection();
    const urls = [...section.matchAll(/https:\/\/discord\.com\/oauth2\/authorize\?\S+/g)].map((m) => m[0]);
    expect(urls).toEqual([inviteUrl('APPLICATION_ID').replace('APPLICATION_ID', '<APPLICATION_ID>')]);
    const rows = [...section.matchAll(/^ {3}\| ([^|]+?) \| [^|]+ \| [^|]+ \|$/gm)]
      .map((m) => m[1]!)
      .filter((name) => name !== 'Permission' && !name.startsWith('---'));
    expect(rows).toEqual(BOT_PERMISSIONS.map((p) => p.name));
  });

  it('are printed as an invite URL by npm run deploy-commands, after registering', async () => {
    const emu = await startDiscordEmulator();
    const cwd = mkdtempSync(path.join(tmpdir(), 'paperbot-deploy-'));
    try {
      const { stdout } = await promisify(execFile)(path.join(ROOT, 'node_modules/.bin/tsx'), [path.join(ROOT, 'src/deploy-commands.ts')], {
        cwd,
        env: { PATH: process.env.PATH ?? '', ...emu.botEnv() },
      });
      expect(stdout).toMatch(/^Registered \d+ command\(s\)/);
      expect(stdout).toContain(`\n  ${inviteUrl(emu.applicationId)}\n`);
      expect(emu.applicationId).not.toBe(emu.botUser.id);
    } finally {
      await emu.close();
      rmSync(cwd, { recursive: true, force: true });
    }
  });
});
