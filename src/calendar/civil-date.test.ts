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
