/**
 * `/paper schedule` (a session as a guild scheduled event) and `/paper sessions` (the sessions to come).
 */
import { noticeMessage, customMessage, CARD_COLOR } from '../../cards/cards.js';
import { escapeAndFit, oneLine } from '../../cards/markdown.js';
import { latexToText } from '../../corpus/latex.js';
import { isLabPaper } from '../../corpus/schema.js';
import { eventLink, sessionLine } from '../../reading-group/messages.js';
import { EVENT_LIMITS } from '../../reading-group/session-text.js';
import { formatInZone, parseWhen, WHEN_EXAMPLE } from '../../reading-group/when.js';
import { integerOption, resolvePaper, stringOption } from '../paper/options.js';
import { reply, type CommandHandler } from '../types.js';
import { mayOrganise, whoMay } from './access.js';

/** A session's length in minutes: 1 hour by default, at most a day. */
export const SESSION_MINUTES = { min: 15, max: 24 * 60, default: 60 } as const;

/** `/paper schedule paper:<…> when:<date and time> [where] [channel] [repeat] [presenter] [minutes]`. */
export const scheduleCommand: CommandHandler = {
  defer: 'ephemeral',
  async run(input, ctx) {
    const group = ctx.readingGroup;
    if (!group) return reply(noticeMessage('The reading group is not set up in this bot.'));
    if (!input.guildId || !input.channelId) return reply(noticeMessage('Sessions belong to a server; run this in one of its channels.'));
    if (!group.connected()) return reply(noticeMessage('I am still connecting to Discord; try again in a moment.'));
    if (!mayOrganise(input, group)) return reply(noticeMessage(whoMay('schedule reading-group sessions', group, input.guildId)));
    const found = resolvePaper(ctx.engine, stringOption(input.options, 'paper', 200));
    if ('unknownId' in found) return reply(noticeMessage(`arXiv:${found.unknownId} is not in the lab’s index.`));
    if ('noMatch' in found) return reply(noticeMessage('Pick the paper from the list, or give its arXiv id.'));
    if (!isLabPaper(found.found)) return reply(noticeMessage(`arXiv:${found.found.arxivId} is by a namesake of a lab author, not the lab’s.`));
    const rawWhen = stringOption(input.options, 'when', 100);
    const when = parseWhen(rawWhen ?? '', group.timeZone, ctx.now());
    if ('error' in when) return reply(noticeMessage(`${when.error} For example: \`/paper schedule paper:… when:${WHEN_EXAMPLE}\`.`));
    const place = stringOption(input.options, 'where', EVENT_LIMITS.location);
    const channel = typeof input.options.channel === 'string' ? input.options.channel : undefined;
    if (!place && !channel) return reply(noticeMessage('Say where the session is: `where:` a room or a link, or `channel:` a voice or stage channel.'));
    const repeat = input.options.repeat === 'weekly' ? 1 : input.options.repeat === 'fortnightly' ? 2 : 0;
    const presenter = typeof input.options.presenter === 'string' ? input.options.presenter : undefined;
    const minutes = integerOption(input.options, 'minutes', SESSION_MINUTES.min, SESSION_MINUTES.max) ?? SESSION_MINUTES.default;
    const outcome = await group.schedule({
      guildId: input.guildId,
      channelId: input.channelId,
      userId: input.userId,
      paper: found.found,
      at: when.at,
      minutes,
      where: channel ? { channelId: channel } : { location: place! },
      repeatWeeks: repeat,
      ...(presenter ? { presenterId: presenter } : {}),
    });
    switch (outcome.kind) {
      case 'missing-permission':
        return reply(
          noticeMessage(
            `I could not create the event: Discord requires the **${outcome.permission}** permission for this (since February 2026 *Manage Events* alone no longer suffices). Grant **${outcome.permission}** to the bot’s role in Server Settings → Roles, then run this again. Nothing was scheduled.`,
          ),
        );
      case 'bad-channel':
        return reply(noticeMessage(`I could not use that channel: ${outcome.reason}. Nothing was scheduled.`));
      case 'failed':
        return reply(noticeMessage(`${outcome.reason}. Nothing was scheduled.`));
      case 'created': {
        const s = outcome.session;
        const repeatText = s.repeatWeeks === 1 ? ', every week' : s.repeatWeeks === 2 ? ', every other week' : '';
        const title = escapeAndFit(oneLine(latexToText(s.title)), 200);
        const hours = Math.round(group.reminderLeadMs / 360_000) / 10;
        return reply(
          noticeMessage(
            `📅 Scheduled **${title}** for ${formatInZone(when.at, group.timeZone)}${repeatText}, ${minutes} minutes, at ${s.location}. Event: ${eventLink(s)}. A reminder goes to <#${s.channelId}> ${hours} h before.`,
          ),
        );
      }
    }
  },
  autocomplete(input, ctx) {
    if (input.focused.name !== 'paper') return [];
    return ctx.engine.suggest(input.focused.value.slice(0, 100), { limit: 25, kinds: ['paper'] }).map((s) => ({ name: s.name, value: s.value }));
  },
};

/** `/paper sessions`: the server's sessions to come, with their papers and presenters. */
export const sessionsCommand: CommandHandler = {
  defer: 'ephemeral',
  async run(input, ctx) {
    const group = ctx.readingGroup;
    if (!group) return reply(noticeMessage('The reading group is not set up in this bot.'));
    if (!input.guildId) return reply(noticeMessage('Sessions belong to a server; run this in one.'));
    const { upcoming, cancelled } = await group.upcoming(input.guildId);
    const lines = upcoming.slice(0, 15).map((u) => sessionLine(u.session, u.occurrence, group.timeZone));
    const notes = cancelled.map((s) => `~~${escapeAndFit(oneLine(latexToText(s.title)), 120)}~~ was cancelled in Discord.`);
    if (lines.length === 0 && notes.length === 0) {
      return reply(noticeMessage('No reading-group session is scheduled. Schedule one with `/paper schedule paper:… when:…`.'));
    }
    return reply(
      customMessage({
        embeds: [
          {
            color: CARD_COLOR,
            title: '📅 Reading group sessions',
            description: [...lines, ...(notes.length ? ['', ...notes] : [])].join('\n') || 'None to come.',
            footer: { text: `Times in ${group.timeZone}` },
          },
        ],
        flags: 64,
      }),
    );
  },
};
