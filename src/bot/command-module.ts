/**
 * What a module in `commands/` exports, and the validation every module passes at start-up and deploy.
 *
 * A command module is plain data: `export default { definition }`, where `definition` is exactly the JSON
 * Discord's bulk-overwrite endpoint takes for one top-level slash command. Behaviour lives in
 * `src/handlers`; `commandKeys()` names every runnable path ("paper search") so a test can prove that each
 * one has a handler and each handler a definition.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
  type RESTPostAPIContextMenuApplicationCommandsJSONBody,
} from 'discord.js';
import * as z from '../validation/zod.js';
import { LIMITS } from '../cards/limits.js';

/** A slash command's registration JSON. */
export type CommandDefinition = RESTPostAPIChatInputApplicationCommandsJSONBody;

/** A message command's registration JSON (type 3: it has a name only, shown in the message's Apps menu). */
export type MessageCommandDefinition = RESTPostAPIContextMenuApplicationCommandsJSONBody & { type: ApplicationCommandType.Message };

/** The default export of a module in `commands/`. */
export interface CommandModule {
  definition: CommandDefinition | MessageCommandDefinition;
}

/** True for a message command's definition. */
export function isMessageCommand(def: CommandModule['definition']): def is MessageCommandDefinition {
  return def.type === ApplicationCommandType.Message;
}

/** A command module that failed validation; the message names the file, the option path and the rule. */
export class CommandDefinitionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CommandDefinitionError';
  }
}

/** The folder holding the command modules: `commands/` beside the sources, or `dist/commands/` in the build. */
// Run from the sources (tsx, vitest) this file is src/bot/command-module.ts; the build bundles it into a file
// directly in dist/, and compiles each command module to dist/commands/.
export const COMMANDS_DIR = fileURLToPath(new URL(import.meta.url.endsWith('.ts') ? '../../commands/' : './commands/', import.meta.url));

// Discord's rules for names: lower case (where the script has case), 1-32 characters, no spaces.
const NAME = new RegExp(`^[-_\\p{Ll}\\p{Lm}\\p{Lo}\\p{N}\\p{sc=Deva}\\p{sc=Thai}]{1,${LIMITS.commandName}}$`, 'u');
const name = z.string().check(z.regex(NAME, `expected a lower-case name of 1-${LIMITS.commandName} characters without spaces`));
const description = z
  .string()
  .check(z.minLength(1, 'expected a description'), z.maxLength(LIMITS.commandDescription, `at most ${LIMITS.commandDescription} characters`));
const choice = z.object({
  name: z.string().check(z.minLength(1), z.maxLength(LIMITS.choiceName)),
  value: z.union([z.string().check(z.maxLength(LIMITS.choiceValue)), z.number()]),
});
const intIn = (min: number, max: number) => z.optional(z.number().check(z.int(), z.minimum(min), z.maximum(max)));

const T = ApplicationCommandOptionType;
const LEAF_TYPES = [T.String, T.Integer, T.Boolean, T.User, T.Channel, T.Role, T.Mentionable, T.Number, T.Attachment] as const;

const leafOption = z
  .looseObject({
    type: z.union(LEAF_TYPES.map((t) => z.literal(t)) as unknown as [z.ZodMiniLiteral<number>, z.ZodMiniLiteral<number>]),
    name,
    description,
    required: z.optional(z.boolean()),
    autocomplete: z.optional(z.boolean()),
    choices: z.optional(z.array(choice).check(z.maxLength(LIMITS.optionChoices, `at most ${LIMITS.optionChoices} choices`))),
    min_length: intIn(0, LIMITS.stringOptionLength),
    max_length: intIn(1, LIMITS.stringOptionLength),
    min_value: z.optional(z.number()),
    max_value: z.optional(z.number()),
    channel_types: z.optional(z.array(z.number())),
  })
  .check(
    z.refine((o) => !(o.autocomplete && o.choices?.length), 'an option cannot have both autocomplete and choices'),
    z.refine(
      (o) => !o.autocomplete || o.type === T.String || o.type === T.Integer || o.type === T.Number,
      'only string, integer and number options can autocomplete',
    ),
  );

const leafOptions = z.array(leafOption).check(
  z.maxLength(LIMITS.commandOptions, `at most ${LIMITS.commandOptions} options`),
  z.refine((opts) => {
    const firstOptional = opts.findIndex((o) => !o.required);
    return firstOptional < 0 || opts.slice(firstOptional).every((o) => !o.required);
  }, 'required options must come before optional ones'),
);

const subcommand = z.looseObject({ type: z.literal(T.Subcommand), name, description, options: z.optional(leafOptions) });
const group = z.looseObject({
  type: z.literal(T.SubcommandGroup),
  name,
  description,
  options: z.array(subcommand).check(z.minLength(1), z.maxLength(LIMITS.commandOptions)),
});

const definitionSchema = z.looseObject({
  name,
  description,
  type: z.optional(z.literal(1)),
  options: z.optional(z.union([z.array(z.union([subcommand, group])).check(z.minLength(1), z.maxLength(LIMITS.commandOptions)), leafOptions])),
  default_member_permissions: z.optional(z.nullable(z.string().check(z.regex(/^\d+$/)))),
});

const messageCommandSchema = z.looseObject({
  type: z.literal(ApplicationCommandType.Message),
  name: z.string().check(z.minLength(1), z.maxLength(LIMITS.commandName, `at most ${LIMITS.commandName} characters`)),
  description: z.optional(z.literal('')),
  options: z.optional(z.undefined({ message: 'a message command takes no options' })),
  default_member_permissions: z.optional(z.nullable(z.string().check(z.regex(/^\d+$/)))),
});

function uniqueNames(names: string[], where: string): void {
  const seen = new Set<string>();
  for (const n of names) {
    if (seen.has(n)) throw new CommandDefinitionError(`${where}: option name "${n}" is used twice`);
    seen.add(n);
  }
}

/** Total characters Discord counts for one command (names, descriptions, values): at most 4,000. */
function characterCount(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((n: number, v) => n + characterCount(v), 0);
  if (value && typeof value === 'object') {
    let n = 0;
    for (const [k, v] of Object.entries(value)) {
      if (k === 'name' || k === 'description' || k === 'value') n += typeof v === 'string' ? v.length : String(v).length;
      else n += characterCount(v);
    }
    return n;
  }
  return 0;
}

/**
 * Validates one command module against Discord's rules.
 *
 * @param mod - the module's default export
 * @param file - used in error messages
 * @throws CommandDefinitionError naming the file and the rule broken
 */
export function validateCommandModule(mod: unknown, file: string): CommandModule {
  const def = (mod as { definition?: unknown } | undefined)?.definition;
  if (!def) throw new CommandDefinitionError(`${file}: expected \`export default { definition: {...} }\``);
  if ((def as { type?: unknown }).type === ApplicationCommandType.Message) {
    // A message command has a name of 1-32 characters (spaces and capitals allowed), and no description or options.
    const m = messageCommandSchema.safeParse(def);
    if (!m.success) throw new CommandDefinitionError(`${file}: ${m.error.issues[0]?.path.join('.') || 'definition'}: ${m.error.issues[0]?.message}`);
    return { definition: def as MessageCommandDefinition };
  }
  const parsed = definitionSchema.safeParse(def);
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    throw new CommandDefinitionError(`${file}: ${i?.path.join('.') || 'definition'}: ${i?.message}`);
  }
  const d = def as CommandDefinition;
  uniqueNames(
    (d.options ?? []).map((o) => o.name),
    `${file} /${d.name}`,
  );
  for (const o of d.options ?? []) {
    if ('options' in o && Array.isArray(o.options)) {
      uniqueNames(
        o.options.map((x: { name: string }) => x.name),
        `${file} /${d.name} ${o.name}`,
      );
    }
  }
  const mixesSubcommands =
    (d.options ?? []).some((o) => o.type === T.Subcommand || o.type === T.SubcommandGroup) &&
    (d.options ?? []).some((o) => o.type !== T.Subcommand && o.type !== T.SubcommandGroup);
  if (mixesSubcommands) throw new CommandDefinitionError(`${file} /${d.name}: subcommands cannot sit beside plain options`);
  const chars = characterCount(d);
  if (chars > 4000) throw new CommandDefinitionError(`${file} /${d.name}: ${chars} characters, Discord allows 4000`);
  return { definition: d };
}

/** One runnable path of a command and its options. */
export interface CommandPath {
  /** "paper search", "paper-admin channel", or just "ping" for a command without subcommands. */
  key: string;
  /** Option names of this path that autocomplete. */
  autocomplete: string[];
  options: NonNullable<CommandDefinition['options']>;
  description: string;
}

/** Every runnable path of a definition: one per subcommand (group subcommands included), or the command itself. */
export function commandPaths(def: CommandModule['definition']): CommandPath[] {
  if (isMessageCommand(def)) return [{ key: def.name, autocomplete: [], options: [], description: '' }];
  const opts = def.options ?? [];
  const leaf = (key: string, options: CommandPath['options'], desc: string): CommandPath => ({
    key,
    options,
    description: desc,
    autocomplete: options.filter((o) => 'autocomplete' in o && o.autocomplete).map((o) => o.name),
  });
  const subs = opts.filter((o) => o.type === T.Subcommand || o.type === T.SubcommandGroup);
  if (subs.length === 0) return [leaf(def.name, opts, def.description)];
  const out: CommandPath[] = [];
  for (const s of subs) {
    if (s.type === T.Subcommand) out.push(leaf(`${def.name} ${s.name}`, s.options ?? [], s.description));
    else if (s.type === T.SubcommandGroup) {
      for (const g of s.options ?? []) out.push(leaf(`${def.name} ${s.name} ${g.name}`, g.options ?? [], g.description));
    }
  }
  return out;
}

/**
 * Loads and validates every module in `commands/` (files ending in .ts or .js, not .d.ts or tests).
 *
 * @throws CommandDefinitionError for an invalid module or two modules with the same command name
 */
export async function loadCommandModules(dir: string = COMMANDS_DIR): Promise<CommandModule[]> {
  const files = (await readdir(dir)).filter((f) => /\.(ts|js|mjs)$/.test(f) && !f.endsWith('.d.ts') && !/\.test\./.test(f)).sort();
  // Built output holds both .js and .map; prefer one module per base name.
  const byBase = new Map<string, string>();
  for (const f of files) {
    const base = f.replace(/\.(ts|js|mjs)$/, '');
    if (!byBase.has(base) || f.endsWith('.js')) byBase.set(base, f);
  }
  const modules: CommandModule[] = [];
  const names = new Set<string>();
  for (const f of byBase.values()) {
    const imported = (await import(pathToFileURL(path.join(dir, f)).href)) as { default?: unknown };
    const mod = validateCommandModule(imported.default, f);
    if (names.has(mod.definition.name)) throw new CommandDefinitionError(`${f}: command /${mod.definition.name} is defined twice`);
    names.add(mod.definition.name);
    modules.push(mod);
  }
  return modules;
}
