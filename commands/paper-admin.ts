/**
 * `/paper-admin`: set up and watch the daily arXiv announcements. A separate top-level command because
 * Discord can hide a whole command from members (`default_member_permissions`), not one subcommand; the
 * handlers check Manage Server again at run time, since a server can override who sees the command.
 * The behaviour of each subcommand is in `src/handlers/admin/`.
 */
import {
  ApplicationCommandOptionType as T,
  ApplicationIntegrationType,
  ChannelType,
  InteractionContextType,
  PermissionFlagsBits,
  type APIApplicationCommandChannelOption,
} from 'discord.js';
import type { CommandModule } from '../src/bot/command-module.js';

const textChannel = (description: string): APIApplicationCommandChannelOption => ({
  type: T.Channel,
  name: 'channel',
  description,
  required: true,
  channel_types: [ChannelType.GuildText, ChannelType.GuildAnnouncement],
});

const command = {
  definition: {
    name: 'paper-admin',
    description: 'Set up and watch the lab’s arXiv announcements (Manage Server)',
    default_member_permissions: PermissionFlagsBits.ManageGuild.toString(),
    contexts: [InteractionContextType.Guild],
    integration_types: [ApplicationIntegrationType.GuildInstall],
    options: [
      { type: T.Subcommand, name: 'channel', description: 'Where new lab papers are announced', options: [textChannel('The announcement channel')] },
      { type: T.Subcommand, name: 'alerts', description: 'Where reviews and delivery failures go', options: [textChannel('The admin channel')] },
      {
        type: T.Subcommand,
        name: 'role',
        description: 'A role to ping with announcements, or clear it',
        options: [
          { type: T.Role, name: 'role', description: 'The role to ping (leave out to see the current one)' },
          { type: T.Boolean, name: 'clear', description: 'Ping no role' },
        ],
      },
      { type: T.Subcommand, name: 'status', description: 'Next run, last run, deliveries and reviews waiting' },
      { type: T.Subcommand, name: 'check-now', description: 'Ask arXiv for new lab papers now and announce them' },
      { type: T.Subcommand, name: 'review', description: 'Papers by a lab author’s namesake, waiting for a decision' },
      {
        type: T.Subcommand,
        name: 'reading-group',
        description: 'The role that organises the reading group (polls, sessions, undo)',
        options: [
          { type: T.Role, name: 'role', description: 'The organiser role (leave out to see the current one)' },
          { type: T.Boolean, name: 'clear', description: 'No organiser role: anyone may start polls' },
        ],
      },
      {
        type: T.Subcommand,
        name: 'digest',
        description: 'The daily field digest: channel, categories, size, on or off',
        options: [
          {
            type: T.Channel,
            name: 'channel',
            description: 'Where the digest goes (a text or forum channel)',
            channel_types: [ChannelType.GuildText, ChannelType.GuildAnnouncement, ChannelType.GuildForum],
          },
          { type: T.String, name: 'categories', description: 'arXiv categories, comma-separated (e.g. cs.LG, stat.ML)', max_length: 200 },
          { type: T.Integer, name: 'size', description: 'Papers per digest (1 to 10)', min_value: 1, max_value: 10 },
          { type: T.Boolean, name: 'enabled', description: 'Turn the digest on or off in this server' },
        ],
      },
    ],
  },
} satisfies CommandModule;

export default command;
