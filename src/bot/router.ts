/**
 * The interaction router: the one place that touches discord.js interactions. It turns an interaction into
 * plain handler input, applies the allowed-guild check, runs the handler, and sends its answer the right
 * way (reply, update, or defer then edit). It never lets an interaction fail silently: any error becomes a
 * short ephemeral message for the user and a log line with context (never a token).
 */
import {
  MessageFlags,
  type AutocompleteInteraction,
  type ChatInputCommandInteraction,
  type CommandInteractionOption,
  type Interaction,
  type InteractionEditReplyOptions,
  type InteractionReplyOptions,
  type InteractionUpdateOptions,
  type JSONEncodable,
  type MessageContextMenuCommandInteraction,
  type MessageComponentInteraction,
  type RepliableInteraction,
} from 'discord.js';
import { noticeMessage } from '../cards/cards.js';
import { parseCustomId } from '../cards/custom-id.js';
import type { MessagePayload } from '../cards/message.js';
import type { Logger } from '../logger.js';
import type {
  CommandHandler,
  ComponentHandler,
  ComponentMessage,
  DeferMode,
  HandlerContext,
  InteractionActor,
  OptionValues,
  Reply,
} from '../handlers/types.js';

/** What the user sees when something went wrong on our side. */
export const ERROR_TEXT = 'Sorry, something went wrong while answering. It has been logged; please try again.';
/** What the user sees for an interaction no handler takes: a modal, a kind of menu the bot never sends, a forged click. */
export const NO_LONGER_WORKS_TEXT = 'This no longer works. Please run the command again.';
/** What the user sees in a server the bot does not serve. */
export const NOT_ALLOWED_TEXT = 'This bot serves only its lab’s Discord server.';

/** Options for {@link createInteractionRouter}. */
export interface RouterOptions {
  ctx: HandlerContext;
  commands: Record<string, CommandHandler>;
  components: Record<string, ComponentHandler>;
  /** Servers the bot answers in; empty means any. */
  allowedGuildIds: readonly string[];
  logger: Logger;
  /**
   * If a handler without `defer` has not answered after this long, the router defers for it, so Discord's
   * 3-second window is never missed. Default 2000 ms.
   */
  autoDeferMs?: number;
}

/** Flattens a command's options (below its subcommand and group) into name → value. */
function optionValues(data: readonly CommandInteractionOption[]): OptionValues {
  const out: OptionValues = {};
  for (const o of data) {
    if (o.options) Object.assign(out, optionValues(o.options));
    else if (o.value !== undefined) out[o.name] = o.value;
  }
  return out;
}

/**
 * A handler by key, from the map itself only: a key such as `constructor` or `toString` (a forged
 * custom_id or command name) must not find a member of `Object.prototype`.
 */
function lookup<T>(map: Record<string, T>, key: string | undefined): T | undefined {
  return key !== undefined && Object.hasOwn(map, key) ? map[key] : undefined;
}

/** Every custom_id on a message, rows and nested components included. */
function componentIdsOf(components: readonly { toJSON(): unknown }[]): string[] {
  const out: string[] = [];
  const walk = (list: unknown) => {
    if (!Array.isArray(list)) return;
    for (const c of list as Record<string, unknown>[]) {
      if (typeof c?.custom_id === 'string') out.push(c.custom_id);
      walk(c?.components);
      if (c?.accessory) walk([c.accessory]);
    }
  };
  walk(components.map((c) => c.toJSON()));
  return out;
}

/** Who ran the interaction that produced a message (its `interaction_metadata`); null for a channel post. */
function producedBy(message: MessageComponentInteraction['message']): ComponentMessage['interaction'] {
  const meta = message.interactionMetadata;
  return meta?.user?.id ? { type: meta.type, userId: meta.user.id } : null;
}

function commandPath(i: ChatInputCommandInteraction | AutocompleteInteraction): string {
  const group = i.options.getSubcommandGroup(false);
  const sub = i.options.getSubcommand(false);
  return [i.commandName, group, sub].filter(Boolean).join(' ');
}

function actorOf(i: Interaction): InteractionActor {
  const roles = i.member?.roles;
  // An interaction's member is raw API data (an id array) unless discord.js cached the guild member.
  const memberRoles = Array.isArray(roles) ? roles.map(String) : roles && 'cache' in roles ? [...roles.cache.keys()] : undefined;
  return {
    userId: i.user.id,
    guildId: i.guildId,
    channelId: i.channelId,
    memberPermissions: i.memberPermissions ? i.memberPermissions.bitfield.toString() : null,
    ...(memberRoles ? { memberRoles } : {}),
  };
}

/**
 * The text of a message-command's target: its content and the titles, links and descriptions of its embeds
 * (a bot's card carries its paper there). Message commands receive the target without the Message Content intent.
 */
function targetText(message: MessageContextMenuCommandInteraction['targetMessage']): string {
  const parts = [message.content];
  for (const e of message.embeds) parts.push(e.title ?? '', e.url ?? '', e.description ?? '');
  return parts.filter(Boolean).join('\n');
}

/**
 * Hands discord.js a part of a payload as finished API JSON. Plain objects go through its JSON transformer,
 * which re-walks every key of five embeds and their components converting camelCase our payloads never use;
 * an encodable is sent as is. The card builder (`finalizeMessage`) has already applied every Discord limit.
 */
function asJson<T>(value: T): JSONEncodable<T> {
  return { toJSON: () => value };
}

/** discord.js options for a payload built by `src/cards` (API shape → discord.js's camelCase). */
function replyOptions(m: MessagePayload): InteractionReplyOptions {
  const out: InteractionReplyOptions = { allowedMentions: { parse: [] } };
  if (m.content !== undefined) out.content = m.content;
  if (m.embeds !== undefined) out.embeds = m.embeds.map(asJson);
  if (m.components !== undefined) out.components = m.components.map(asJson);
  if (m.flags !== undefined) out.flags = m.flags as InteractionReplyOptions['flags'];
  if (m.files !== undefined) out.files = filesOf(m);
  return out;
}

/** The same for edits and updates, which take no flags (visibility was fixed by the first response). */
function editOptions(m: MessagePayload): InteractionEditReplyOptions & InteractionUpdateOptions {
  const out: InteractionEditReplyOptions & InteractionUpdateOptions = { allowedMentions: { parse: [] } };
  if (m.content !== undefined) out.content = m.content;
  if (m.embeds !== undefined) out.embeds = m.embeds.map(asJson);
  if (m.components !== undefined) out.components = m.components.map(asJson);
  if (m.files !== undefined) out.files = filesOf(m);
  return out;
}

/** A payload's files as discord.js uploads them (multipart, each beside `payload_json`). */
function filesOf(m: MessagePayload): { attachment: Buffer; name: string }[] {
  return (m.files ?? []).map((f) => ({ attachment: f.data, name: f.name }));
}

const isEphemeral = (m: MessagePayload) => ((m.flags ?? 0) & MessageFlags.Ephemeral) !== 0;

type Repliable = ChatInputCommandInteraction | MessageComponentInteraction | MessageContextMenuCommandInteraction;
type AnyRepliable = RepliableInteraction;

async function defer(i: Repliable, mode: DeferMode): Promise<void> {
  if (mode === 'update' && i.isMessageComponent()) await i.deferUpdate();
  else await i.deferReply(mode === 'ephemeral' ? { flags: MessageFlags.Ephemeral } : {});
}

/** Sends a handler's answer, taking into account whether (and how) the interaction was deferred. */
async function send(i: Repliable, answer: Reply, deferred: DeferMode | null): Promise<void> {
  const m = answer.message;
  if (!deferred) {
    if (answer.kind === 'update' && i.isMessageComponent()) await i.update(editOptions(m));
    else await i.reply(replyOptions(m));
    return;
  }
  if (deferred === 'update') {
    // deferUpdate: editReply edits the component's message; a new response goes out as a follow-up.
    if (answer.kind === 'update') await i.editReply(editOptions(m));
    else await i.followUp(replyOptions(m));
    return;
  }
  // deferReply fixed the visibility; a private answer to a public deferral goes as an ephemeral follow-up.
  if (isEphemeral(m) && deferred === 'public') {
    await i.deleteReply().catch(() => undefined);
    await i.followUp(replyOptions(m));
  } else {
    await i.editReply(editOptions(m));
  }
}

/**
 * Creates the listener for `Events.InteractionCreate`. The returned function never rejects.
 */
export function createInteractionRouter(options: RouterOptions): (interaction: Interaction) => Promise<void> {
  const { ctx, commands, components, allowedGuildIds, logger } = options;
  const autoDeferMs = options.autoDeferMs ?? 2000;
  const allowed = new Set(allowedGuildIds);
  const inAllowedGuild = (i: Interaction) => allowed.size === 0 || (i.guildId !== null && allowed.has(i.guildId));

  /** Runs a handler, deferring first when it asks to, or on its behalf when it is slow. */
  async function answer(i: Repliable, handlerDefer: DeferMode | undefined, run: () => Reply | Promise<Reply>): Promise<void> {
    let deferred: DeferMode | null = null;
    if (handlerDefer) {
      await defer(i, handlerDefer);
      deferred = handlerDefer;
    }
    const pending = Promise.resolve().then(run);
    let result: Reply;
    if (deferred) {
      result = await pending;
    } else {
      let timer: NodeJS.Timeout | undefined;
      const slow = new Promise<'slow'>((resolve) => (timer = setTimeout(() => resolve('slow'), autoDeferMs)));
      const first = await Promise.race([pending, slow]);
      clearTimeout(timer);
      if (first === 'slow') {
        // Components usually update their message; commands get a public "thinking…".
        deferred = i.isMessageComponent() ? 'update' : 'public';
        await defer(i, deferred);
        result = await pending;
      } else {
        result = first;
      }
    }
    await send(i, result, deferred);
  }

  async function tellUser(i: AnyRepliable, text: string): Promise<void> {
    const m = noticeMessage(text);
    if (i.deferred && !i.replied) await i.editReply(editOptions(m));
    else if (i.replied || i.deferred) await i.followUp(replyOptions(m));
    else await i.reply(replyOptions(m));
  }

  return async function route(interaction: Interaction): Promise<void> {
    const started = Date.now();
    const context: Record<string, unknown> = {
      interactionId: interaction.id,
      userId: interaction.user.id,
      guildId: interaction.guildId,
      channelId: interaction.channelId,
    };
    try {
      if (interaction.isAutocomplete()) {
        context.command = commandPath(interaction);
        let choices: { name: string; value: string }[] = [];
        if (inAllowedGuild(interaction)) {
          try {
            const focused = interaction.options.getFocused(true);
            context.option = focused.name;
            const handler = lookup(commands, context.command as string);
            choices = handler?.autocomplete
              ? await handler.autocomplete(
                  {
                    ...actorOf(interaction),
                    path: context.command as string,
                    focused: { name: focused.name, value: String(focused.value ?? '') },
                    options: optionValues(interaction.options.data),
                  },
                  ctx,
                )
              : [];
          } catch (err) {
            // Autocomplete never fails: an empty list is a valid answer.
            logger.error({ ...context, err }, 'autocomplete failed; answered with no choices');
            choices = [];
          }
        }
        await interaction.respond(choices);
        logger.debug({ ...context, ms: Date.now() - started, choices: choices.length }, 'autocomplete answered');
        return;
      }

      if (interaction.isChatInputCommand()) {
        const path = commandPath(interaction);
        context.command = path;
        if (!inAllowedGuild(interaction)) return await interaction.reply(replyOptions(noticeMessage(NOT_ALLOWED_TEXT))).then(() => undefined);
        const handler = lookup(commands, path);
        if (!handler) {
          logger.warn(context, 'no handler for a registered command; are the deployed commands out of date?');
          await tellUser(interaction, 'This command is not available in this version of the bot. An admin may need to run `npm run deploy-commands`.');
          return;
        }
        const input = { ...actorOf(interaction), path, options: optionValues(interaction.options.data) };
        await answer(interaction, handler.defer, () => handler.run(input, ctx));
        logger.debug({ ...context, ms: Date.now() - started }, 'command answered');
        return;
      }

      if (interaction.isMessageContextMenuCommand()) {
        const path = interaction.commandName;
        context.command = path;
        if (!inAllowedGuild(interaction)) return await interaction.reply(replyOptions(noticeMessage(NOT_ALLOWED_TEXT))).then(() => undefined);
        const handler = lookup(commands, path);
        if (!handler) {
          await tellUser(interaction, 'This command is not available in this version of the bot. An admin may need to run `npm run deploy-commands`.');
          return;
        }
        const input = { ...actorOf(interaction), path, options: { target_text: targetText(interaction.targetMessage), target_id: interaction.targetId } };
        await answer(interaction, handler.defer, () => handler.run(input, ctx));
        logger.debug({ ...context, ms: Date.now() - started }, 'message command answered');
        return;
      }

      if (interaction.isButton() || interaction.isStringSelectMenu()) {
        const parsed = parseCustomId(interaction.customId);
        context.component = parsed?.action ?? 'unknown';
        context.customId = interaction.customId;
        if (!inAllowedGuild(interaction)) return await interaction.reply(replyOptions(noticeMessage(NOT_ALLOWED_TEXT))).then(() => undefined);
        const handler = lookup(components, parsed?.action);
        if (!handler) {
          await tellUser(interaction, 'This button no longer works. Please run the command again.');
          return;
        }
        const input = {
          ...actorOf(interaction),
          customId: interaction.customId,
          // A forged payload may carry anything as a value; only strings are values Discord would send.
          values: interaction.isStringSelectMenu() ? interaction.values.filter((v): v is string => typeof v === 'string') : [],
          message: {
            id: interaction.message.id,
            content: interaction.message.content,
            embeds: interaction.message.embeds.map((e) => e.toJSON()),
            componentIds: componentIdsOf(interaction.message.components),
            interaction: producedBy(interaction.message),
          },
        };
        await answer(interaction, handler.defer, () => handler.run(input, ctx));
        logger.debug({ ...context, ms: Date.now() - started }, 'component answered');
        return;
      }

      // Modal submits, user/role/mentionable/channel menus, user commands: the bot sends none of
      // these, so nothing handles them; an answer still goes out, so the user never sees "interaction failed".
      if (interaction.isRepliable()) {
        context.kind = interaction.type;
        if ('customId' in interaction) context.customId = interaction.customId;
        logger.info(context, 'interaction of a kind the bot does not handle; answered "no longer works"');
        await tellUser(interaction, inAllowedGuild(interaction) ? NO_LONGER_WORKS_TEXT : NOT_ALLOWED_TEXT);
        return;
      }
    } catch (err) {
      logger.error({ ...context, err }, 'interaction failed');
      if (interaction.isRepliable()) {
        await tellUser(interaction, ERROR_TEXT).catch((e: unknown) => logger.warn({ ...context, err: e }, 'could not tell the user about the failure either'));
      }
    }
  };
}
