import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CalendarError } from '../calendar/errors.js';
import { getCalendar } from '../calendar/get-calendar.js';
import type { ExchangeCalendar } from '../calendar/session.js';
import { DAY_MS, endsByInterval } from './bar-series.js';
import { seriesInSessions } from './session-bars.js';

/**
 * The placement as first written, date by date: each bar asks the calendar for the session of
 * its own date; a date without one takes the hours of the session before it, or after it at the
 * start; an evening-before open (FX), no session at all or a year the calendar lacks leaves the
 * series as stamped. seriesInSessions walks the sessions of the whole range instead.
 */
function placedDateByDate(days: readonly number[], calendar: ExchangeCalendar): number[][] | undefined {
  const placed: number[][] = [];
  let offsets: { open: number; close: number } | undefined;
  const unplaced: number[] = [];
  try {
    for (const day of days) {
      const session = calendar.session(new Date(day).toISOString().slice(0, 10));
      if (session && session.open < day) return undefined;
      if (session) {
        offsets = { open: session.open - day, close: session.close - day };
        for (const earlier of unplaced) placed.push([earlier + offsets.open, earlier + offsets.close]);
        unplaced.length = 0;
      }
      if (offsets) placed.push([day + offsets.open, day + offsets.close]);
      else unplaced.push(day);
    }
  } catch (error) {
    if (error instanceof CalendarError) return undefined;
    throw error;
  }
  return unplaced.length > 0 ? undefined : placed;
}

const spansOf = (days: readonly number[], calendar: ExchangeCalendar): number[][] => {
  const columns = { time: Float64Array.from(days), open: new Float64Array(days.length), high: new Float64Array(days.length), low: new Float64Array(days.length), close: new Float64Array(days.length), volume: new Float64Array(days.length) };
  const series = seriesInSessions(columns, calendar);
  return Array.from(series.columns.time, (start, i) => [start, series.ends[i]!]);
};

describe('seriesInSessions, for any dates', () => {
  it('places date-stamped daily bars as asking the calendar date by date does', () => {
    // Runs of consecutive dates (weekends and holidays among them) from 1999, before the
    // calendars' first year, to 2031, after their last, on a stock exchange and on FX.
    const firstDay = Date.UTC(1999, 11, 1) / DAY_MS;
    const lastDay = Date.UTC(2031, 0, 31) / DAY_MS;
    const dates = fc
      .tuple(fc.integer({ min: firstDay, max: lastDay }), fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 0, maxLength: 60 }))
      .map(([first, steps]) => steps.reduce((days, step) => [...days, days[days.length - 1]! + step * DAY_MS], [first * DAY_MS]));
    fc.assert(
      fc.property(dates, fc.constantFrom('XNYS', 'XLON', 'FX'), (days, mic) => {
        const calendar = getCalendar(mic);
        const asStamped = (): number[][] => Array.from(endsByInterval(Float64Array.from(days)), (end, i) => [days[i]!, end]);
        expect(spansOf(days, calendar)).toEqual(placedDateByDate(days, calendar) ?? asStamped());
      }),
      { numRuns: 300 },
    );
  });
});
