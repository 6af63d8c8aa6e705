/**
 * Builders for INTERACTION_CREATE payloads shaped like Discord's: slash commands with subcommands and
 * typed options (users, channels and roles resolved), autocomplete with the focused option, and button
 * and select-menu clicks carrying the message they are attached to. Each payload gets a fresh id and token.
 *
 * When the command is registered, options are typed from its definition and checked the way Discord's
 * client checks them before sending (unknown names, missing required options, choices, bounds), so a
 * test cannot send an interaction that real Discord would never deliver.
 */
import type { APIMessage } from 'discord.js';
import { makeInteractionToken } from './snowflake.js';
import { MEMBER_PERMISSIONS, type EmulatedChannel, type EmulatedUser, type EmulatorState, type StoredCommand } from './state.js';

type Obj = Record<string, unknown>;

/** Interaction types. */
export const InteractionKind = { Ping: 1, ApplicationCommand: 2, MessageComponent: 3, Autocomplete: 4, ModalSubmit: 5 } as const;

/** Application command option types. */
export const OptionType = {
  Subcommand: 1,
  SubcommandGroup: 2,
  String: 3,
  Integer: 4,
  Boolean: 5,
  User: 6,
  Channel: 7,
  Role: 8,
  Mentionable: 9,
  Number: 10,
  Attachment: 11,
} as const;

/** Who invokes an interaction, and where. */
export interface InvokeOptions {
  /** The invoking user (the emulator's default user when omitted). */
  user?: EmulatedUser;
  /** The guild; `null` for a DM with the bot. Defaults to the first guild. */
  guildId?: string | null;
  /** The channel; defaults to the guild's first text channel (for components: the message's channel). */
  channelId?: string;
  /** The member's permissions in the channel (bits); a regular member's by default. */
  memberPermissions?: bigint | string;
  /** Role ids the member has. */
  memberRoles?: string[];
  /** The bot's permissions in the channel (bits); by default what the emulator grants it there. */
  appPermissions?: bigint | string;
  /** The user's client locale (`en-US` by default). */
  locale?: string;
}

/** An option value a test may pass: primitives, or users/channels/roles by object or id. */
export type OptionValue = string | number | boolean | EmulatedUser | EmulatedChannel | { id: string };

/** Defaults the builders need from the emulator. */
export interface PayloadDefaults {
  state: EmulatorState;
  defaultUser: EmulatedUser;
  defaultGuildId: string;
  defaultChannelId: string;
}

/** Thrown when a test asks for an interaction Discord would never send (unknown command, bad option, missing button). */
export class ImpossibleInteractionError extends Error {
  override name = 'ImpossibleInteractionError';
}

function permissionString(v: bigint | string | undefined, fallback: bigint): string {
  return v === undefined ? fallback.toString() : typeof v === 'bigint' ? v.toString() : v;
}

/** The fields every interaction shares: id, token, application, user or member, guild, channel, permissions. */
export function baseInteraction(d: PayloadDefaults, type: number, opts: InvokeOptions, channelId?: string): Obj & { id: string; token: string } {
  const { state } = d;
  const user = opts.user ?? d.defaultUser;
  const guildId = opts.guildId === undefined ? d.defaultGuildId : opts.guildId;
  const id = state.ids.next();
  const token = makeInteractionToken(id);
  const payload: Obj & { id: string; token: string } = {
    id,
    token,
    application_id: state.applicationId,
    type,
    version: 1,
    app_permissions: permissionString(opts.appPermissions, state.botPermissions),
    locale: opts.locale ?? 'en-US',
    entitlements: [],
    attachment_size_limit: 10_485_760,
  };
  if (guildId) {
    const guild = state.guilds.get(guildId);
    if (!guild) throw new ImpossibleInteractionError(`unknown guild ${guildId}`);
    const cid = channelId ?? opts.channelId ?? d.defaultChannelId;
    const channel = state.channels.get(cid);
    if (!channel || channel.guildId !== guildId) throw new ImpossibleInteractionError(`channel ${cid} is not in guild ${guildId}`);
    if (opts.appPermissions === undefined) payload.app_permissions = state.botPermissionsIn(channel).toString();
    Object.assign(payload, {
      guild_id: guildId,
      guild: { id: guildId, locale: 'en-US', features: [] },
      guild_locale: 'en-US',
      channel_id: cid,
      channel: state.channelObject(channel),
      member: state.memberObject(user, {
        permissions: permissionString(opts.memberPermissions, MEMBER_PERMISSIONS),
        roles: opts.memberRoles ?? [],
      }),
      authorizing_integration_owners: { '0': guildId },
      context: 0,
    });
  } else {
    // A DM between the user and the bot.
    const dmId = channelId ?? opts.channelId ?? `${BigInt(user.id) ^ BigInt(state.botUser.id)}`;
    Object.assign(payload, {
      channel_id: dmId,
      channel: { id: dmId, type: 1, last_message_id: null, flags: 0, recipients: [state.userObject(user)] },
      user: state.userObject(user),
      authorizing_integration_owners: { '1': user.id },
      context: 1,
    });
  }
  return payload;
}

interface Resolved {
  users?: Record<string, Obj>;
  members?: Record<string, Obj>;
  channels?: Record<string, Obj>;
  roles?: Record<string, Obj>;
}

function idOf(v: OptionValue): string {
  if (typeof v === 'object' && v !== null && 'id' in v) return v.id;
  return String(v);
}

function inferType(v: OptionValue): number {
  if (typeof v === 'boolean') return OptionType.Boolean;
  if (typeof v === 'number') return Number.isInteger(v) ? OptionType.Integer : OptionType.Number;
  if (typeof v === 'object' && v !== null) {
    if ('username' in v) return OptionType.User;
    if ('type' in v && 'name' in v) return OptionType.Channel;
    return OptionType.Mentionable;
  }
  return OptionType.String;
}

/**
 * The `data.options` tree for a chat-input interaction. `path` is `[]`, `[sub]` or `[group, sub]`.
 * With `focused`, that option is marked focused and its value sent as the raw typed string (autocomplete).
 */
export function buildCommandOptions(
  d: PayloadDefaults,
  command: StoredCommand | undefined,
  path: string[],
  values: Record<string, OptionValue | undefined>,
  guildId: string | null,
  focused?: string,
): { options: Obj[]; resolved: Resolved } {
  const { state } = d;
  let defs: Obj[] | undefined = command ? ((command.options as Obj[] | undefined) ?? []) : undefined;
  const wrappers: Obj[] = [];
  for (const [depth, name] of path.entries()) {
    const expected = depth === 0 && path.length === 2 ? OptionType.SubcommandGroup : OptionType.Subcommand;
    if (defs) {
      const def = defs.find((o) => o.name === name && o.type === expected);
      if (!def) throw new ImpossibleInteractionError(`/${command!.name} has no ${expected === 1 ? 'subcommand' : 'subcommand group'} "${name}"`);
      defs = (def.options as Obj[] | undefined) ?? [];
    }
    wrappers.push({ type: expected, name });
  }
  if (defs && path.length === 0 && defs.some((o) => o.type === OptionType.Subcommand || o.type === OptionType.SubcommandGroup)) {
    throw new ImpossibleInteractionError(`/${command!.name} needs a subcommand`);
  }

  const resolved: Resolved = {};
  const leaf: Obj[] = [];
  for (const [name, raw] of Object.entries(values)) {
    if (raw === undefined) continue;
    const def = defs?.find((o) => o.name === name);
    if (defs && !def) throw new ImpossibleInteractionError(`/${[command!.name, ...path].join(' ')} has no option "${name}"`);
    const type = (def?.type as number | undefined) ?? inferType(raw);
    const isFocused = focused === name;
    let value: unknown = raw;
    if (isFocused) {
      value = typeof raw === 'object' ? idOf(raw) : String(raw);
    } else {
      value = coerceOption(d, name, type, raw, def, resolved, guildId);
    }
    leaf.push({ name, type, value, ...(isFocused ? { focused: true } : {}) });
  }
  if (focused !== undefined && !leaf.some((o) => o.focused)) {
    leaf.push({ name: focused, type: (defs?.find((o) => o.name === focused)?.type as number | undefined) ?? OptionType.String, value: '', focused: true });
  }
  if (defs && focused !== undefined) {
    const def = defs.find((o) => o.name === focused);
    if (!def) throw new ImpossibleInteractionError(`no option "${focused}" to autocomplete`);
    if (def.autocomplete !== true) throw new ImpossibleInteractionError(`option "${focused}" does not have autocomplete enabled`);
  }
  if (defs && focused === undefined) {
    for (const def of defs) {
      if (def.required === true && values[def.name as string] === undefined) {
        throw new ImpossibleInteractionError(`required option "${String(def.name)}" missing`);
      }
    }
  }
  void state;
  // Nest the leaf options inside the subcommand (and group) wrappers.
  let options: Obj[] = leaf;
  for (let i = wrappers.length - 1; i >= 0; i--) options = [{ ...wrappers[i]!, options }];
  return { options, resolved };
}

function coerceOption(
  d: PayloadDefaults,
  name: string,
  type: number,
  raw: OptionValue,
  def: Obj | undefined,
  resolved: Resolved,
  guildId: string | null,
): unknown {
  const { state } = d;
  const bad = (why: string) => new ImpossibleInteractionError(`option "${name}": ${why}`);
  switch (type) {
    case OptionType.String: {
      if (typeof raw !== 'string') throw bad('expected a string');
      if (typeof def?.min_length === 'number' && raw.length < def.min_length) throw bad(`shorter than min_length ${def.min_length}`);
      if (typeof def?.max_length === 'number' && raw.length > def.max_length) throw bad(`longer than max_length ${def.max_length}`);
      checkChoice(def, raw, bad);
      return raw;
    }
    case OptionType.Integer:
    case OptionType.Number: {
      if (typeof raw !== 'number' || (type === OptionType.Integer && !Number.isInteger(raw)))
        throw bad(`expected ${type === OptionType.Integer ? 'an integer' : 'a number'}`);
      if (typeof def?.min_value === 'number' && raw < def.min_value) throw bad(`below min_value ${def.min_value}`);
      if (typeof def?.max_value === 'number' && raw > def.max_value) throw bad(`above max_value ${def.max_value}`);
      checkChoice(def, raw, bad);
      return raw;
    }
    case OptionType.Boolean:
      if (typeof raw !== 'boolean') throw bad('expected a boolean');
      return raw;
    case OptionType.User:
    case OptionType.Mentionable: {
      const id = idOf(raw);
      const user = state.users.get(id);
      if (user) {
        (resolved.users ??= {})[id] = state.userObject(user);
        if (guildId) {
          const { user: _u, ...member } = state.memberObject(user, { permissions: MEMBER_PERMISSIONS.toString() });
          void _u;
          (resolved.members ??= {})[id] = member;
        }
        return id;
      }
      const role = guildId ? state.guilds.get(guildId)?.roles.find((r) => r.id === id) : undefined;
      if (role && type === OptionType.Mentionable) {
        (resolved.roles ??= {})[id] = { ...role, flags: 0, icon: null, unicode_emoji: null };
        return id;
      }
      throw bad(`unknown user ${id}`);
    }
    case OptionType.Channel: {
      const id = idOf(raw);
      const channel = state.channels.get(id);
      if (!channel) throw bad(`unknown channel ${id}`);
      const types = def?.channel_types as number[] | undefined;
      if (types && !types.includes(channel.type)) throw bad(`channel type ${channel.type} not among ${types.join(',')}`);
      (resolved.channels ??= {})[id] = {
        id,
        name: channel.name,
        type: channel.type,
        // Discord gives the invoking member's permissions in that channel.
        permissions: MEMBER_PERMISSIONS.toString(),
        ...(channel.parentId ? { parent_id: channel.parentId } : {}),
      };
      return id;
    }
    case OptionType.Role: {
      const id = idOf(raw);
      const role = guildId ? state.guilds.get(guildId)?.roles.find((r) => r.id === id) : undefined;
      if (!role) throw bad(`unknown role ${id}`);
      (resolved.roles ??= {})[id] = { ...role, flags: 0, icon: null, unicode_emoji: null };
      return id;
    }
    default:
      return raw;
  }
}

function checkChoice(def: Obj | undefined, value: string | number, bad: (why: string) => Error): void {
  const choices = def?.choices as Array<{ value: unknown }> | undefined;
  if (choices && choices.length > 0 && !choices.some((c) => c.value === value)) throw bad(`"${value}" is not one of the choices`);
}

/** A chat-input (slash) command or autocomplete interaction payload. */
export function buildCommandInteraction(
  d: PayloadDefaults,
  args: { name: string; path: string[]; options: Record<string, OptionValue | undefined>; focused?: string; strict: boolean },
  opts: InvokeOptions,
): Obj & { id: string; token: string } {
  const guildId = opts.guildId === undefined ? d.defaultGuildId : opts.guildId;
  const command = d.state.findCommand(args.name, guildId);
  if (!command && args.strict) {
    throw new ImpossibleInteractionError(`/${args.name} is not registered (globally or in guild ${guildId ?? 'DM'}); deploy the commands first`);
  }
  const payload = baseInteraction(d, args.focused !== undefined ? InteractionKind.Autocomplete : InteractionKind.ApplicationCommand, opts);
  const { options, resolved } = buildCommandOptions(d, command, args.path, args.options, guildId, args.focused);
  payload.data = {
    id: command?.id ?? d.state.ids.next(),
    name: args.name,
    type: 1,
    ...(command?.guild_id ? { guild_id: command.guild_id } : {}),
    ...(options.length ? { options } : {}),
    ...(Object.keys(resolved).length ? { resolved } : {}),
  };
  return payload;
}

type Component = Obj & {
  type: number;
  custom_id?: string;
  disabled?: boolean;
  options?: Array<{ value: string }>;
  min_values?: number;
  max_values?: number;
  style?: number;
};

/** Every interactive component of a message, including those nested in rows. */
export function messageComponents(message: APIMessage): Component[] {
  const out: Component[] = [];
  const walk = (list: unknown) => {
    if (!Array.isArray(list)) return;
    for (const c of list as Component[]) {
      out.push(c);
      walk(c.components);
      if (c.accessory) walk([c.accessory]);
    }
  };
  walk((message as unknown as Obj).components);
  return out;
}

/** A message component interaction (button click or select) on `message`, as `user` sees it now. */
export function buildComponentInteraction(
  d: PayloadDefaults,
  message: APIMessage,
  data: { custom_id: string; component_type: number; values?: string[] },
  opts: InvokeOptions,
): Obj & { id: string; token: string } {
  const channel = d.state.channels.get(message.channel_id);
  const guildId = opts.guildId !== undefined ? opts.guildId : (channel?.guildId ?? null);
  const payload = baseInteraction(d, InteractionKind.MessageComponent, { ...opts, guildId }, message.channel_id);
  payload.message = structuredClone(message);
  payload.data = { ...data, ...(data.values ? { values: data.values } : {}) };
  return payload;
}
