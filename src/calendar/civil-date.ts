import { InvalidDateError } from './errors.js';

/**
 * Civil (wall-calendar) dates as whole day numbers: days since 1970-01-01. Day numbers make
 * date arithmetic exact and free of time zones; conversion to instants happens only in
 * zoned-time.ts.
 */
export type DayNumber = number;

/** 0 = Sunday … 6 = Saturday, as in `Date.getUTCDay`. */
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;
export const SUNDAY = 0;
export const MONDAY = 1;
export const TUESDAY = 2;
export const WEDNESDAY = 3;
export const THURSDAY = 4;
export const FRIDAY = 5;
export const SATURDAY = 6;

/**
 * Days since 1970-01-01 of a proleptic Gregorian date. Integer arithmetic after Howard
 * Hinnant's days_from_civil: a Date per call made building thirty years of sessions slow.
 */
export function dayNumber(year: number, month: number, day: number): DayNumber {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/** The inverse of dayNumber (Hinnant's civil_from_days). */
export function civilDate(n: DayNumber): { year: number; month: number; day: number } {
  const z = n + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/**
 * Parses YYYY-MM-DD, rejecting impossible days such as 2023-02-30 that date arithmetic would
 * silently roll over into March.
 */
export function parseDate(text: string): DayNumber {
  // Read character by character, as /^(\d{4})-(\d{2})-(\d{2})$/ would match: a calendar is asked for a session
  // by date at every bar of a backtest, and the match's array, the fields' array and the date
  // object of the check were made at every question.
  const s = String(text);
  if (s.length !== 10 || s.charCodeAt(4) !== DASH || s.charCodeAt(7) !== DASH) throw new InvalidDateError(text);
  const year = digitsAt(s, 0, 4);
  const month = digitsAt(s, 5, 2);
  const day = digitsAt(s, 8, 2);
  if (year < 0 || month < 0 || day < 0) throw new InvalidDateError(text);
  if (month < 1 || month > 12 || day < 1) throw new InvalidDateError(text);
  if (day > daysInMonth(year, month)) throw new InvalidDateError(text);
  return dayNumber(year, month, day);
}

const DASH = 0x2d;
const ZERO = 0x30;

/** The number written by `count` ASCII digits from `start`, or -1 if any is not one (what `\d` matches). */
function digitsAt(s: string, start: number, count: number): number {
  let value = 0;
  for (let i = start; i < start + count; i++) {
    const digit = s.charCodeAt(i) - ZERO;
    if (!(digit >= 0 && digit <= 9)) return -1;
    value = value * 10 + digit;
  }
  return value;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Days in a month (1-12) of a proleptic Gregorian year. */
export function daysInMonth(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!;
}

export function formatDate(n: DayNumber): string {
  const { year, month, day } = civilDate(n);
  return `${String(year).padStart(4, '0')}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}`;
}

const DAY_MS = 86_400_000;
// 0000-01-01T00:00:00Z and 10000-01-01T00:00:00Z: the times whose ISO date has four digits of year.
const FIRST_FOUR_DIGIT_YEAR_MS = -62_167_219_200_000;
const AFTER_FOUR_DIGIT_YEARS_MS = 253_402_300_800_000;

/**
 * The UTC date of an epoch time, YYYY-MM-DD: new Date(time).toISOString().slice(0, 10), by
 * arithmetic, without a Date and its ISO text per call (a backtest dates thousands of marks).
 */
export function utcDateOf(time: number): string {
  if (!(time >= FIRST_FOUR_DIGIT_YEAR_MS && time < AFTER_FOUR_DIGIT_YEARS_MS)) return new Date(time).toISOString().slice(0, 10);
  // A Date drops a fraction of a millisecond toward zero.
  return formatDate(Math.floor(Math.trunc(time) / DAY_MS));
}

export function yearOf(n: DayNumber): number {
  return civilDate(n).year;
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
  const last = (month === 12 ? dayNumber(year + 1, 1, 1) : dayNumber(year, month + 1, 1)) - 1;
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
