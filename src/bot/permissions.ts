/**
 * The permissions the bot asks for when it is invited, in one place: the README's invite URL, the URL
 * `npm run deploy-commands` prints, and the permissions the tests' Discord emulator grants the bot all come
 * from here, so a Discord call that needs something missing from this list fails in the tests.
 */
import { PermissionFlagsBits } from 'discord.js';

/** One permission the bot needs, with the Discord call that needs it. */
export interface BotPermission {
  /** The name Discord's server settings and URL generator show. */
  name: string;
  flag: bigint;
  /** What the bot does with it. */
  usedFor: string;
}

/** Every permission the bot uses, in the order Discord's URL generator lists them. */
export const BOT_PERMISSIONS: readonly BotPermission[] = [
  { name: 'View Channels', flag: PermissionFlagsBits.ViewChannel, usedFor: 'every channel call: posting, reading history, opening threads' },
  {
    name: 'Send Messages',
    flag: PermissionFlagsBits.SendMessages,
    usedFor: 'announcements, review cards, alerts and reading-group picks (POST /channels/{id}/messages)',
  },
  {
    name: 'Send Messages in Threads',
    flag: PermissionFlagsBits.SendMessagesInThreads,
    usedFor: 'a reading-group pick made from a command run inside a thread',
  },
  {
    name: 'Create Public Threads',
    flag: PermissionFlagsBits.CreatePublicThreads,
    usedFor: 'the discussion thread on a reading-group pick (POST /channels/{id}/messages/{id}/threads)',
  },
  { name: 'Embed Links', flag: PermissionFlagsBits.EmbedLinks, usedFor: 'the paper cards the bot posts in channels' },
  { name: 'Attach Files', flag: PermissionFlagsBits.AttachFiles, usedFor: 'the /paper stats chart, a PNG upload' },
  {
    name: 'Read Message History',
    flag: PermissionFlagsBits.ReadMessageHistory,
    usedFor: 'the duplicate check after an outage (GET /channels/{id}/messages) and reading a poll’s results (GET /channels/{id}/messages/{id})',
  },
  {
    name: 'Create Events',
    flag: PermissionFlagsBits.CreateEvents,
    usedFor: 'reading-group sessions as scheduled events (POST /guilds/{id}/scheduled-events; since 2026 Manage Events alone no longer suffices)',
  },
  { name: 'Send Polls', flag: PermissionFlagsBits.SendPolls, usedFor: 'the reading-group poll (POST /channels/{id}/messages with a poll)' },
];

/** The permissions integer of the invite URL: every flag of {@link BOT_PERMISSIONS} OR-ed together. */
export const BOT_PERMISSIONS_INTEGER: bigint = BOT_PERMISSIONS.reduce((bits, p) => bits | p.flag, 0n);

/** The OAuth2 URL that adds the bot to a server with exactly {@link BOT_PERMISSIONS} and its slash commands. */
export function inviteUrl(applicationId: string): string {
  return `https://discord.com/oauth2/authorize?client_id=${encodeURIComponent(applicationId)}&scope=bot+applications.commands&permissions=${BOT_PERMISSIONS_INTEGER}`;
}
