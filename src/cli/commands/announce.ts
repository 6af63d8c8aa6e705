/**
 * `paperbot announce --dry-run`: what the next announcement run would post, asking arXiv exactly as the bot
 * does, and posting and recording nothing. The state database is opened read-only (the bot may be running).
 */
import type { CliCommand } from '../command.js';
import { UsageError } from '../errors.js';
import { loadCliRoster, openStateReadOnly } from '../state.js';
import { JSON_OPTION, wantsJson } from '../options.js';

export const announceCommand: CliCommand = {
  name: 'announce',
  summary: 'show what the next arXiv announcement would post (--dry-run)',
  args: '--dry-run',
  options: {
    'dry-run': { type: 'boolean', description: 'required: ask arXiv and show the result; post and record nothing' },
    ...JSON_OPTION,
  },
  details: [
    'Reads the roster (lab.json) and the bot’s state (state.db, read-only) and asks arXiv as the next run would.',
    'The bot itself posts: on its schedule, or with /paper-admin check-now in Discord.',
  ],
  async run(input, ctx) {
    if (input.values['dry-run'] !== true)
      throw new UsageError('only --dry-run is supported here: the bot posts (on its schedule, or with /paper-admin check-now)');
    // Loaded here, not at the top: every `paperbot` run loads this registry entry, and only this command needs
    // SQLite, the arXiv client and the scheduler.
    const [{ Cron }, { checkForNewPapers }, { ArxivClient, arxivClientOptionsFromConfig }] = await Promise.all([
      import('croner'),
      import('../../announce/check.js'),
      import('../../arxiv/client.js'),
    ]);
    const config = ctx.config;
    const logger = await ctx.logger();
    const roster = await loadCliRoster(config);
    const store = await openStateReadOnly(config);
    try {
      const result = await checkForNewPapers({
        client: new ArxivClient(arxivClientOptionsFromConfig(config, logger)),
        store,
        corpus: ctx.corpus,
        roster,
        logger,
        defaults: { announceChannelId: config.announce.channelId, adminChannelId: config.announce.adminChannelId, guildId: config.discord.guildId },
        maxPerRun: config.announce.maxPerRun,
        dryRun: true,
      });
      const next = config.announce.enabled ? new Cron(config.announce.cron, { timezone: config.announce.timeZone, paused: true }).nextRun() : null;
      const summary = (p: { arxivId: string; title: string }) => ({ arxivId: p.arxivId, title: p.title });
      if (wantsJson(input)) {
        ctx.printJson({
          nextRun: next?.toISOString() ?? null,
          firstRun: result.silent,
          found: result.found,
          announce: { channels: result.announceTargets.map((t) => t.channelId), papers: result.newPapers.map(summary) },
          review: result.reviews.map((r) => ({ ...summary(r.paper), reasons: r.reasons })),
          updated: result.updated.map(summary),
          firstRunChannels: result.baselined,
          withheld: result.withheld ?? null,
          skipped: result.skipped,
        });
        return;
      }
      ctx.print(
        `Next scheduled run: ${next ? new Intl.DateTimeFormat('en-US', { timeZone: config.announce.timeZone, dateStyle: 'full', timeStyle: 'short' }).format(next) : 'none (ANNOUNCE_ENABLED=false)'}`,
      );
      ctx.print(`arXiv lists ${result.found} recent papers by the lab’s authors; ${result.newPapers.length} are new.`);
      if (result.silent) ctx.print('This would be the first run: it records what exists and posts nothing.');
      else if (result.newPapers.length && result.announceTargets.length === 0)
        ctx.print('No announcement channel is ready (set ANNOUNCE_CHANNEL_ID or use /paper-admin channel): nothing would be posted.');
      else if (result.newPapers.length) ctx.print(`Would announce in channel ${result.announceTargets.map((t) => t.channelId).join(', ')}:`);
      for (const p of result.newPapers) ctx.print(`  ${p.arxivId}  ${p.title}`);
      if (result.baselined.length) ctx.print(`First run for channel ${result.baselined.join(', ')}: nothing would be posted there.`);
      if (result.reviews.length) ctx.print('Would ask an admin to review (name matches only):');
      for (const r of result.reviews) ctx.print(`  ${r.paper.arxivId}  ${r.paper.title}\n      ${r.reasons.join('; ')}`);
      if (result.updated.length) ctx.print(`New versions, refreshed but not announced again: ${result.updated.map((p) => p.arxivId).join(', ')}`);
      if (result.withheld !== undefined) {
        ctx.print(
          `arXiv lists ${result.withheld} new papers at once, more than ANNOUNCE_MAX_PER_RUN (${config.announce.maxPerRun}): the run would announce none and alert the admins.`,
        );
      }
      if (result.skipped.length)
        ctx.print(
          `Would skip ${result.skipped.length} arXiv entr${result.skipped.length === 1 ? 'y' : 'ies'} that cannot be read: ${result.skipped.slice(0, 3).join('; ')}`,
        );
      ctx.print('Dry run: nothing was posted or recorded.');
    } finally {
      store.close();
    }
  },
};
