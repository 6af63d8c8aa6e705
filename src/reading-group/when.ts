/**
 * Reading a session's date and time as people type it, in the reading group's time zone, and showing
 * instants back in it. No date library: Intl gives a zone's offset at any instant, which is all it takes.
 */

/** What `/paper schedule when:` accepts, shown in every error message. */
export const WHEN_EXAMPLE = '2026-12-10 15:30';

/** The outcome of {@link parseWhen}. */
export type WhenResult = { at: Date } | { error: string };

/** The zone's offset from UTC at an instant, in milliseconds (positive east of Greenwich). */
function offsetAt(instant: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(instant));
  const n = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const asUtc = Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second'));
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/**
 * The instant a wall-clock time in `timeZone` denotes. A time skipped by a daylight-saving jump moves
 * forward by the jump; a repeated one takes its first occurrence.
 */
export function zonedTime(y: number, m: number, d: number, hh: number, mm: number, timeZone: string): Date {
  const wall = Date.UTC(y, m - 1, d, hh, mm);
  let guess = wall - offsetAt(wall, timeZone);
  // One correction settles it unless the offset changes between the guess and the answer.
  guess = wall - offsetAt(guess, timeZone);
  return new Date(guess);
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** Hours and minutes from "15:30", "15h30", "3pm", "3:30 pm"; null when it is no time of day. */
function readTime(text: string): { hh: number; mm: number } | null {
  const m = /^(\d{1,2})(?:[:h.](\d{2}))?\s*(am|pm)?$/i.exec(text.trim());
  if (!m) return null;
  let hh = Number(m[1]);
  const mm = m[2] === undefined ? 0 : Number(m[2]);
  const half = m[3]?.toLowerCase();
  if (m[2] === undefined && !half) return null;
  if (half) {
    if (hh < 1 || hh > 12) return null;
    hh = (hh % 12) + (half === 'pm' ? 12 : 0);
  }
  return hh <= 23 && mm <= 59 ? { hh, mm } : null;
}

/**
 * Reads a date and time in `timeZone`: `2026-12-10 15:30`, `2026-12-10T15:30`, `2026-12-10 3pm` or
 * `Dec 10 2026 15:30`. A date that does not exist, a missing time, or an instant not after `now` is an
 * error whose text says what was wrong and shows an example.
 */
export function parseWhen(raw: string, timeZone: string, now: Date): WhenResult {
  const text = raw.replace(/\s+/g, ' ').trim();
  const example = `Write the date and time like \`${WHEN_EXAMPLE}\` (${timeZone}).`;
  let y: number, mo: number, d: number, rest: string;
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]|$)(.*)$/i.exec(text);
  const named = /^([a-z]{3})[a-z]*\.? (\d{1,2}),? (\d{4})(?: (.*))?$/i.exec(text);
  if (iso) {
    [y, mo, d, rest] = [Number(iso[1]), Number(iso[2]), Number(iso[3]), iso[4] ?? ''];
  } else if (named && MONTHS.includes(named[1]!.toLowerCase())) {
    [y, mo, d, rest] = [Number(named[3]), MONTHS.indexOf(named[1]!.toLowerCase()) + 1, Number(named[2]), named[4] ?? ''];
  } else {
    return { error: `I could not read “${text.slice(0, 60)}” as a date and time. ${example}` };
  }
  const real = mo >= 1 && mo <= 12 && d >= 1 && d <= new Date(Date.UTC(y, mo, 0)).getUTCDate();
  if (!real) return { error: `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')} is not a date on the calendar. ${example}` };
  if (!rest.trim()) return { error: `Add a time of day to ${y}-${mo}-${d}. ${example}` };
  const time = readTime(rest);
  if (!time) return { error: `I could not read “${rest.trim().slice(0, 30)}” as a time of day. ${example}` };
  const at = zonedTime(y, mo, d, time.hh, time.mm, timeZone);
  if (at.getTime() <= now.getTime()) {
    return { error: `${formatInZone(at, timeZone)} is in the past. Pick a time from now on; ${example.charAt(0).toLowerCase()}${example.slice(1)}` };
  }
  return { at };
}

/** An instant as the group reads it: "Thu 2026-12-10 15:30 (America/New_York)". */
export function formatInZone(at: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    weekday: 'short',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(at);
  const v = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${v('weekday')} ${v('year')}-${v('month')}-${v('day')} ${v('hour')}:${v('minute')} (${timeZone})`;
}

/** Discord's weekday of an instant in a zone, for a recurrence rule: 0 Monday … 6 Sunday. */
export function discordWeekday(at: Date, timeZone: string): number {
  const name = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short' }).format(at);
  return ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(name);
}

/** The wall-clock date and time of an instant in a zone. */
function wallClock(at: Date, timeZone: string): { y: number; m: number; d: number; hh: number; mm: number } {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
  }).formatToParts(at);
  const n = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return { y: n('year'), m: n('month'), d: n('day'), hh: n('hour'), mm: n('minute') };
}

/**
 * The start of a session's next occurrence after `now` (ISO), or null when a one-off session has started.
 * Repeats keep the wall-clock time in the group's zone across daylight-saving changes, as Discord's do.
 */
export function nextOccurrence(session: { startsAt: string; repeatWeeks: number }, now: Date, timeZone: string): string | null {
  const first = new Date(session.startsAt);
  if (first.getTime() > now.getTime()) return first.toISOString();
  if (session.repeatWeeks <= 0) return null;
  const period = session.repeatWeeks * 7;
  const w = wallClock(first, timeZone);
  // Whole periods elapsed, then step until after now (at most two steps around a DST change).
  let k = Math.floor((now.getTime() - first.getTime()) / (period * 86_400_000));
  for (;;) {
    const at = zonedTime(w.y, w.m, w.d + k * period, w.hh, w.mm, timeZone);
    if (at.getTime() > now.getTime()) return at.toISOString();
    k++;
  }
}
