import type { DayNumber } from './civil-date.js';
import { intlZoneSpans, type ZoneSpan } from './intl-zone-spans.js';
import { readZoneSpans, writeZoneSpans } from './zone-span-cache.js';

/**
 * Conversions between instants and a time zone's wall clock. Offsets always come from the
 * platform's time zone database through Intl (intl-zone-spans.ts), never from fixed numbers;
 * each zone's spans are kept per year, in memory and in the user's cache (zone-span-cache.ts),
 * so a process whose years a previous one derived never creates an Intl object.
 */

const MS_PER_MINUTE = 60_000;
const MS_PER_DAY = 86_400_000;

// Each zone's years, read from the user's cache on the zone's first use.
const zoneYears = new Map<string, Map<number, ZoneSpan[]>>();

function spansOf(year: number, timeZone: string): ZoneSpan[] {
  let years = zoneYears.get(timeZone);
  if (!years) {
    years = readZoneSpans(timeZone);
    zoneYears.set(timeZone, years);
  }
  let spans = years.get(year);
  if (!spans) {
    spans = intlZoneSpans(year, timeZone);
    years.set(year, spans);
    // Written at once, so a process that dies early leaves what it derived for the next one.
    writeZoneSpans(timeZone, years);
  }
  return spans;
}

interface Memo {
  readonly until: number;
  readonly span: ZoneSpan;
}

// The last span each zone answered from: callers walk time in order, so most lookups hit it.
const memos = new Map<string, Memo>();

/** The span of the zone's offsets and names that holds an instant, and when it ends. */
function memoAt(t: number, timeZone: string): Memo {
  const memo = memos.get(timeZone);
  if (memo && memo.span.from <= t && t < memo.until) return memo;
  const year = new Date(t).getUTCFullYear();
  const spans = spansOf(year, timeZone);
  let i = 0;
  while (i + 1 < spans.length && (spans[i + 1]?.from ?? Infinity) <= t) i += 1;
  const span = spans[i];
  if (!span) throw new Error(`no offset table for ${timeZone} in ${year}`);
  const found = { span, until: spans[i + 1]?.from ?? Date.UTC(year + 1, 0, 1) };
  memos.set(timeZone, found);
  return found;
}

function spanAt(t: number, timeZone: string): ZoneSpan {
  return memoAt(t, timeZone).span;
}

/** Whether the zone keeps one offset from `from` to `to` (both included). */
export function offsetConstantBetween(from: number, to: number, timeZone: string): boolean {
  const { offset } = spanAt(from, timeZone);
  for (let t = from; t <= to; ) {
    const memo = memoAt(t, timeZone);
    if (memo.span.offset !== offset) return false;
    t = memo.until;
  }
  return true;
}

/** The zone's offset from UTC at an instant, in ms (positive east of Greenwich). */
export function offsetAt(t: number, timeZone: string): number {
  return spanAt(t, timeZone).offset;
}

/** The zone's short name at an instant as Intl's en-US short time zone name gives it: "EST", "EDT", "GMT+1". */
export function zoneNameAt(t: number, timeZone: string): string {
  return spanAt(t, timeZone).name;
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
