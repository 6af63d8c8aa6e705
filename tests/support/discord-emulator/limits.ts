/**
 * Discord's documented size limits, checked the way Discord checks them: every violation is collected
 * into one Invalid Form Body (50035) error whose `errors` tree points at the offending field.
 *
 * Lengths are counted in Unicode code points (Discord's API counts characters, not UTF-16 units), so a
 * bot that counts `string.length` stays on the safe side and one that ignores emoji does not.
 */
import { FormErrors } from './errors.js';

/** The limits enforced, by Discord's numbers. */
export const DISCORD_LIMITS = {
  content: 2000,
  embeds: 10,
  embedTitle: 256,
  embedDescription: 4096,
  embedFields: 25,
  embedFieldName: 256,
  embedFieldValue: 1024,
  embedFooterText: 2048,
  embedAuthorName: 256,
  embedTotal: 6000,
  actionRows: 5,
  rowWidth: 5,
  customId: 100,
  buttonLabel: 80,
  selectOptions: 25,
  selectOptionText: 100,
  selectPlaceholder: 150,
  autocompleteChoices: 25,
  choiceName: 100,
  choiceStringValue: 100,
  nonce: 25,
  modalTitle: 45,
  threadName: 100,
  commandName: 32,
  commandDescription: 100,
  commandOptions: 25,
  commandTotalCharacters: 4000,
  chatInputCommands: 100,
} as const;

type Path = ReadonlyArray<string | number>;
type Obj = Record<string, unknown>;

/** Length in code points, as Discord counts characters. */
export function charLength(s: string): number {
  // Code points = UTF-16 units minus one per surrogate pair (a lone surrogate counts as one, as a string
  // iterator counts it). An index loop instead of the iterator: every text of every reply is measured, on
  // the path the interaction benchmark times.
  let n = s.length;
  for (let i = 0; i < s.length - 1; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function checkString(errors: FormErrors, path: Path, v: unknown, opts: { max: number; min?: number; required?: boolean }): void {
  if (v === undefined || v === null) {
    if (opts.required) errors.required(path);
    return;
  }
  if (typeof v !== 'string') {
    errors.add(path, 'BASE_TYPE_STRING', 'Must be a string.');
    return;
  }
  const len = charLength(v);
  if (len > opts.max) errors.maxLength(path, opts.max);
  else if (opts.min !== undefined && len < opts.min) errors.minLength(path, opts.min);
}

function checkUrl(errors: FormErrors, path: Path, v: unknown, required = false): void {
  if (v === undefined || v === null) {
    if (required) errors.required(path);
    return;
  }
  if (typeof v !== 'string' || !/^(https?|attachment):\/\/\S+$/.test(v)) {
    errors.add(path, 'URL_TYPE_INVALID_URL', 'Not a well formed URL.');
  }
}

/** The characters an embed contributes to the 6000 total (title, description, fields, footer, author). */
export function embedLength(embed: Obj): number {
  const s = (v: unknown) => (typeof v === 'string' ? charLength(v) : 0);
  let n = s(embed.title) + s(embed.description);
  if (Array.isArray(embed.fields)) for (const f of embed.fields) if (isObj(f)) n += s(f.name) + s(f.value);
  if (isObj(embed.footer)) n += s(embed.footer.text);
  if (isObj(embed.author)) n += s(embed.author.name);
  return n;
}

function validateEmbed(errors: FormErrors, path: Path, embed: unknown): void {
  if (!isObj(embed)) {
    errors.add(path, 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
    return;
  }
  const L = DISCORD_LIMITS;
  checkString(errors, [...path, 'title'], embed.title, { max: L.embedTitle });
  checkString(errors, [...path, 'description'], embed.description, { max: L.embedDescription });
  checkUrl(errors, [...path, 'url'], embed.url);
  if (embed.color !== undefined && embed.color !== null) {
    if (typeof embed.color !== 'number' || !Number.isInteger(embed.color) || embed.color < 0) {
      errors.add([...path, 'color'], 'NUMBER_TYPE_COERCE', `Value "${String(embed.color)}" is not int.`);
    } else if (embed.color > 0xffffff) {
      errors.add([...path, 'color'], 'NUMBER_TYPE_MAX', 'int value should be less than or equal to 16777215.');
    }
  }
  if (embed.timestamp !== undefined && embed.timestamp !== null && Number.isNaN(Date.parse(String(embed.timestamp)))) {
    errors.add([...path, 'timestamp'], 'DATE_TYPE_PARSE', `Could not parse ${String(embed.timestamp)}. Should be ISO8601.`);
  }
  if (embed.fields !== undefined && embed.fields !== null) {
    if (!Array.isArray(embed.fields)) {
      errors.add([...path, 'fields'], 'LIST_TYPE_CONVERT', 'Only iterables may be used in a ListType');
    } else {
      if (embed.fields.length > L.embedFields) errors.maxLength([...path, 'fields'], L.embedFields);
      embed.fields.forEach((field, i) => {
        const fp = [...path, 'fields', i];
        if (!isObj(field)) {
          errors.add(fp, 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
          return;
        }
        checkString(errors, [...fp, 'name'], field.name, { max: L.embedFieldName, min: 1, required: true });
        checkString(errors, [...fp, 'value'], field.value, { max: L.embedFieldValue, min: 1, required: true });
      });
    }
  }
  if (embed.footer !== undefined && embed.footer !== null) {
    const footer = embed.footer as Obj;
    checkString(errors, [...path, 'footer', 'text'], footer.text, { max: L.embedFooterText, required: true });
    checkUrl(errors, [...path, 'footer', 'icon_url'], footer.icon_url);
  }
  if (embed.author !== undefined && embed.author !== null) {
    const author = embed.author as Obj;
    checkString(errors, [...path, 'author', 'name'], author.name, { max: L.embedAuthorName, required: true });
    checkUrl(errors, [...path, 'author', 'url'], author.url);
    checkUrl(errors, [...path, 'author', 'icon_url'], author.icon_url);
  }
  for (const media of ['image', 'thumbnail'] as const) {
    const m = embed[media];
    if (m !== undefined && m !== null) checkUrl(errors, [...path, media, 'url'], (m as Obj).url, true);
  }
}

const BUTTON = 2;
const STRING_SELECT = 3;
const SELECT_TYPES = new Set([3, 5, 6, 7, 8]);
const LINK_STYLE = 5;
const PREMIUM_STYLE = 6;

function validateComponents(errors: FormErrors, path: Path, rows: unknown, seenCustomIds: Set<string>): void {
  if (!Array.isArray(rows)) {
    errors.add(path, 'LIST_TYPE_CONVERT', 'Only iterables may be used in a ListType');
    return;
  }
  const L = DISCORD_LIMITS;
  if (rows.length > L.actionRows) errors.maxLength(path, L.actionRows);
  rows.forEach((row, r) => {
    const rp = [...path, r];
    if (!isObj(row) || row.type !== 1) {
      errors.add([...rp, 'type'], 'COMPONENT_TYPE_INVALID', 'The specified component type is invalid in this context');
      return;
    }
    const children = row.components;
    if (!Array.isArray(children)) {
      errors.required([...rp, 'components']);
      return;
    }
    if (children.length === 0) errors.minLength([...rp, 'components'], 1);
    if (children.length > L.rowWidth) errors.maxLength([...rp, 'components'], L.rowWidth);
    const hasSelect = children.some((c) => isObj(c) && SELECT_TYPES.has(c.type as number));
    if (hasSelect && children.length > 1) {
      errors.add([...rp, 'components'], 'COMPONENT_LAYOUT_WIDTH_EXCEEDED', 'The specified component exceeds the maximum width');
    }
    children.forEach((c, i) => {
      const cp = [...rp, 'components', i];
      if (!isObj(c)) {
        errors.add(cp, 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
        return;
      }
      const checkCustomId = (required: boolean) => {
        checkString(errors, [...cp, 'custom_id'], c.custom_id, { max: L.customId, min: 1, required });
        if (typeof c.custom_id === 'string') {
          if (seenCustomIds.has(c.custom_id)) {
            errors.add([...cp, 'custom_id'], 'COMPONENT_CUSTOM_ID_DUPLICATED', 'Component custom id cannot be duplicated');
          }
          seenCustomIds.add(c.custom_id);
        }
      };
      if (c.type === BUTTON) {
        checkString(errors, [...cp, 'label'], c.label, { max: L.buttonLabel });
        const style = c.style;
        if (typeof style !== 'number' || style < 1 || style > 6) {
          errors.add([...cp, 'style'], 'BASE_TYPE_CHOICES', 'Value must be one of (1, 2, 3, 4, 5, 6).');
        } else if (style === LINK_STYLE) {
          checkUrl(errors, [...cp, 'url'], c.url, true);
          if (c.custom_id !== undefined) {
            errors.add([...cp, 'custom_id'], 'BUTTON_COMPONENT_CUSTOM_ID_NOT_ALLOWED', 'A custom id cannot be set for link buttons');
          }
        } else if (style !== PREMIUM_STYLE) {
          checkCustomId(true);
          if (c.url !== undefined) errors.add([...cp, 'url'], 'BUTTON_COMPONENT_URL_NOT_ALLOWED', 'A url cannot be set for non-link buttons');
        }
        if (style !== PREMIUM_STYLE && c.label === undefined && c.emoji === undefined) {
          errors.add([...cp], 'BUTTON_COMPONENT_INVALID', 'A label or emoji is required for this button');
        }
      } else if (SELECT_TYPES.has(c.type as number)) {
        checkCustomId(true);
        checkString(errors, [...cp, 'placeholder'], c.placeholder, { max: L.selectPlaceholder });
        const min = c.min_values;
        const max = c.max_values;
        if (min !== undefined && (typeof min !== 'number' || min < 0 || min > 25)) {
          errors.add([...cp, 'min_values'], 'NUMBER_TYPE_MAX', 'int value should be less than or equal to 25.');
        }
        if (max !== undefined && (typeof max !== 'number' || max < 1 || max > 25)) {
          errors.add([...cp, 'max_values'], 'NUMBER_TYPE_MAX', 'int value should be less than or equal to 25.');
        }
        if (c.type === STRING_SELECT) {
          const options = c.options;
          if (!Array.isArray(options)) {
            errors.required([...cp, 'options']);
          } else {
            if (options.length === 0) errors.minLength([...cp, 'options'], 1);
            if (options.length > L.selectOptions) errors.maxLength([...cp, 'options'], L.selectOptions);
            const values = new Set<string>();
            options.forEach((o, k) => {
              const op = [...cp, 'options', k];
              if (!isObj(o)) return errors.add(op, 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
              checkString(errors, [...op, 'label'], o.label, { max: L.selectOptionText, min: 1, required: true });
              checkString(errors, [...op, 'value'], o.value, { max: L.selectOptionText, min: 1, required: true });
              checkString(errors, [...op, 'description'], o.description, { max: L.selectOptionText });
              if (typeof o.value === 'string') {
                if (values.has(o.value)) {
                  errors.add([...op, 'value'], 'SELECT_COMPONENT_OPTION_VALUE_DUPLICATED', 'Select component option values cannot be duplicated');
                }
                values.add(o.value);
              }
            });
            if (typeof max === 'number' && max > options.length) {
              errors.add([...cp, 'max_values'], 'SELECT_COMPONENT_MAX_VALUES_EXCEEDS_OPTIONS', 'Max values cannot exceed the number of options');
            }
          }
        }
      } else if (c.type !== 4) {
        errors.add([...cp, 'type'], 'COMPONENT_TYPE_INVALID', 'The specified component type is invalid in this context');
      }
    });
  });
}

/** Options for {@link validateMessageBody}. */
export interface MessageValidationOptions {
  /** Prefix for error paths: `['data']` inside interaction callbacks. */
  prefix?: Path;
  /** An edit: only the fields present are checked. */
  partial?: boolean;
}

/**
 * Checks a message create/edit body against Discord's limits. Returns the collected errors (empty when
 * the body is acceptable). Emptiness (50006) is a separate check, {@link isEmptyMessage}, because
 * Discord reports it only when the form itself is valid.
 */
export function validateMessageBody(body: unknown, opts: MessageValidationOptions = {}): FormErrors {
  const errors = new FormErrors();
  const p = opts.prefix ?? [];
  if (!isObj(body)) {
    if (body !== undefined && body !== null) errors.add(p, 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
    return errors;
  }
  const L = DISCORD_LIMITS;
  checkString(errors, [...p, 'content'], body.content, { max: L.content });
  if (body.embeds !== undefined && body.embeds !== null) {
    if (!Array.isArray(body.embeds)) {
      errors.add([...p, 'embeds'], 'LIST_TYPE_CONVERT', 'Only iterables may be used in a ListType');
    } else {
      if (body.embeds.length > L.embeds) errors.maxLength([...p, 'embeds'], L.embeds);
      body.embeds.forEach((e, i) => validateEmbed(errors, [...p, 'embeds', i], e));
      const total = body.embeds.reduce<number>((n, e) => n + (isObj(e) ? embedLength(e) : 0), 0);
      if (total > L.embedTotal) {
        errors.add([...p, 'embeds'], 'MAX_EMBED_SIZE_EXCEEDED', `Embed size exceeds maximum size of ${L.embedTotal}`);
      }
    }
  }
  const isComponentsV2 = typeof body.flags === 'number' && (body.flags & (1 << 15)) !== 0;
  if (body.components !== undefined && body.components !== null && !isComponentsV2) {
    validateComponents(errors, [...p, 'components'], body.components, new Set());
  }
  if (body.nonce !== undefined && body.nonce !== null) {
    if (typeof body.nonce === 'string') {
      if (charLength(body.nonce) > L.nonce) errors.maxLength([...p, 'nonce'], L.nonce);
    } else if (typeof body.nonce !== 'number' || !Number.isInteger(body.nonce)) {
      errors.add([...p, 'nonce'], 'BASE_TYPE_STRING', 'Must be a string or an integer.');
    }
  }
  const am = body.allowed_mentions;
  if (isObj(am)) {
    const parse = Array.isArray(am.parse) ? am.parse : [];
    for (const [i, kind] of parse.entries()) {
      if (kind !== 'roles' && kind !== 'users' && kind !== 'everyone') {
        errors.add([...p, 'allowed_mentions', 'parse', i], 'BASE_TYPE_CHOICES', "Value must be one of ('roles', 'users', 'everyone').");
      }
    }
    for (const kind of ['users', 'roles'] as const) {
      const ids = am[kind];
      if (Array.isArray(ids) && ids.length > 0 && parse.includes(kind)) {
        errors.add([...p, 'allowed_mentions'], 'MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE', `parse:["${kind}"] and ${kind}: [ids...] are mutually exclusive.`);
      }
      if (Array.isArray(ids) && ids.length > 100) errors.maxLength([...p, 'allowed_mentions', kind], 100);
    }
  }
  return errors;
}

/** Whether a message (the merged result, for edits) would show nothing: Discord's 50006. */
export function isEmptyMessage(body: Obj): boolean {
  const content = typeof body.content === 'string' ? body.content.trim() : '';
  const has = (k: string) => Array.isArray(body[k]) && (body[k] as unknown[]).length > 0;
  return content === '' && !has('embeds') && !has('components') && !has('attachments') && !has('sticker_ids') && !isObj(body.poll);
}

/** Checks an autocomplete result (callback type 8): ≤25 choices, names 1–100, string values ≤100. */
export function validateAutocompleteResult(data: unknown): FormErrors {
  const errors = new FormErrors();
  const L = DISCORD_LIMITS;
  if (!isObj(data) || !Array.isArray(data.choices)) {
    errors.required(['data', 'choices']);
    return errors;
  }
  if (data.choices.length > L.autocompleteChoices) errors.maxLength(['data', 'choices'], L.autocompleteChoices);
  data.choices.forEach((choice, i) => validateChoice(errors, ['data', 'choices', i], choice));
  return errors;
}

function validateChoice(errors: FormErrors, path: Path, choice: unknown): void {
  if (!isObj(choice)) {
    errors.add(path, 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
    return;
  }
  checkString(errors, [...path, 'name'], choice.name, { max: DISCORD_LIMITS.choiceName, min: 1, required: true });
  if (typeof choice.value === 'string') {
    if (charLength(choice.value) > DISCORD_LIMITS.choiceStringValue) errors.maxLength([...path, 'value'], DISCORD_LIMITS.choiceStringValue);
  } else if (typeof choice.value !== 'number') {
    errors.required([...path, 'value']);
  }
}

/** Checks a modal (callback type 9): custom_id, title ≤45, 1–5 rows. */
export function validateModal(data: unknown): FormErrors {
  const errors = new FormErrors();
  if (!isObj(data)) {
    errors.required(['data']);
    return errors;
  }
  checkString(errors, ['data', 'custom_id'], data.custom_id, { max: DISCORD_LIMITS.customId, min: 1, required: true });
  checkString(errors, ['data', 'title'], data.title, { max: DISCORD_LIMITS.modalTitle, min: 1, required: true });
  if (!Array.isArray(data.components) || data.components.length === 0) errors.minLength(['data', 'components'], 1);
  else if (data.components.length > 5) errors.maxLength(['data', 'components'], 5);
  return errors;
}

const COMMAND_NAME = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;
const SUB_COMMAND = 1;
const SUB_COMMAND_GROUP = 2;
const STRING_OPTION = 3;

function commandCharacters(node: Obj): number {
  const s = (v: unknown) => (typeof v === 'string' ? charLength(v) : 0);
  let n = s(node.name) + s(node.description);
  if (Array.isArray(node.choices)) for (const c of node.choices) if (isObj(c)) n += s(c.name) + s(String(c.value ?? ''));
  if (Array.isArray(node.options)) for (const o of node.options) if (isObj(o)) n += commandCharacters(o);
  return n;
}

function validateOptions(errors: FormErrors, path: Path, options: unknown, depth: number): void {
  if (options === undefined || options === null) return;
  if (!Array.isArray(options)) {
    errors.add(path, 'LIST_TYPE_CONVERT', 'Only iterables may be used in a ListType');
    return;
  }
  const L = DISCORD_LIMITS;
  if (options.length > L.commandOptions) errors.maxLength(path, L.commandOptions);
  const names = new Set<string>();
  let sawOptional = false;
  options.forEach((o, i) => {
    const op = [...path, i];
    if (!isObj(o)) return errors.add(op, 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
    if (typeof o.name !== 'string' || !COMMAND_NAME.test(o.name) || o.name !== o.name.toLowerCase()) {
      errors.add([...op, 'name'], 'APPLICATION_COMMAND_INVALID_NAME', 'Command name is invalid');
    } else if (names.has(o.name)) {
      errors.add([...op, 'name'], 'APPLICATION_COMMAND_OPTIONS_NAME_ALREADY_EXISTS', 'Option name already exists');
    } else {
      names.add(o.name);
    }
    checkString(errors, [...op, 'description'], o.description, { max: L.commandDescription, min: 1, required: true });
    const type = o.type;
    if (typeof type !== 'number' || type < 1 || type > 11) {
      errors.add([...op, 'type'], 'BASE_TYPE_CHOICES', 'Value must be one of (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11).');
      return;
    }
    if (type === SUB_COMMAND || type === SUB_COMMAND_GROUP) {
      if (depth >= (type === SUB_COMMAND_GROUP ? 1 : 2)) {
        errors.add(
          [...op, 'type'],
          'APPLICATION_COMMAND_OPTION_TYPE_INVALID',
          'Sub-command and sub-command group option types are mutually exclusive to all other types',
        );
      }
      validateOptions(errors, [...op, 'options'], o.options, depth + 1);
      return;
    }
    if (o.required === true && sawOptional) {
      errors.add([...op, 'required'], 'APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID', 'Required options must be placed before non-required options');
    }
    if (o.required !== true) sawOptional = true;
    if (Array.isArray(o.choices)) {
      if (o.choices.length > L.autocompleteChoices) errors.maxLength([...op, 'choices'], L.autocompleteChoices);
      o.choices.forEach((c, k) => validateChoice(errors, [...op, 'choices', k], c));
      if (o.autocomplete === true && o.choices.length > 0) {
        errors.add(
          [...op, 'autocomplete'],
          'APPLICATION_COMMAND_OPTION_AUTOCOMPLETE_AND_CHOICES',
          'Autocomplete cannot be enabled on options that have choices',
        );
      }
    }
    if (type === STRING_OPTION) {
      if (typeof o.max_length === 'number' && (o.max_length < 1 || o.max_length > 6000)) {
        errors.add([...op, 'max_length'], 'NUMBER_TYPE_MAX', 'int value should be less than or equal to 6000.');
      }
    }
  });
}

/**
 * Checks a bulk overwrite body (an array of command definitions) the way Discord does: names, descriptions,
 * option counts and order, choices, unique names, the 4000-character budget per command, and at most
 * 100 chat-input commands.
 */
export function validateCommands(body: unknown): FormErrors {
  const errors = new FormErrors();
  if (!Array.isArray(body)) {
    errors.add([], 'LIST_TYPE_CONVERT', 'Only iterables may be used in a ListType');
    return errors;
  }
  const seen = new Set<string>();
  let chatInput = 0;
  body.forEach((cmd, i) => validateCommand(errors, [i], cmd, seen, () => chatInput++));
  if (chatInput > DISCORD_LIMITS.chatInputCommands) errors.maxLength([], DISCORD_LIMITS.chatInputCommands);
  return errors;
}

/** Checks one command definition; `seen` tracks `type:name` pairs to catch duplicates. */
export function validateCommand(errors: FormErrors, path: Path, cmd: unknown, seen: Set<string>, countChatInput: () => void = () => {}): void {
  const L = DISCORD_LIMITS;
  if (!isObj(cmd)) {
    errors.add(path, 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
    return;
  }
  const type = (cmd.type as number | undefined) ?? 1;
  if (type === 1) {
    countChatInput();
    if (typeof cmd.name !== 'string' || !COMMAND_NAME.test(cmd.name) || cmd.name !== cmd.name.toLowerCase()) {
      errors.add([...path, 'name'], 'APPLICATION_COMMAND_INVALID_NAME', 'Command name is invalid');
    }
    checkString(errors, [...path, 'description'], cmd.description, { max: L.commandDescription, min: 1, required: true });
    validateOptions(errors, [...path, 'options'], cmd.options, 0);
    if (commandCharacters(cmd) > L.commandTotalCharacters) {
      errors.add(path, 'APPLICATION_COMMAND_TOO_LARGE', `Command exceeds maximum size (${L.commandTotalCharacters})`);
    }
  } else {
    checkString(errors, [...path, 'name'], cmd.name, { max: L.commandName, min: 1, required: true });
  }
  const key = `${type}:${String(cmd.name)}`;
  if (seen.has(key)) {
    errors.add([...path, 'name'], 'APPLICATION_COMMANDS_DUPLICATE_NAME', `Application command names must be unique`);
  }
  seen.add(key);
  if (cmd.default_member_permissions !== undefined && cmd.default_member_permissions !== null) {
    if (typeof cmd.default_member_permissions !== 'string' || !/^\d+$/.test(cmd.default_member_permissions)) {
      errors.add([...path, 'default_member_permissions'], 'BASE_TYPE_STRING', 'Must be a string of a permission integer.');
    }
  }
}

/** Checks a thread creation body: name 1–100 characters. */
export function validateThreadBody(body: unknown): FormErrors {
  const errors = new FormErrors();
  const name = isObj(body) ? body.name : undefined;
  checkString(errors, ['name'], name, { max: DISCORD_LIMITS.threadName, min: 1, required: true });
  if (isObj(body) && body.auto_archive_duration !== undefined && ![60, 1440, 4320, 10080].includes(body.auto_archive_duration as number)) {
    errors.add(['auto_archive_duration'], 'BASE_TYPE_CHOICES', 'Value must be one of {60, 1440, 4320, 10080}.');
  }
  return errors;
}
