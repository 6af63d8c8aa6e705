/**
 * An independent check of Discord's message limits, written from Discord's documentation rather than from
 * the card builder, so a builder bug cannot hide behind the same constants. Returns the list of violations.
 */
import type { MessagePayload } from '../../src/cards/message.js';

export function limitViolations(m: MessagePayload): string[] {
  const v: string[] = [];
  const check = (ok: boolean, what: string) => void (ok || v.push(what));
  check(JSON.stringify(m.allowed_mentions) === JSON.stringify({ parse: [] }), 'allowed_mentions must be { parse: [] }');
  check((m.content ?? '').length <= 2000, `content ${m.content?.length} > 2000`);
  const embeds = m.embeds ?? [];
  check(embeds.length <= 10, `${embeds.length} embeds > 10`);
  let total = 0;
  for (const [i, e] of embeds.entries()) {
    check((e.title ?? '').length <= 256, `embed ${i} title ${e.title?.length}`);
    check((e.description ?? '').length <= 4096, `embed ${i} description ${e.description?.length}`);
    check((e.footer?.text ?? '').length <= 2048, `embed ${i} footer`);
    check((e.author?.name ?? '').length <= 256, `embed ${i} author`);
    check((e.fields ?? []).length <= 25, `embed ${i} fields`);
    total += (e.title ?? '').length + (e.description ?? '').length + (e.footer?.text ?? '').length + (e.author?.name ?? '').length;
    for (const f of e.fields ?? []) {
      check(f.name.length >= 1 && f.name.length <= 256, `embed ${i} field name ${f.name.length}`);
      check(f.value.length >= 1 && f.value.length <= 1024, `embed ${i} field value ${f.value.length}`);
      total += f.name.length + f.value.length;
    }
  }
  check(total <= 6000, `embeds total ${total} > 6000`);
  const rows = m.components ?? [];
  check(rows.length <= 5, `${rows.length} rows > 5`);
  const ids = new Set<string>();
  for (const row of rows) {
    check(row.components.length >= 1 && row.components.length <= 5, `row of ${row.components.length}`);
    for (const c of row.components) {
      if ('custom_id' in c) {
        check(c.custom_id.length <= 100, `custom_id ${c.custom_id.length} > 100`);
        check(!ids.has(c.custom_id), `duplicate custom_id ${c.custom_id}`);
        ids.add(c.custom_id);
      }
      if ('label' in c && c.label) check(c.label.length <= 80, `label ${c.label.length}`);
      if ('options' in c && c.options) {
        check(c.options.length <= 25, 'select options > 25');
        for (const o of c.options) check(o.label.length <= 100 && o.value.length <= 100 && (o.description ?? '').length <= 100, 'select option > 100');
      }
    }
  }
  return v;
}

/** All user-visible text of a message, for "does it ping / is it escaped" assertions. */
export function visibleText(m: MessagePayload): string {
  const parts = [m.content ?? ''];
  for (const e of m.embeds ?? []) {
    parts.push(e.title ?? '', e.description ?? '', e.footer?.text ?? '', e.author?.name ?? '');
    for (const f of e.fields ?? []) parts.push(f.name, f.value);
  }
  return parts.join('\n');
}
