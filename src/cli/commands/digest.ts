/**
 * `paperbot digest --dry-run [--date YYYY-MM-DD] [--json]`: the day's field digest as the bot would rank it,
 * with each pick's reason, asking arXiv exactly as the bot does and posting and recording nothing. Without
 * `--date` it reads the latest listing feed; a past day is read from the API by its submission window.
 */
import type { CliCommand } from '../command.js';
import { UsageError } from '../errors.js';
import { loadCliRoster, openStateReadOnly } from '../state.js';
import { JSON_OPTION, wantsJson } from '../options.js';

export const digestCommand: CliCommand = {
  name: 'digest',
  summary: 'show the day’s field digest, ranked with reasons (--dry-run)',
  args: '--dry-run [--date YYYY-MM-DD]',
  options: {
    'dry-run': { type: 'boolean', description: 'required: ask arXiv and rank; post and record nothing' },
    date: { type: 'string', valueName: 'YYYY-MM-DD', description: 'a past announcement day (read from the arXiv API); default the latest listing' },
    ...JSON_OPTION,
  },
  details: [
    'Ranks the new papers of DIGEST_CATEGORIES against the lab’s papers and the members’ saves (state.db, read-only).',
    'The bot itself posts the digest on its schedule (DIGEST_CRON).',
  ],
  async run(input, ctx) {
    if (input.values['dry-run'] !== true) throw new UsageError('only --dry-run is supported here: the bot posts the digest on its schedule');
    const date = typeof input.values.date === 'string' ? input.values.date : undefined;
    if (date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new UsageError(`--date expects a day as YYYY-MM-DD, got "${date}"`);
    // Loaded here: every `paperbot` run loads this registry entry, and only this command needs SQLite and arXiv.
    const [{ ArxivClient, arxivClientOptionsFromConfig }, { runDigest, rosterCategories, digestTargets }, { DigestStore }, { isCalendarDate }] =
      await Promise.all([import('../../arxiv/client.js'), import('../../digest/run.js'), import('../../digest/store.js'), import('../../corpus/schema.js')]);
    if (date !== undefined && !isCalendarDate(date)) throw new UsageError(`--date expects a real day, got "${date}"`);
    const config = ctx.config;
    const logger = await ctx.logger();
    const roster = await loadCliRoster(config);
    const store = await openStateReadOnly(config);
    try {
      const digests = new DigestStore(store);
      const defaults = { announceChannelId: config.announce.channelId, adminChannelId: config.announce.adminChannelId, guildId: config.discord.guildId };
      const configured = digestTargets(digests, config.digest, defaults, roster);
      const targets = configured.length
        ? configured.slice(0, 1)
        : [
            {
              guildId: config.discord.guildId ?? null,
              channelId: '-',
              categories: config.digest.categories ?? rosterCategories(roster),
              size: config.digest.size,
            },
          ];
      const report = await runDigest(
        {
          client: new ArxivClient(arxivClientOptionsFromConfig(config, logger)),
          digests,
          corpus: ctx.corpus,
          roster,
          config: config.digest,
          defaults,
          logger,
          now: () => new Date(),
        },
        'dry-run',
        { dryRun: true, targets, ...(date ? { date } : {}) },
      );
      const day = report.days[0]!;
      const picks = (day.ranked ?? []).map((r, i) => ({
        rank: i + 1,
        arxivId: r.paper.arxivId,
        title: r.paper.title,
        score: r.score,
        reason: r.reason,
        marker: r.marker ?? null,
      }));
      if (wantsJson(input)) {
        ctx.printJson({
          categories: day.categories,
          day: day.day,
          outcome: day.outcome,
          via: day.via ?? null,
          candidates: day.candidates ?? 0,
          labPapers: day.labPapers ?? [],
          skipped: day.skipped ?? [],
          picks,
          error: day.error ?? null,
        });
        return day.outcome === 'failed' ? 1 : 0;
      }
      if (day.outcome === 'failed') {
        ctx.print(`arXiv could not be read: ${day.error}. The bot would post nothing in the channel and alert the admins.`);
        return 1;
      }
      if (day.outcome === 'no-announcement') {
        ctx.print(`arXiv announced nothing in ${day.categories.join(', ')}${day.day ? ` (${day.day})` : ''}: no digest.`);
        return 0;
      }
      ctx.print(`${day.candidates} new papers in ${day.categories.join(', ')} on ${day.day} (from the ${day.via === 'api' ? 'API' : 'listing feed'}).`);
      if (day.labPapers?.length) ctx.print(`Lab papers in the listing, left to the lab announcement: ${day.labPapers.join(', ')}`);
      if (!picks.length)
        ctx.print(config.digest.emptyNotice ? 'No new papers: the digest would say so in one line.' : 'No new papers: the digest would post nothing.');
      for (const p of picks) ctx.print(`${String(p.rank).padStart(2)}. ${p.arxivId}  ${p.title}${p.marker ? `  [${p.marker}]` : ''}\n      ${p.reason}`);
      if (day.skipped?.length)
        ctx.print(`Skipped ${day.skipped.length} unreadable entr${day.skipped.length === 1 ? 'y' : 'ies'}: ${day.skipped.slice(0, 3).join('; ')}`);
      ctx.print('Dry run: nothing was posted or recorded.');
    } finally {
      store.close();
    }
  },
};
