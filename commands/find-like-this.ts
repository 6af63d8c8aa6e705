/**
 * "Find lab papers like this": a message command (right-click a message → Apps). Discord hands the bot the
 * message it was used on, content included, without the privileged Message Content intent.
 */
import { ApplicationCommandType, ApplicationIntegrationType, InteractionContextType } from 'discord.js';
import type { CommandModule } from '../src/bot/command-module.js';

const command = {
  definition: {
    type: ApplicationCommandType.Message,
    name: 'Find lab papers like this',
    contexts: [InteractionContextType.Guild],
    integration_types: [ApplicationIntegrationType.GuildInstall],
  },
} satisfies CommandModule;

export default command;
