/**
 * The {@link ChannelPoster} over discord.js's REST client: posting in a channel and opening a thread are
 * plain REST calls, so they need no channel cache and no extra gateway intents.
 */
import { Routes, ThreadAutoArchiveDuration, type APIChannel, type APIMessage, type REST } from 'discord.js';
import type { ChannelPoster } from '../handlers/types.js';

/** Creates a ChannelPoster that talks to Discord (or the configured API root) through `rest`. */
export function createRestChannelPoster(rest: REST): ChannelPoster {
  return {
    async postMessage(channelId, message) {
      // allowed_mentions is already { parse: [] } on every payload built by src/cards; flags do not apply here.
      const { flags: _flags, ...body } = message;
      const posted = (await rest.post(Routes.channelMessages(channelId), { body })) as APIMessage;
      return { id: posted.id };
    },
    async startThread(channelId, messageId, name) {
      const thread = (await rest.post(Routes.threads(channelId, messageId), {
        body: { name, auto_archive_duration: ThreadAutoArchiveDuration.OneWeek },
      })) as APIChannel;
      return { id: thread.id };
    },
  };
}
