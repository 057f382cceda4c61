import type { DayNumber } from './civil-date.js';

/**
 * Conversions between instants and a time zone's wall clock. Offsets always come from the
 * platform's time zone database through Intl, never from fixed numbers, so DST changes (and
 * the years when their dates moved) are right by construction.
 *
 * Asking Intl costs microseconds, and thirty years of sessions need tens of thousands of
 * conversions, so each zone's offsets are read once per year into a table of spans: sampled
 * weekly, and each change found to the minute by bisection. This assumes a zone changes its
 * offset at most once in any seven days, true of every zone an exchange here uses.
 */

const MS_PER_MINUTE = 60_000;
const MS_PER_DAY = 86_400_000;
const WEEK = 7 * MS_PER_DAY;
const WALL_PATTERN = /^(\d+)\/(\d+)\/(\d+), (\d+):(\d+):(\d+)$/;

interface Span {
  /** First instant at which the offset applies. */
  readonly from: number;
  readonly offset: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const spanTables = new Map<string, Span[]>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    // format() with a fixed en-US pattern is several times faster than formatToParts().
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The zone's offset at an instant whole seconds after the epoch, asked of Intl. */
function intlOffset(t: number, timeZone: string): number {
  const text = formatter(timeZone).format(t);
  const m = WALL_PATTERN.exec(text);
  if (!m) throw new Error(`unexpected Intl date format "${text}" for ${timeZone}`);
  const wall = Date.UTC(Number(m[3]), Number(m[1]) - 1, Number(m[2]), Number(m[4]), Number(m[5]), Number(m[6]));
  return wall - t;
}

/** The offset spans of one UTC year, the first starting at the year's first instant. */
function spansOfYear(year: number, timeZone: string): Span[] {
  const start = Date.UTC(year, 0, 1);
  const end = Date.UTC(year + 1, 0, 1);
  const spans: Span[] = [{ from: start, offset: intlOffset(start, timeZone) }];
  let offset = spans[0]?.offset ?? 0;
  for (let t = start; t < end; t += WEEK) {
    const next = Math.min(t + WEEK, end);
    const nextOffset = intlOffset(next, timeZone);
    if (nextOffset === offset) continue;
    // Bisect in whole minutes: lo always has the old offset, hi the new one.
    let lo = t;
    let hi = next;
    while (hi - lo > MS_PER_MINUTE) {
      const mid = lo + Math.floor((hi - lo) / 2 / MS_PER_MINUTE) * MS_PER_MINUTE;
      if (intlOffset(mid, timeZone) === offset) lo = mid;
      else hi = mid;
    }
    spans.push({ from: hi, offset: nextOffset });
    offset = nextOffset;
  }
  return spans;
}

interface Memo {
  readonly from: number;
  readonly until: number;
  readonly offset: number;
}

// The last span each zone answered from: callers walk time in order, so most lookups hit it.
const memos = new Map<string, Memo>();

/** The zone's offset from UTC at an instant, in ms (positive east of Greenwich). */
export function offsetAt(t: number, timeZone: string): number {
  const memo = memos.get(timeZone);
  if (memo && memo.from <= t && t < memo.until) return memo.offset;
  const year = new Date(t).getUTCFullYear();
  const key = `${timeZone} ${year}`;
  let spans = spanTables.get(key);
  if (!spans) {
    spans = spansOfYear(year, timeZone);
    spanTables.set(key, spans);
  }
  let i = 0;
  while (i + 1 < spans.length && (spans[i + 1]?.from ?? Infinity) <= t) i += 1;
  const span = spans[i];
  if (!span) throw new Error(`no offset table for ${timeZone} in ${year}`);
  memos.set(timeZone, { from: span.from, until: spans[i + 1]?.from ?? Date.UTC(year + 1, 0, 1), offset: span.offset });
  return span.offset;
}

/**
 * The instant at which the zone's clocks read `minutes` after midnight on `date`.
 * A wall time skipped by a spring-forward change is read with the offset before the change
 * (02:30 that never was becomes 03:30), and a repeated one resolves to one of its two
 * occurrences; no exchange's trading hours fall in such an hour.
 */
export function zonedToUtc(date: DayNumber, minutes: number, timeZone: string): number {
  const wall = date * MS_PER_DAY + minutes * MS_PER_MINUTE;
  const first = wall - offsetAt(wall, timeZone);
  const second = wall - offsetAt(first, timeZone);
  if (first === second) return first;
  // The two guesses straddle a change: keep the second if its wall reading is right, else the
  // wall time lies in a gap and the later guess is the one read with the earlier offset.
  if (second + offsetAt(second, timeZone) === wall) return second;
  return Math.max(first, second);
}

/** The civil date the zone's clocks show at an instant. */
export function zonedDate(t: number, timeZone: string): DayNumber {
  return Math.floor((t + offsetAt(t, timeZone)) / MS_PER_DAY);
}
