/**
 * The contract between the Discord router (`src/bot`) and the handlers: handlers take plain data and return
 * plain Discord API payloads built by `src/cards`. They never see a discord.js object, so tests call them
 * directly, and the router alone decides how an answer travels (reply, update, defer then edit).
 */
import type { APIEmbed } from 'discord.js';
import type { MessagePayload } from '../cards/message.js';
import type { HandlerContext } from '../app/contracts.js';

export type { ChannelInspection, ChannelPoster, HandlerContext } from '../app/contracts.js';

/** Who acted, and where. */
export interface InteractionActor {
  userId: string;
  /** Null in a DM (the commands are registered for servers only, so rarely seen). */
  guildId: string | null;
  channelId: string | null;
  /** The member's permissions in the channel, as Discord's decimal bitfield string; null outside a server. */
  memberPermissions: string | null;
  /** The member's role ids, for checks against a configured role (absent outside a server). */
  memberRoles?: string[];
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
  message: ComponentMessage;
}

/** The message a component sits on: what a handler needs to tell whose it is and what kind it is. */
export interface ComponentMessage {
  id: string;
  content: string;
  embeds: APIEmbed[];
  /** The custom_ids of every component on the message: a click naming another one is forged. */
  componentIds: string[];
  /**
   * The interaction that produced the message (Discord's `interaction_metadata`): its type (2 for a slash
   * command) and the user who ran it. Null for a message the bot posted in a channel (announcements, review
   * cards, reading-group picks). Unlike a custom_id, a user cannot forge it.
   */
  interaction: { type: number; userId: string } | null;
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
