/**
 * The last step of every message the bot sends: {@link finalizeMessage} enforces each Discord limit and adds
 * `allowed_mentions: { parse: [] }`. Builders may be generous; this is where the payload is made safe, so a
 * long abstract or a 1,000-character query can never turn into a 400 from Discord.
 */
import { ComponentType, type APIActionRowComponent, type APIComponentInMessageActionRow, type APIEmbed, type APIEmbedField } from 'discord.js';
import { LIMITS } from './limits.js';
import { truncate } from './markdown.js';

/** Discord takes at most ten files in one message. */
const FILES_PER_MESSAGE = 10;

/** No mention of any kind may ping: not users, not roles, not @everyone. */
export const NO_MENTIONS = Object.freeze({ parse: [] as [] });

/** An action row of buttons or one select menu. */
export type ActionRow = APIActionRowComponent<APIComponentInMessageActionRow>;

/**
 * A message in Discord API shape, ready for an interaction callback, a webhook edit or a channel post.
 * `flags` carries EPHEMERAL (64) where wanted.
 */
export interface MessagePayload {
  content?: string;
  embeds?: APIEmbed[];
  components?: ActionRow[];
  allowed_mentions: { parse: [] };
  flags?: number;
  /** Files uploaded with the message (an embed shows one with `image.url: attachment://<name>`). */
  files?: MessageFile[];
}

/** A file to upload with a message. */
export interface MessageFile {
  name: string;
  data: Buffer;
}

/** A message before {@link finalizeMessage}. */
export type MessageDraft = Omit<MessagePayload, 'allowed_mentions'>;

/** Characters that count towards the 6,000 limit of one embed (as Discord counts them). */
export function embedLength(e: APIEmbed): number {
  let n = (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0) + (e.author?.name.length ?? 0);
  for (const f of e.fields ?? []) n += f.name.length + f.value.length;
  return n;
}

function fitEmbed(e: APIEmbed): APIEmbed {
  const out: APIEmbed = { ...e };
  if (out.title !== undefined) out.title = truncate(out.title, LIMITS.embedTitle);
  if (out.description !== undefined) out.description = truncate(out.description, LIMITS.embedDescription);
  if (out.footer) out.footer = { ...out.footer, text: truncate(out.footer.text, LIMITS.footer) };
  if (out.author) out.author = { ...out.author, name: truncate(out.author.name, LIMITS.authorName) };
  if (out.url && out.url.length > LIMITS.url) delete out.url;
  if (out.fields) {
    out.fields = out.fields.slice(0, LIMITS.embedFields).map((f): APIEmbedField => ({
      ...f,
      name: truncate(f.name, LIMITS.fieldName) || '\u200b',
      value: truncate(f.value, LIMITS.fieldValue) || '\u200b',
    }));
  }
  return out;
}

/**
 * Shrinks the longest texts of a message's embeds until their total fits 6,000 characters. Footers go last:
 * they carry paging state for long queries (see `custom-id.ts`).
 */
function fitTotal(embeds: APIEmbed[]): APIEmbed[] {
  let sum = 0;
  for (const e of embeds) sum += embedLength(e);
  // Nearly every message fits: then there is nothing to shrink and no need to set up the slots below.
  if (sum <= LIMITS.embedTotal) return embeds;
  const total = () => embeds.reduce((n, e) => n + embedLength(e), 0);
  type Slot = { get(): string; set(v: string): void; footer: boolean };
  const slots: Slot[] = [];
  for (const e of embeds) {
    if (e.description) slots.push({ get: () => e.description ?? '', set: (v) => (e.description = v), footer: false });
    if (e.title) slots.push({ get: () => e.title ?? '', set: (v) => (e.title = v), footer: false });
    if (e.author) slots.push({ get: () => e.author?.name ?? '', set: (v) => (e.author = { ...e.author, name: v || '\u200b' }), footer: false });
    for (const f of e.fields ?? []) {
      slots.push({ get: () => f.value, set: (v) => (f.value = v || '\u200b'), footer: false });
      slots.push({ get: () => f.name, set: (v) => (f.name = v || '\u200b'), footer: false });
    }
    if (e.footer) slots.push({ get: () => e.footer?.text ?? '', set: (v) => (e.footer = { ...e.footer, text: v || '\u200b' }), footer: true });
  }
  let excess = total() - LIMITS.embedTotal;
  for (let guard = 0; excess > 0 && guard < 1000; guard++) {
    const candidates = slots.filter((s) => !s.footer && s.get().length > 40);
    const pool = candidates.length > 0 ? candidates : slots.filter((s) => s.get().length > 1);
    if (pool.length === 0) break;
    const longest = pool.reduce((a, b) => (b.get().length > a.get().length ? b : a));
    const len = longest.get().length;
    longest.set(truncate(longest.get(), Math.max(1, Math.min(len - excess, Math.ceil(len / 2)))));
    excess = total() - LIMITS.embedTotal;
  }
  return embeds;
}

function fitComponents(rows: ActionRow[]): ActionRow[] {
  const out: ActionRow[] = [];
  for (const row of rows.slice(0, LIMITS.actionRows)) {
    const components: APIComponentInMessageActionRow[] = [];
    for (const c of row.components) {
      if ('custom_id' in c && c.custom_id.length > LIMITS.customId) continue; // cannot be shortened without losing state
      if (c.type === ComponentType.Button) {
        components.push('label' in c && c.label !== undefined ? { ...c, label: truncate(c.label, LIMITS.buttonLabel) } : c);
      } else if (c.type === ComponentType.StringSelect) {
        const options = c.options
          .slice(0, LIMITS.selectOptions)
          .filter((o) => o.value.length <= LIMITS.selectOptionValue)
          .map((o) => ({
            ...o,
            label: truncate(o.label, LIMITS.selectOptionLabel) || '\u200b',
            ...(o.description !== undefined ? { description: truncate(o.description, LIMITS.selectOptionDescription) } : {}),
          }));
        if (options.length === 0) continue;
        components.push({
          ...c,
          options,
          ...(c.placeholder !== undefined ? { placeholder: truncate(c.placeholder, LIMITS.selectPlaceholder) } : {}),
        });
      } else {
        components.push(c);
      }
    }
    // A select menu must be alone on its row; buttons share one up to five.
    const select = components.find((c) => c.type !== ComponentType.Button);
    const kept = select ? [select] : components.slice(0, LIMITS.componentsPerRow);
    if (kept.length > 0) out.push({ type: ComponentType.ActionRow, components: kept });
  }
  return out;
}

/**
 * Applies every Discord limit to a message and adds `allowed_mentions: { parse: [] }`.
 * Content is cut to 2,000 characters, embeds to 10 and to 6,000 characters in total, every text field to its
 * own limit, components to 5 rows of 5; a component whose custom_id is too long is dropped, never cut.
 */
export function finalizeMessage(draft: MessageDraft): MessagePayload {
  const out: MessagePayload = { allowed_mentions: { parse: [] } };
  if (draft.content !== undefined) out.content = truncate(draft.content, LIMITS.content);
  if (draft.embeds !== undefined) out.embeds = fitTotal(draft.embeds.slice(0, LIMITS.embedsPerMessage).map(fitEmbed));
  if (draft.components !== undefined) out.components = fitComponents(draft.components);
  if (draft.flags !== undefined) out.flags = draft.flags;
  if (draft.files !== undefined) out.files = draft.files.slice(0, FILES_PER_MESSAGE);
  return out;
}
