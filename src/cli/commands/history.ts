/**
 * `paperbot history [--json]`: the reading group's picks as the bot recorded them (date, paper, how each was
 * chosen, presenter), read from the state database read-only, so it runs beside the bot.
 */
import { existsSync } from 'node:fs';
import type { CliCommand } from '../command.js';
import { JSON_OPTION, wantsJson } from '../options.js';

export const historyCommand: CliCommand = {
  name: 'history',
  summary: 'the reading group’s picks: date, paper, how it was chosen, presenter',
  args: '',
  options: { guild: { type: 'string', valueName: 'ID', description: 'only this server’s picks' }, ...JSON_OPTION },
  details: ['Reads DATA_DIR/state.db (or DB_PATH) read-only; the bot records picks from /paper random, /paper poll and /paper schedule.'],
  async run(input, ctx) {
    const config = ctx.config;
    if (!existsSync(config.dbPath)) {
      if (wantsJson(input)) ctx.printJson([]);
      else ctx.print(`No state database at ${config.dbPath} yet: the bot has recorded no picks.`);
      return 0;
    }
    // Loaded here: every `paperbot` run loads this registry entry, and only this command needs SQLite.
    const [{ Store }, { SqlitePicksStore }] = await Promise.all([import('../../store/store.js'), import('../../store/picks.js')]);
    const store = Store.open(config.dbPath, { readonly: true });
    try {
      const guild = typeof input.values.guild === 'string' ? input.values.guild : undefined;
      const picks = new SqlitePicksStore(store).listAll().filter((p) => !guild || p.guildId === guild);
      if (wantsJson(input)) {
        ctx.printJson(
          picks.map((p) => ({
            date: p.pickedAt,
            arxivId: p.arxivId,
            title: p.title,
            how: p.how ?? 'random',
            votes: p.votes ?? null,
            tieBreak: p.tieBreak ?? null,
            presenterId: p.presenterId ?? null,
            pickedBy: p.pickedBy,
            guildId: p.guildId,
          })),
        );
        return 0;
      }
      if (picks.length === 0) {
        ctx.print('No reading-group picks yet.');
        return 0;
      }
      for (const p of picks) {
        const how =
          p.how === 'poll'
            ? `poll, ${p.votes ?? 0} vote${p.votes === 1 ? '' : 's'}${p.tieBreak ? `, tie ${p.tieBreak === 'random' ? 'drawn at random' : 'settled by the starter'}` : ''}`
            : (p.how ?? 'random');
        const presenter = p.presenterId ? `, presenter ${p.presenterId}` : '';
        ctx.print(`${p.pickedAt.slice(0, 10)}  ${p.arxivId}  ${p.title.replace(/\s+/g, ' ')}  (${how}${presenter})`);
      }
      return 0;
    } finally {
      store.close();
    }
  },
};
