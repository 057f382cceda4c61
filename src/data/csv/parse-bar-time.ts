import { daysInMonth } from '../../calendar/civil-date.js';
import { COLON, DASH, DOT, T, Z } from './char-codes.js';


/**
 * Epoch ms UTC of a bar's start written as `2025-11-14T14:30:00Z` (seconds and milliseconds
 * optional) or `2025-11-14` (that date, 00:00 UTC). Undefined when the text is neither, names
 * a day or hour that does not exist (2025-02-30, 24:00), or a year before 1800.
 *
 * A time without a zone is refused: it could be exchange time or UTC, and guessing wrong
 * shifts every bar by hours. Digits are read by position rather than with a regular
 * expression because this runs once per row and dominates the time to load a file.
 */
export function parseBarTime(text: string): number | undefined {
  return parseBarTimeIn(text, 0, text.length);
}

/**
 * parseBarTime of text[start, end), read where it lies: a bar file's rows are read in place,
 * without a string per timestamp (a million rows made a million short-lived strings).
 */
export function parseBarTimeIn(text: string, start: number, end: number): number | undefined {
  const length = end - start;
  if (length < 10 || text.charCodeAt(start + 4) !== DASH || text.charCodeAt(start + 7) !== DASH) return undefined;
  const year = digits(text, start, 4);
  const month = digits(text, start + 5, 2);
  const day = digits(text, start + 8, 2);
  // No market data predates 1800; refusing earlier years also avoids Date.UTC's 0-99 → 19xx rule.
  // Written as "not in range" so that NaN, from a non-digit, fails too.
  if (!(year >= 1800 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month))) return undefined;
  if (length === 10) return utcMs(year, month, day, 0);
  // Shorter has no hour and minute: refused before any read past `end`, into the row's next field.
  if (length < 17) return undefined;

  if (text.charCodeAt(start + 10) !== T || text.charCodeAt(start + 13) !== COLON || text.charCodeAt(end - 1) !== Z) return undefined;
  const hour = digits(text, start + 11, 2);
  const minute = digits(text, start + 14, 2);
  let second = 0;
  let millis = 0;
  if (length > 17) {
    if (text.charCodeAt(start + 16) !== COLON || length === 21 || length > 24) return undefined;
    second = digits(text, start + 17, 2);
    if (length > 20) {
      if (text.charCodeAt(start + 19) !== DOT) return undefined;
      const fraction = length - 21;
      millis = digits(text, start + 20, fraction) * 10 ** (3 - fraction);
    }
  }
  if (!(hour <= 23 && minute <= 59 && second <= 59 && millis >= 0)) return undefined; // NaN fails too
  return utcMs(year, month, day, ((hour * 60 + minute) * 60 + second) * 1000 + millis);
}

/**
 * parseBarTimeIn of the ten bytes `YYYY-MM-DD` at `start` (ASCII, as read from a bar file), the
 * layout of daily files: the same result (a property test compares the two), cheaper because a
 * daily file's rows run through each month in turn, so the month's first day and length are
 * worked out once a month rather than once a row.
 */
export function parseBarDateIn(bytes: Uint8Array, start: number): number | undefined {
  if (bytes[start + 4] !== DASH || bytes[start + 7] !== DASH) return undefined;
  const year = byteDigits(bytes, start, 4);
  const month = byteDigits(bytes, start + 5, 2);
  const day = byteDigits(bytes, start + 8, 2);
  if (year !== lastYear || month !== lastMonth) {
    // Written as "not in range" so that NaN, from a non-digit, fails too.
    if (!(year >= 1800 && month >= 1 && month <= 12)) return undefined;
    lastMonthStart = utcMs(year, month, 1, 0);
    lastMonthDays = daysInMonth(year, month);
    lastYear = year;
    lastMonth = month;
  }
  if (!(day >= 1 && day <= lastMonthDays)) return undefined;
  return lastMonthStart + (day - 1) * MS_PER_DAY;
}

/** digits() of bytes. */
function byteDigits(bytes: Uint8Array, start: number, count: number): number {
  let value = 0;
  for (let i = start; i < start + count; i += 1) {
    const digit = bytes[i]! - 48;
    if (digit < 0 || digit > 9) return Number.NaN;
    value = value * 10 + digit;
  }
  return value;
}

// The month parseBarDateIn read last; NaN matches no year read, so the first call works it out.
let lastYear = Number.NaN;
let lastMonth = Number.NaN;
let lastMonthStart = 0;
let lastMonthDays = 0;
const MS_PER_DAY = 86_400_000;

/**
 * Date.UTC(year, month − 1, day) + msOfDay for a checked date of year 1800 or later, by days
 * from the civil date (the proleptic Gregorian calendar, as Date counts). Date.UTC is a call
 * into the runtime that no optimiser inlines, and a bar file of a million rows made a million
 * of them, a tenth of its parse; this is integer arithmetic, exact in a double.
 */
export function utcMs(year: number, month: number, day: number, msOfDay: number): number {
  // Years counted from March, so that February's leap day ends a year.
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return (era * 146_097 + dayOfEra - 719_468) * 86_400_000 + msOfDay;
}

/** The decimal number in `count` characters from `start`; NaN if any is not a digit. */
function digits(text: string, start: number, count: number): number {
  let value = 0;
  for (let i = start; i < start + count; i += 1) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return Number.NaN;
    value = value * 10 + digit;
  }
  return value;
}

