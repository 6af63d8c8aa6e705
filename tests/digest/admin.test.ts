/**
 * `/paper-admin digest` and the digest lines of `/paper-admin status`, through the Discord emulator and the
 * real bot.
 */
import { PermissionFlagsBits } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DigestStore } from '../../src/digest/store.js';
import { startHarness, type Harness } from '../e2e/harness.js';

const ADMIN = { memberPermissions: PermissionFlagsBits.ManageGuild.toString() };
let h: Harness;

beforeAll(async () => {
  h = await startHarness({ env: { LOG_LEVEL: 'silent' } });
});
afterAll(async () => h?.close());

describe('/paper-admin digest', () => {
  it('refuses bad categories and changes nothing', async () => {
    const r = await h.emu.runCommand('paper-admin', 'digest', { categories: 'cs.LG, <script>' }, ADMIN);
    expect(r.message!.content).toMatch(/^Categories are arXiv’s.*`<script>`.*Nothing was changed\.$/);
    expect(new DigestStore(h.app.store).settings(h.emu.guildId)).toBeUndefined();
  });

  it('sets the channel, categories, size and turns the digest on, and status shows it', async () => {
    const r = await h.emu.runCommand('paper-admin', 'digest', { channel: h.emu.channelId, categories: 'cs.LG, math.OC', size: 3, enabled: true }, ADMIN);
    expect(r.ephemeral).toBe(true);
    expect(r.message!.content).toBe(`Digest settings saved.\nThe 3 papers of the day in cs.LG, math.OC closest to the lab’s work go to <#${h.emu.channelId}>.`);
    expect(new DigestStore(h.app.store).settings(h.emu.guildId)).toEqual({
      guildId: h.emu.guildId,
      channelId: h.emu.channelId,
      categories: ['cs.LG', 'math.OC'],
      size: 3,
      enabled: true,
    });
    const status = await h.emu.runCommand('paper-admin', 'status', {}, ADMIN);
    const field = status.message!.embeds[0]!.fields!.find((f) => f.name === 'Field digest');
    expect(field?.value).toMatch(new RegExp(`^cs\\.LG, math\\.OC → <#${h.emu.channelId}>, 3 a day\\nLast run: none yet`));
  });

  it('turns the digest off for the server', async () => {
    const r = await h.emu.runCommand('paper-admin', 'digest', { enabled: false }, ADMIN);
    expect(r.message!.content).toMatch(/It is off in this server/);
    expect(h.app.digest.admin.targets()).toEqual([]);
  });
});
