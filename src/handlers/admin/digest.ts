/**
 * `/paper-admin digest [channel] [categories] [size] [enabled]`: where the daily field digest goes, which
 * arXiv categories it reads, how many papers it shows, or whether it runs at all, per server. Without
 * options it shows the current settings. A channel is stored only once Discord confirms the bot can post
 * cards there; categories are checked against arXiv's shape; nothing is changed when any value is bad.
 */
import { noticeMessage } from '../../cards/cards.js';
import { reply, type CommandHandler } from '../types.js';
import { authorize, isReply } from './access.js';
import { targetChannel } from './settings.js';

const CATEGORY = /^[a-z-]+(\.[A-Za-z-]+)?$/;

/** `/paper-admin digest`. */
export const digestCommand: CommandHandler = {
  defer: 'ephemeral',
  async run(input, ctx) {
    const req = authorize(input, ctx);
    if (isReply(req)) return req;
    const digest = ctx.digest;
    if (!digest) return reply(noticeMessage('The field digest is not set up in this bot.'));
    const { channel, categories, size, enabled } = input.options;
    let cats: string[] | undefined;
    if (typeof categories === 'string') {
      cats = categories.split(/[\s,+]+/).filter(Boolean);
      const bad = cats.filter((c) => !CATEGORY.test(c));
      if (cats.length === 0 || bad.length)
        return reply(
          noticeMessage(
            `Categories are arXiv’s, comma-separated, e.g. \`cs.LG, stat.ML\`; not: ${bad.map((b) => `\`${b}\``).join(', ') || 'none given'}. Nothing was changed.`,
          ),
        );
    }
    if (size !== undefined && (typeof size !== 'number' || !Number.isInteger(size) || size < 1 || size > 10))
      return reply(noticeMessage('The size is a number of papers from 1 to 10. Nothing was changed.'));
    let channelId: string | undefined;
    if (channel !== undefined) {
      const target = await targetChannel(input, ctx, req.guildId, 'digest');
      if ('kind' in target) return target;
      channelId = target.channelId;
    }
    const changing = channelId !== undefined || cats !== undefined || size !== undefined || typeof enabled === 'boolean';
    const settings = changing
      ? digest.digests.updateSettings(req.guildId, {
          ...(channelId !== undefined ? { channelId } : {}),
          ...(cats !== undefined ? { categories: cats } : {}),
          ...(typeof size === 'number' ? { size } : {}),
          ...(typeof enabled === 'boolean' ? { enabled } : {}),
        })
      : digest.digests.settings(req.guildId);
    if (changing) ctx.logger.info({ guildId: req.guildId, userId: input.userId, settings }, 'digest settings changed');
    const target = digest.targets().find((t) => t.guildId === req.guildId);
    const on = settings?.enabled ?? digest.config.enabled;
    const next = digest.runner()?.nextRun();
    const lines = [
      changing ? 'Digest settings saved.' : 'The daily field digest:',
      on && target
        ? `The ${target.size} papers of the day in ${target.categories.join(', ')} closest to the lab’s work go to <#${target.channelId}>${next ? `; next run <t:${Math.floor(next.getTime() / 1000)}:R>` : ''}.`
        : on
          ? 'It is on, but no channel is set: `/paper-admin digest channel:#papers` (or set an announcement channel).'
          : 'It is off in this server (`/paper-admin digest enabled:true` turns it on).',
    ];
    return reply(noticeMessage(lines.join('\n')));
  },
};
