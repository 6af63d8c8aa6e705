/**
 * `/paper poll`, `/paper poll-end` and the tie-break buttons. Discord forbids a subcommand group beside a
 * subcommand of the same name, and `/paper poll` takes options, so ending is its own subcommand.
 */
import { PermissionFlagsBits } from 'discord.js';
import { noticeMessage } from '../../cards/cards.js';
import { escapeAndFit, escapeEcho, oneLine } from '../../cards/markdown.js';
import { latexToText } from '../../corpus/latex.js';
import { decodeTieId, tieMessage } from '../../reading-group/messages.js';
import type { GroupPoll } from '../../reading-group/store.js';
import type { ReadingGroupApi, SettleOutcome } from '../../reading-group/types.js';
import { carriesClickedComponent } from '../component-message.js';
import { integerOption, readQuery } from '../paper/options.js';
import { reply, type CommandHandler, type ComponentHandler, type HandlerContext, type InteractionActor, type Reply } from '../types.js';
import { mayEnd, mayOrganise, whoMay } from './access.js';
import { drawCandidates } from './draw.js';

/** Candidates per poll: Discord allows 10 answers; fewer than 2 is no choice. */
export const POLL_COUNT = { min: 2, max: 10, default: 4 } as const;
/** How long a poll runs, in hours: Discord allows up to 32 days. */
export const POLL_HOURS = { min: 1, max: 768, default: 48 } as const;

/** The feature and the server, or the reply that explains why not. */
function groupIn(actor: InteractionActor, ctx: HandlerContext): { group: ReadingGroupApi; guildId: string; channelId: string } | Reply {
  const group = ctx.readingGroup;
  if (!group) return reply(noticeMessage('The reading group is not set up in this bot.'));
  if (!actor.guildId || !actor.channelId) return reply(noticeMessage('Reading-group polls work in a server channel.'));
  if (!group.connected()) return reply(noticeMessage('I am still connecting to Discord; try again in a moment.'));
  return { group, guildId: actor.guildId, channelId: actor.channelId };
}

const isReply = (x: object): x is Reply => 'kind' in x && 'message' in x;

function titleOf(ctx: HandlerContext, guildId: string, arxivId: string): string {
  const paper = ctx.readingGroup?.paperOf(guildId, arxivId) ?? ctx.engine.get(arxivId);
  return escapeAndFit(oneLine(latexToText(paper?.title ?? `arXiv:${arxivId}`)), 200);
}

/** The private answer that says what became of a poll. */
export function outcomeText(outcome: SettleOutcome, poll: GroupPoll, ctx: HandlerContext): string {
  switch (outcome.kind) {
    case 'decided': {
      const votes = `${outcome.pick.votes ?? 0} vote${outcome.pick.votes === 1 ? '' : 's'}`;
      const thread = outcome.threadId ? ` Discussion: <#${outcome.threadId}>.` : ' (I could not open a discussion thread there.)';
      return `📚 The reading group picked **${titleOf(ctx, poll.guildId, outcome.pick.arxivId)}** (${votes}); posted in <#${poll.channelId}>.${thread}`;
    }
    case 'tie':
      return `🤝 The poll ended in a tie between ${outcome.tied.length} papers; <@${poll.startedBy}> settles it with the buttons in <#${poll.channelId}>.`;
    case 'pending':
      return 'The poll is closed and Discord is still counting the votes; the winner will be posted as soon as the count is final.';
    case 'already':
      return outcome.poll.status === 'decided' && outcome.poll.winner
        ? `This poll was already settled: the group picked **${titleOf(ctx, poll.guildId, outcome.poll.winner)}**.`
        : 'This poll was already settled.';
    case 'void':
      return `Nothing was picked: ${outcome.reason}.`;
    case 'blocked':
      return `The poll has ended, but I could not post its winner: ${outcome.reason}. Nothing is recorded yet: once the bot may post there, the next check (or the tie button) posts it.`;
  }
}

/** What the bot needs where a poll goes: the cards, then the poll. */
const POLL_NEEDS: readonly [bigint, string][] = [
  [PermissionFlagsBits.ViewChannel, 'View Channel'],
  [PermissionFlagsBits.SendMessages, 'Send Messages'],
  [PermissionFlagsBits.EmbedLinks, 'Embed Links'],
  [PermissionFlagsBits.SendPolls, 'Send Polls'],
  [PermissionFlagsBits.ReadMessageHistory, 'Read Message History'],
];

/**
 * The permissions the bot lacks in a channel for a poll, asked of Discord first so that nothing is posted
 * when the poll could not follow its cards. A failed lookup (or a thread) checks nothing: Discord's own 403
 * is then the answer.
 */
async function missingInChannel(ctx: HandlerContext, channelId: string): Promise<string[]> {
  try {
    const found = await ctx.discord.inspectChannel(channelId);
    if (found.kind === 'hidden') return ['View Channel'];
    if (found.kind !== 'found' || found.guildId === null) return [];
    return POLL_NEEDS.filter(([bit]) => (found.permissions & bit) === 0n).map(([, name]) => name);
  } catch (err) {
    ctx.logger.debug({ err, channelId }, 'could not check the bot’s permissions for a poll; Discord will say');
    return [];
  }
}

/** `/paper poll [count] [topic] [hours] [author] [from_year]`. */
export const pollCommand: CommandHandler = {
  defer: 'ephemeral',
  async run(input, ctx) {
    const where = groupIn(input, ctx);
    if (isReply(where)) return where;
    const { group, guildId, channelId } = where;
    if (!mayOrganise(input, group)) return reply(noticeMessage(whoMay('start a reading-group poll', group, guildId)));
    const open = group.store.latestUnsettled(guildId);
    if (open) {
      const link = `https://discord.com/channels/${guildId}/${open.channelId}/${open.messageId}`;
      return reply(noticeMessage(`A reading-group poll is already running (${link}). End it with \`/paper poll-end\` before starting another.`));
    }
    const count = integerOption(input.options, 'count', POLL_COUNT.min, POLL_COUNT.max) ?? POLL_COUNT.default;
    const hours = integerOption(input.options, 'hours', POLL_HOURS.min, POLL_HOURS.max) ?? POLL_HOURS.default;
    const q = readQuery(input.options, 'topic');
    const papers = drawCandidates(ctx, guildId, count, q);
    if (papers.length < POLL_COUNT.min) {
      const what = q.text ? ` on “${escapeEcho(q.text, 200)}”` : '';
      return reply(
        noticeMessage(
          `Only ${papers.length} paper${papers.length === 1 ? '' : 's'}${what} ${papers.length === 1 ? 'is' : 'are'} left to draw with these filters, and a poll needs two. Try another topic or fewer filters.`,
        ),
      );
    }
    const missing = await missingInChannel(ctx, channelId);
    if (missing.length > 0) {
      return reply(
        noticeMessage(
          `I cannot post the poll in <#${channelId}>: the bot lacks **${missing.join('**, **')}** there. Grant it to the bot’s role, then run this again.`,
        ),
      );
    }
    const outcome = await group.startPoll({ guildId, channelId, userId: input.userId, papers, hours });
    if (outcome.kind === 'missing-permission') {
      return reply(
        noticeMessage(
          `I cannot post the poll in <#${channelId}>: the bot lacks **${outcome.permission}** there. Grant it to the bot’s role, then run this again.`,
        ),
      );
    }
    if (outcome.kind === 'failed') return reply(noticeMessage(`The poll could not be started: ${outcome.reason}.`));
    const short = papers.length < count ? ` (only ${papers.length} papers were left to draw)` : '';
    return reply(
      noticeMessage(
        `🗳️ Poll started in <#${channelId}> with ${papers.length} candidates${short}; it closes <t:${Math.floor(Date.parse(outcome.poll.expiresAt) / 1000)}:R>. End it early with \`/paper poll-end\`.`,
      ),
    );
  },
  autocomplete(input, ctx) {
    return ctx.engine
      .suggest(input.focused.value.slice(0, 100), { limit: 25 })
      .filter((s) => s.kind === 'query')
      .map((s) => ({ name: s.name, value: s.value }));
  },
};

/** `/paper poll-end`: ends the server's running poll now, or shows the tie-break buttons again. */
export const pollEndCommand: CommandHandler = {
  defer: 'ephemeral',
  async run(input, ctx) {
    const where = groupIn(input, ctx);
    if (isReply(where)) return where;
    const { group, guildId } = where;
    const poll = group.store.latestUnsettled(guildId);
    if (!poll) return reply(noticeMessage('No reading-group poll is running in this server. Start one with `/paper poll`.'));
    if (!mayEnd(input, group, poll.startedBy)) return reply(noticeMessage(whoMay('end this poll', group, guildId, true)));
    if (poll.status === 'tie') {
      const tied = poll.candidates.map((c, index) => ({ index, text: c.text, arxivId: c.arxivId })).filter((c) => poll.tied.includes(c.arxivId));
      return reply({ ...tieMessage(poll, tied, poll.votes ?? 0), flags: 64 });
    }
    const outcome = await group.endPoll(poll);
    return reply(noticeMessage(outcomeText(outcome, poll, ctx)));
  },
};

/** A tie-break button: the starter (or an organiser, or Manage Server) chooses, or draws at random. */
export const tieButton: ComponentHandler = {
  defer: 'ephemeral',
  async run(input, ctx) {
    const state = decodeTieId(input.customId);
    const group = ctx.readingGroup;
    if (!state || !group) return reply(noticeMessage('This button no longer works.'));
    // A click naming a button its message does not carry is forged.
    if (!carriesClickedComponent(input)) return reply(noticeMessage('This button does not belong to this message.'));
    const poll = group.store.poll(state.pollId);
    if (!poll || !input.guildId || poll.guildId !== input.guildId) return reply(noticeMessage('This poll is not known here any more.'));
    if (!mayEnd(input, group, poll.startedBy)) return reply(noticeMessage(whoMay('settle this tie', group, input.guildId, true)));
    const index = state.choice;
    const outcome = await group.settleTie(poll, index, input.userId);
    if (outcome.kind === 'decided' && index === 'random') {
      return reply(noticeMessage(`🎲 Drawn at random among the tied papers. ${outcomeText(outcome, poll, ctx)}`));
    }
    return reply(noticeMessage(outcomeText(outcome, poll, ctx)));
  },
};
