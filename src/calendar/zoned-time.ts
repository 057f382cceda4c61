import { type DayNumber, dayNumber } from './civil-date.js';

/**
 * Conversions between instants and a time zone's wall clock. Offsets always come from the
 * platform's time zone database through Intl, never from fixed numbers, so DST changes (and
 * the years when their dates moved) are right by construction.
 */

const MS_PER_MINUTE = 60_000;
const MS_PER_DAY = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
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

/** The wall-clock reading of an instant in a zone, as if that reading were a UTC instant. */
function wallClockAsUtc(t: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(t)) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  const wall = Date.UTC(
    parts.year ?? 0,
    (parts.month ?? 1) - 1,
    parts.day ?? 1,
    parts.hour ?? 0,
    parts.minute ?? 0,
    parts.second ?? 0,
  );
  // Intl drops milliseconds; keep those of the instant so the offset comes out whole.
  return wall + (((t % 1000) + 1000) % 1000);
}

/** The zone's offset from UTC at an instant, in ms (positive east of Greenwich). */
export function offsetAt(t: number, timeZone: string): number {
  return wallClockAsUtc(t, timeZone) - t;
}

/**
 * The instant at which the zone's clocks read `minutes` after midnight on `date`.
 * A wall time skipped by a spring-forward change resolves to the instant after the gap, and a
 * repeated one to one of its two occurrences; no exchange's trading hours fall in such an hour.
 */
export function zonedToUtc(date: DayNumber, minutes: number, timeZone: string): number {
  const wall = date * MS_PER_DAY + minutes * MS_PER_MINUTE;
  const first = wall - offsetAt(wall, timeZone);
  const second = wall - offsetAt(first, timeZone);
  if (first === second) return first;
  // The two guesses straddle a change: keep the second if its wall reading is right, else the
  // wall time lies in a gap and the later guess is the instant just after it.
  if (wallClockAsUtc(second, timeZone) === wall) return second;
  return Math.max(first, second);
}

/** The civil date the zone's clocks show at an instant. */
export function zonedDate(t: number, timeZone: string): DayNumber {
  const wall = wallClockAsUtc(t, timeZone);
  const d = new Date(wall);
  return dayNumber(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}
