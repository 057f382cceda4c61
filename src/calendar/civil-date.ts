import { InvalidDateError } from './errors.js';

/**
 * Civil (wall-calendar) dates as whole day numbers: days since 1970-01-01. Day numbers make
 * date arithmetic exact and free of time zones; conversion to instants happens only in
 * zoned-time.ts.
 */
export type DayNumber = number;

const MS_PER_DAY = 86_400_000;
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** 0 = Sunday … 6 = Saturday, as in `Date.getUTCDay`. */
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;
export const SUNDAY = 0;
export const MONDAY = 1;
export const TUESDAY = 2;
export const WEDNESDAY = 3;
export const THURSDAY = 4;
export const FRIDAY = 5;
export const SATURDAY = 6;

export function dayNumber(year: number, month: number, day: number): DayNumber {
  return Date.UTC(year, month - 1, day) / MS_PER_DAY;
}

/** Parses YYYY-MM-DD, rejecting impossible days such as 2023-02-30 that Date would roll over. */
export function parseDate(text: string): DayNumber {
  const match = DATE_PATTERN.exec(text);
  if (!match) throw new InvalidDateError(text);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const n = dayNumber(year, month, day);
  if (formatDate(n) !== text) throw new InvalidDateError(text);
  return n;
}

export function formatDate(n: DayNumber): string {
  return new Date(n * MS_PER_DAY).toISOString().slice(0, 10);
}

export function yearOf(n: DayNumber): number {
  return new Date(n * MS_PER_DAY).getUTCFullYear();
}

export function monthOf(n: DayNumber): number {
  return new Date(n * MS_PER_DAY).getUTCMonth() + 1;
}

export function weekdayOf(n: DayNumber): Weekday {
  // 1970-01-01 was a Thursday; the double modulo keeps days before 1970 positive.
  return ((((n + THURSDAY) % 7) + 7) % 7) as Weekday;
}

export function isWeekend(n: DayNumber): boolean {
  const w = weekdayOf(n);
  return w === SATURDAY || w === SUNDAY;
}

/**
 * The n-th given weekday of a month (n = 1 is the first); n = -1 is the last.
 */
export function nthWeekdayOfMonth(year: number, month: number, weekday: Weekday, n: number): DayNumber {
  if (n > 0) {
    const first = dayNumber(year, month, 1);
    return first + ((weekday - weekdayOf(first) + 7) % 7) + (n - 1) * 7;
  }
  const last = dayNumber(year, month + 1, 0);
  return last - ((weekdayOf(last) - weekday + 7) % 7) + (n + 1) * 7;
}

/** The last given weekday on or before a date, e.g. Canada's Victoria Day (Monday on or before 24 May). */
export function weekdayOnOrBefore(date: DayNumber, weekday: Weekday): DayNumber {
  return date - ((weekdayOf(date) - weekday + 7) % 7);
}

/**
 * Western (Gregorian) Easter Sunday, by the anonymous Gregorian algorithm (Meeus/Jones/Butcher),
 * exact for every Gregorian year.
 */
export function easterSunday(year: number): DayNumber {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return dayNumber(year, month, day);
}
