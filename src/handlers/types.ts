/**
 * The contract between the Discord router (`src/bot`) and the handlers: handlers take plain data and return
 * plain Discord API payloads built by `src/cards`. They never see a discord.js object, so tests call them
 * directly, and the router alone decides how an answer travels (reply, update, defer then edit).
 */
import type { APIEmbed } from 'discord.js';
import type { Logger } from '../logger.js';
import type { MessagePayload } from '../cards/message.js';
import type { CitationReader } from '../citations/types.js';
import type { PicksStore } from '../picks/types.js';
import type { SearchEngine } from '../search/types.js';

/** Who acted, and where. */
export interface InteractionActor {
  userId: string;
  /** Null in a DM (the commands are registered for servers only, so rarely seen). */
  guildId: string | null;
  channelId: string | null;
  /** The member's permissions in the channel, as Discord's decimal bitfield string; null outside a server. */
  memberPermissions: string | null;
}

/** Option values as Discord sends them: strings, integers, numbers, booleans, ids for users/channels/roles. */
export type OptionValues = Record<string, string | number | boolean | undefined>;

/** A slash command invocation. */
export interface CommandInput extends InteractionActor {
  /** The runnable path: "paper search", "paper-admin channel". */
  path: string;
  options: OptionValues;
}

/** An autocomplete request: the option being typed and the others filled so far. */
export interface AutocompleteInput extends InteractionActor {
  path: string;
  focused: { name: string; value: string };
  options: OptionValues;
}

/** A button press or select-menu choice. */
export interface ComponentInput extends InteractionActor {
  customId: string;
  /** The chosen values of a select menu; empty for a button. */
  values: string[];
  /** The message the component sits on, as Discord sent it with the interaction. */
  message: { id: string; content: string; embeds: APIEmbed[] };
}

/** How a handler answers. */
export type Reply =
  /** A new response to the interaction; ephemeral when `message.flags` has EPHEMERAL. */
  | { kind: 'reply'; message: MessagePayload }
  /** Components only: replace the message the component sits on (paging, reroll). */
  | { kind: 'update'; message: MessagePayload };

/** An autocomplete choice, already within Discord's limits (see `toChoices`). */
export interface Choice {
  name: string;
  value: string;
}

/** What handlers may do in Discord beyond answering the interaction: post in a channel, open a thread. */
export interface ChannelPoster {
  /** Posts a message in a channel; resolves with the new message's id. */
  postMessage(channelId: string, message: MessagePayload): Promise<{ id: string }>;
  /** Opens a public thread on an existing message; resolves with the thread's id. */
  startThread(channelId: string, messageId: string, name: string): Promise<{ id: string }>;
}

/**
 * Everything a handler may use. Other features extend this with optional members (e.g. the announcement
 * service's settings store for `/paper-admin`), so handlers of one feature do not depend on another's.
 */
export interface HandlerContext {
  engine: SearchEngine;
  picks: PicksStore;
  logger: Logger;
  now(): Date;
  discord: ChannelPoster;
  /** Cached citation counts (Semantic Scholar); absent when the bot runs without the citation service. */
  citations?: CitationReader;
  /** Open-ended slot for services other features register (announcement settings, scheduler, ...). */
  services?: Record<string, unknown>;
}

/**
 * How the router should acknowledge before the handler runs. `undefined`: answer directly (fast handlers);
 * the router still defers on its own if a handler has not answered after about two seconds.
 */
export type DeferMode = 'ephemeral' | 'public' | 'update';

/** A slash command's behaviour. */
export interface CommandHandler {
  /** Acknowledge at once because the work may take longer than Discord's 3-second window. */
  defer?: DeferMode;
  run(input: CommandInput, ctx: HandlerContext): Reply | Promise<Reply>;
  /** Choices for the options marked `autocomplete`; must answer from memory and fast. */
  autocomplete?(input: AutocompleteInput, ctx: HandlerContext): Choice[] | Promise<Choice[]>;
}

/** A component's behaviour, chosen by the action tag of its custom_id (see `src/cards/custom-id.ts`). */
export interface ComponentHandler {
  defer?: DeferMode;
  run(input: ComponentInput, ctx: HandlerContext): Reply | Promise<Reply>;
}

/** Shorthand: a new response. */
export const reply = (message: MessagePayload): Reply => ({ kind: 'reply', message });
/** Shorthand: replace the component's message. */
export const update = (message: MessagePayload): Reply => ({ kind: 'update', message });
