/**
 * `/paper stats` through the real bot, the real discord.js client and the Discord emulator: the chart goes
 * up as a multipart file the embed shows, and an author with no papers gets a private sentence and no file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The chart modules first, on purpose: vega-lite patches Set.prototype when it loads, which broke discord.js
// loaded after it; render.ts undoes that, and this order keeps it tested.
import { computeStats } from '../../src/stats/compute.js';
import { renderStatsPng } from '../../src/stats/render.js';
import { startHarness, type Harness } from '../e2e/harness.js';

let h: Harness;
beforeAll(async () => void (h = await startHarness()));
afterAll(async () => h?.close());

describe('/paper stats through the emulator', () => {
  it('uploads stats.png with the reply and shows it in the embed', async () => {
    const before = h.emu.requests.length;
    const reply = await h.emu.runCommand('paper', 'stats', { from_year: 2021, to_year: 2024 });
    expect(reply.ephemeral).toBe(false);
    const message = reply.message!;
    expect(message.attachments).toHaveLength(1);
    expect(message.attachments[0]).toMatchObject({ filename: 'stats.png' });
    // The chart is drawn the same way every time, so the upload is byte for byte the chart of these figures.
    const stats = computeStats(h.app.engine.recent(h.app.engine.size), { fromYear: 2021, toYear: 2024 })!;
    expect(message.attachments[0]!.size).toBe((await renderStatsPng(stats)).length);
    expect(message.embeds[0]!.image?.url).toBe('attachment://stats.png');
    expect(message.embeds[0]!.description).toContain(`2021: ${stats.years[0]!.total}`);
    const uploads = h.emu.requests.slice(before).filter((r) => r.files.length > 0);
    expect(uploads).toHaveLength(1);
    expect(uploads[0]!.files[0]).toMatchObject({ name: 'stats.png' });
  });

  it('an author with no papers: a private sentence, no chart uploaded', async () => {
    const before = h.emu.requests.length;
    const reply = await h.emu.runCommand('paper', 'stats', { author: 'Zyxwvut Nobody' });
    expect(reply.ephemeral).toBe(true);
    const shown = reply.message!;
    expect(shown.content).toContain('No lab papers by “Zyxwvut Nobody”');
    expect(shown.flags! & 64).toBe(64);
    expect(shown.attachments).toHaveLength(0);
    expect(h.emu.requests.slice(before).some((r) => r.files.length > 0)).toBe(false);
  });
});
