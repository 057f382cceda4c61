import { weekdayOf, type DayNumber } from './civil-date.js';
import { zonedDate, zonedToUtc } from './zoned-time.js';

export const WEEKDAY_NAMES = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;
export type WeekdayName = (typeof WEEKDAY_NAMES)[number];

/** A window that opens once a week at a local time, e.g. Sunday 01:00 New York for two hours. */
export interface WeeklyWindowSpec {
  readonly day: WeekdayName;
  /** "HH:MM" in `timeZone`. */
  readonly at: string;
  readonly timeZone: string;
  readonly minutes: number;
}

/** A time window in epoch ms, [start, end). */
export interface TimeWindow {
  readonly start: number;
  readonly end: number;
}

function minutesOf(at: string): number {
  const [hours, minutes] = at.split(':').map(Number) as [number, number];
  return hours * 60 + minutes;
}

/** The windows that start on the local dates from `first` to `last`. */
export function weeklyWindowsBetween(spec: WeeklyWindowSpec, first: DayNumber, last: DayNumber): TimeWindow[] {
  const windows: TimeWindow[] = [];
  for (let day = first; day <= last; day++) {
    if (WEEKDAY_NAMES[weekdayOf(day)] !== spec.day) continue;
    const start = zonedToUtc(day, minutesOf(spec.at), spec.timeZone);
    windows.push({ start, end: start + spec.minutes * 60_000 });
  }
  return windows;
}

/** The window that contains `now`, if any. */
export function weeklyWindowAt(spec: WeeklyWindowSpec, now: number): TimeWindow | undefined {
  const today = zonedDate(now, spec.timeZone);
  // A window may last up to a day, so one that began yesterday can still be open.
  return weeklyWindowsBetween(spec, today - 1, today).find((w) => now >= w.start && now < w.end);
}

/** The first window that starts after `now`. */
export function nextWeeklyWindow(spec: WeeklyWindowSpec, now: number): TimeWindow {
  const today = zonedDate(now, spec.timeZone);
  const next = weeklyWindowsBetween(spec, today, today + 8).find((w) => w.start > now);
  if (!next) throw new Error(`no ${spec.day} in the eight days after ${new Date(now).toISOString()}`);
  return next;
}
