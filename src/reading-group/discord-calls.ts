/**
 * The Discord REST calls of the reading group, as plain functions over the bot's REST client: posting (with
 * a nonce), reading a message and its poll results, ending a poll early, opening a thread, and the guild
 * scheduled events it creates and reads. Errors are Discord's (DiscordAPIError), classified by the callers.
 */
import { Routes, ThreadAutoArchiveDuration, type APIGuildScheduledEvent, type APIMessage } from 'discord.js';

/** What the calls need of discord.js's REST client (its `post` and `get`). */
export interface GroupRest {
  post(route: `/${string}`, options: { body: unknown }): Promise<unknown>;
  get(route: `/${string}`, options?: { query?: URLSearchParams }): Promise<unknown>;
}

/** A message as read back, with the poll fields the bot uses. */
export type PolledMessage = APIMessage & {
  poll?: { expiry: string | null; results?: { is_finalized: boolean; answer_counts: { id: number; count: number }[] } };
};

/** The reading group's Discord calls. */
export interface GroupDiscord {
  /** Posts a message; with a nonce, Discord returns the earlier message instead of posting it twice. */
  post(channelId: string, body: Record<string, unknown>, nonce?: string): Promise<APIMessage>;
  /** Reads one message (Read Message History). */
  message(channelId: string, messageId: string): Promise<PolledMessage>;
  /** Ends one of the bot's polls now; resolves with the message. */
  expirePoll(channelId: string, messageId: string): Promise<PolledMessage>;
  /** Opens a public thread on a message. */
  startThread(channelId: string, messageId: string, name: string): Promise<{ id: string }>;
  /** Creates a guild scheduled event (Create Events). */
  createEvent(guildId: string, body: Record<string, unknown>): Promise<APIGuildScheduledEvent>;
  /** A channel's type (2 voice, 13 stage, …), or undefined when the bot cannot see it. */
  channelType(channelId: string): Promise<number | undefined>;
  /** Lists a guild's scheduled events (cancelled and finished ones are no longer listed). */
  listEvents(guildId: string): Promise<APIGuildScheduledEvent[]>;
}

/** The calls over a REST client. */
export function groupDiscord(rest: GroupRest): GroupDiscord {
  return {
    async post(channelId, body, nonce) {
      const withNonce = nonce ? { ...body, nonce, enforce_nonce: true } : body;
      return (await rest.post(Routes.channelMessages(channelId), { body: withNonce })) as APIMessage;
    },
    async message(channelId, messageId) {
      return (await rest.get(Routes.channelMessage(channelId, messageId))) as PolledMessage;
    },
    async expirePoll(channelId, messageId) {
      return (await rest.post(Routes.expirePoll(channelId, messageId), { body: {} })) as PolledMessage;
    },
    async startThread(channelId, messageId, name) {
      const thread = (await rest.post(Routes.threads(channelId, messageId), { body: { name, auto_archive_duration: ThreadAutoArchiveDuration.OneWeek } })) as {
        id: string;
      };
      return { id: thread.id };
    },
    async createEvent(guildId, body) {
      return (await rest.post(Routes.guildScheduledEvents(guildId), { body })) as APIGuildScheduledEvent;
    },
    async channelType(channelId) {
      const channel = (await rest.get(Routes.channel(channelId))) as { type?: unknown };
      return typeof channel.type === 'number' ? channel.type : undefined;
    },
    async listEvents(guildId) {
      return (await rest.get(Routes.guildScheduledEvents(guildId))) as APIGuildScheduledEvent[];
    },
  };
}

/** Discord's error code and HTTP status of a failed call, when it has them. */
export function discordError(err: unknown): { code?: number; status?: number } {
  const e = err as { code?: unknown; status?: unknown };
  return { ...(typeof e?.code === 'number' ? { code: e.code } : {}), ...(typeof e?.status === 'number' ? { status: e.status } : {}) };
}
