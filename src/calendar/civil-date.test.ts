import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MONDAY,
  THURSDAY,
  civilDate,
  dayNumber,
  easterSunday,
  formatDate,
  nthWeekdayOfMonth,
  parseDate,
  weekdayOf,
  weekdayOnOrBefore,
  utcDateOf,
  yearOf,
} from './civil-date.js';
import { InvalidDateError } from './errors.js';

const days = fc.integer({ min: dayNumber(1900, 1, 1), max: dayNumber(2200, 12, 31) });

describe('civil dates', () => {
  it('agree with Date for every day from 1900 to 2200', () => {
    fc.assert(
      fc.property(days, (n) => {
        const d = new Date(n * 86_400_000);
        expect(civilDate(n)).toEqual({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() });
        expect(dayNumber(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate())).toBe(n);
        expect(weekdayOf(n)).toBe(d.getUTCDay());
        expect(parseDate(formatDate(n))).toBe(n);
      }),
    );
  });

  it.each(['2023-02-29', '2024-13-01', '2024-00-10', '2024-04-31', '24-01-01', '2024-1-1', '2024-01-01T00:00', ''])(
    'rejects %j',
    (text) => expect(() => parseDate(text)).toThrow(InvalidDateError),
  );

  it('accepts 29 February in a leap year', () => {
    expect(formatDate(parseDate('2024-02-29'))).toBe('2024-02-29');
  });

  it('finds n-th and last weekdays of a month', () => {
    expect(formatDate(nthWeekdayOfMonth(2024, 11, THURSDAY, 4))).toBe('2024-11-28'); // Thanksgiving
    expect(formatDate(nthWeekdayOfMonth(2024, 5, MONDAY, -1))).toBe('2024-05-27'); // Memorial Day
    expect(formatDate(nthWeekdayOfMonth(2024, 12, MONDAY, -1))).toBe('2024-12-30');
    expect(formatDate(nthWeekdayOfMonth(2024, 1, MONDAY, 1))).toBe('2024-01-01');
    expect(formatDate(weekdayOnOrBefore(dayNumber(2021, 5, 24), MONDAY))).toBe('2021-05-24');
    expect(formatDate(weekdayOnOrBefore(dayNumber(2024, 5, 24), MONDAY))).toBe('2024-05-20');
  });

  it('computes Western Easter', () => {
    const easters = ['2000-04-23', '2008-03-23', '2011-04-24', '2019-04-21', '2024-03-31', '2025-04-20', '2038-04-25'];
    for (const e of easters) expect(formatDate(easterSunday(Number(e.slice(0, 4))))).toBe(e);
  });

  it('puts Easter on a Sunday between 22 March and 25 April', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1583, max: 4099 }), (year) => {
        const e = easterSunday(year);
        expect(weekdayOf(e)).toBe(0);
        expect(e).toBeGreaterThanOrEqual(dayNumber(year, 3, 22));
        expect(e).toBeLessThanOrEqual(dayNumber(year, 4, 25));
      }),
    );
  });
});

/** parseDate as first written: a regular expression, then the day checked through civilDate. */
function parseDateByPattern(text: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) throw new InvalidDateError(text);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12 || day < 1 || day > 31) throw new InvalidDateError(text);
  const n = dayNumber(year, month, day);
  if (civilDate(n).day !== day) throw new InvalidDateError(text);
  return n;
}

function outcome(parse: (text: string) => number, text: string): number | string {
  try {
    return parse(text);
  } catch (error) {
    return error instanceof InvalidDateError ? `invalid: ${error.message}` : `other: ${String(error)}`;
  }
}

describe('parseDate and yearOf', () => {
  it('parse and reject every text as the regular expression and civilDate did', () => {
    const digit = fc.constantFrom(...'0123456789');
    const near = fc.constantFrom(...'0123456789-/ x\n٣');
    const pad = (n: number, width: number): string => String(n).padStart(width, '0');
    const dates = fc.tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 99 })).map(([y, m, d]) => `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`);
    const shaped = fc.array(fc.oneof(digit, near), { minLength: 8, maxLength: 12 }).map((chars) => chars.join(''));
    const mutated = fc.tuple(dates, fc.integer({ min: 0, max: 11 }), near).map(([text, at, c]) => text.slice(0, at) + c + text.slice(at + 1));
    fc.assert(
      fc.property(fc.oneof(dates, shaped, mutated, fc.string({ maxLength: 12 }), dates.map((text) => `${text}\n`)), (text) => {
        expect(outcome(parseDate, text)).toEqual(outcome(parseDateByPattern, text));
      }),
      { numRuns: 2000 },
    );
  });

  it('give the year civilDate gives, for any day', () => {
    fc.assert(
      fc.property(fc.integer({ min: dayNumber(0, 1, 1), max: dayNumber(9999, 12, 31) }), (n) => {
        expect(yearOf(n)).toBe(civilDate(n).year);
      }),
    );
  });
});

describe('utcDateOf', () => {
  it('is the date of toISOString for any time, to the millisecond, the ends of the four-digit years included', () => {
    const edges = [-62_167_219_200_001, -62_167_219_200_000, -1, 0, 86_399_999, 86_400_000, 253_402_300_799_999, 253_402_300_800_000, 8.64e15];
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: -8.64e15, max: 8.64e15 }), fc.integer({ min: -86_400_000, max: 86_400_000 }), fc.double({ min: -86_400_001, max: 86_400_001, noNaN: true }), fc.constantFrom(...edges, -0.5, 0.5, -86_400_000.5)), (time) => {
        expect(utcDateOf(time)).toBe(new Date(time).toISOString().slice(0, 10));
      }),
      { numRuns: 5000 },
    );
  });
});
