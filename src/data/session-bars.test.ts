import { describe, expect, it } from 'vitest';
import { getCalendar } from '../calendar/get-calendar.js';
import type { Bar } from '../domain/bar.js';
import { BarSeries, DAY_MS, endsByInterval, lastKnownPrice } from './bar-series.js';
import { columnsFromBars, type ColumnarBars } from './columnar/columnar-bars.js';
import { seriesInSessions } from './session-bars.js';

const XNYS = getCalendar('XNYS');
const HOUR = 3_600_000;

/** Daily bars as a daily file gives them: stamped with the date alone (00:00 UTC), open n, close n + 0.5. */
function dateStamped(...days: readonly number[]): ColumnarBars {
  return columnsFromBars(days.map((time, n): Bar => ({ time, open: n, high: n + 1, low: n - 1, close: n + 0.5, volume: 100 })));
}

/** Each bar's start and end as ISO text, so that a failure shows the hours. */
function spans(series: BarSeries): [string, string][] {
  return Array.from(series.columns.time, (start, i) => [new Date(start).toISOString(), new Date(series.ends[i]!).toISOString()]);
}

describe('seriesInSessions on the New York Stock Exchange', () => {
  it('places a winter daily bar from the 14:30Z open to the 21:00Z close', () => {
    const columns = dateStamped(Date.UTC(2024, 0, 2), Date.UTC(2024, 0, 3));
    const series = seriesInSessions(columns, XNYS);
    expect(spans(series)).toEqual([
      ['2024-01-02T14:30:00.000Z', '2024-01-02T21:00:00.000Z'],
      ['2024-01-03T14:30:00.000Z', '2024-01-03T21:00:00.000Z'],
    ]);
    // Only the starts move: the prices are the loaded columns, and the input is left as it was.
    expect(series.columns.close).toBe(columns.close);
    expect([...columns.time]).toEqual([Date.UTC(2024, 0, 2), Date.UTC(2024, 0, 3)]);
  });

  it('follows New York summer time: 13:30Z to 20:00Z', () => {
    // 8 March 2024 is the last Friday on standard time, 11 March the first Monday on summer time.
    const series = seriesInSessions(dateStamped(Date.UTC(2024, 2, 8), Date.UTC(2024, 2, 11), Date.UTC(2024, 6, 1)), XNYS);
    expect(spans(series)).toEqual([
      ['2024-03-08T14:30:00.000Z', '2024-03-08T21:00:00.000Z'],
      ['2024-03-11T13:30:00.000Z', '2024-03-11T20:00:00.000Z'],
      ['2024-07-01T13:30:00.000Z', '2024-07-01T20:00:00.000Z'],
    ]);
  });

  it('ends the bar of an early close at the early close', () => {
    // The day after Thanksgiving 2024 closed at 13:00 New York, 18:00Z.
    const series = seriesInSessions(dateStamped(Date.UTC(2024, 10, 27), Date.UTC(2024, 10, 29), Date.UTC(2024, 11, 2)), XNYS);
    expect(spans(series)).toEqual([
      ['2024-11-27T14:30:00.000Z', '2024-11-27T21:00:00.000Z'],
      ['2024-11-29T14:30:00.000Z', '2024-11-29T18:00:00.000Z'],
      ['2024-12-02T14:30:00.000Z', '2024-12-02T21:00:00.000Z'],
    ]);
  });

  it('gives a holiday bar some sources still carry the hours of the session before it', () => {
    // 4 July 2024 had no session; 3 July closed early at 13:00 New York (17:00Z), so the
    // holiday bar is placed 13:30Z–17:00Z on its own date, between its neighbours.
    const series = seriesInSessions(dateStamped(Date.UTC(2024, 6, 3), Date.UTC(2024, 6, 4), Date.UTC(2024, 6, 5)), XNYS);
    expect(spans(series)).toEqual([
      ['2024-07-03T13:30:00.000Z', '2024-07-03T17:00:00.000Z'],
      ['2024-07-04T13:30:00.000Z', '2024-07-04T17:00:00.000Z'],
      ['2024-07-05T13:30:00.000Z', '2024-07-05T20:00:00.000Z'],
    ]);
  });

  it('gives a holiday bar at the start of the series the hours of the session after it', () => {
    // No session before 1 January 2024 in the series to borrow from: 2 January's hours are used.
    const series = seriesInSessions(dateStamped(Date.UTC(2024, 0, 1), Date.UTC(2024, 0, 2)), XNYS);
    expect(spans(series)).toEqual([
      ['2024-01-01T14:30:00.000Z', '2024-01-01T21:00:00.000Z'],
      ['2024-01-02T14:30:00.000Z', '2024-01-02T21:00:00.000Z'],
    ]);
  });

  it('places a second file with the same dates the same way, keeping its own prices', () => {
    // The files of one folder share their dates, so a placement is reused: only the hours may be.
    const days = [Date.UTC(2024, 0, 2), Date.UTC(2024, 0, 3)];
    const spy = seriesInSessions(dateStamped(...days), XNYS);
    const otherColumns = columnsFromBars(days.map((time): Bar => ({ time, open: 50, high: 52, low: 49, close: 51, volume: 7 })));
    const other = seriesInSessions(otherColumns, XNYS);
    expect(spans(other)).toEqual(spans(spy));
    expect(other.columns.close).toBe(otherColumns.close);
    expect(other.windowUntil(Date.UTC(2024, 0, 3, 21)).toArray().map((b) => b.close)).toEqual([51, 51]);
    // Other dates are placed afresh, not given the reused hours.
    expect(spans(seriesInSessions(dateStamped(Date.UTC(2024, 6, 1)), XNYS))).toEqual([['2024-07-01T13:30:00.000Z', '2024-07-01T20:00:00.000Z']]);
  });

  it('reads high and low of the loaded columns only when the placed series is asked for them', () => {
    const loaded = dateStamped(Date.UTC(2024, 0, 2), Date.UTC(2024, 0, 3));
    const asked: string[] = [];
    const lazy: ColumnarBars = {
      time: loaded.time,
      open: loaded.open,
      get high() {
        asked.push('high');
        return loaded.high;
      },
      get low() {
        asked.push('low');
        return loaded.low;
      },
      close: loaded.close,
      volume: loaded.volume,
    };
    const series = seriesInSessions(lazy, XNYS);
    expect(asked).toEqual([]);
    expect(series.columns.high).toBe(loaded.high);
    expect(series.columns.low).toBe(loaded.low);
    expect(asked).toEqual(['high', 'low']);
  });

  it('leaves bars with a time of day as stamped, each ending one interval later', () => {
    const times = [Date.UTC(2024, 0, 2, 14, 30), Date.UTC(2024, 0, 2, 15, 30), Date.UTC(2024, 0, 2, 16, 30)];
    const columns = columnsFromBars(times.map((time): Bar => ({ time, open: 1, high: 1, low: 1, close: 1, volume: 1 })));
    const series = seriesInSessions(columns, XNYS);
    expect([...series.columns.time]).toEqual(times);
    expect([...series.ends]).toEqual([...endsByInterval(columns.time)]);
    expect(series.ends[2]).toBe(times[2]! + HOUR);
  });

  it('takes a series as stamped when it cannot be placed: no calendar, no session at all, or years the calendar lacks', () => {
    const asStamped = (series: BarSeries) => [...series.columns.time];
    const weekdays = dateStamped(Date.UTC(2024, 0, 2), Date.UTC(2024, 0, 3));
    expect(asStamped(seriesInSessions(weekdays, undefined))).toEqual([Date.UTC(2024, 0, 2), Date.UTC(2024, 0, 3)]);
    // Two Saturdays: no session to borrow hours from.
    expect(asStamped(seriesInSessions(dateStamped(Date.UTC(2024, 0, 6), Date.UTC(2024, 0, 13)), XNYS))).toEqual([Date.UTC(2024, 0, 6), Date.UTC(2024, 0, 13)]);
    // The calendar knows 2000–2030 only.
    expect(asStamped(seriesInSessions(dateStamped(Date.UTC(1990, 0, 2), Date.UTC(1990, 0, 3)), XNYS))).toEqual([Date.UTC(1990, 0, 2), Date.UTC(1990, 0, 3)]);
  });
});

describe('the price known at the close of a date-stamped daily bar', () => {
  // 2 and 3 January 2024: the second bar (open 1, close 1.5) is the day looked at.
  const day = Date.UTC(2024, 0, 3);
  const close = Date.UTC(2024, 0, 3, 21);
  const columns = dateStamped(Date.UTC(2024, 0, 2), day);

  it('is the close of the day once its session has closed, not its open until midnight', () => {
    const series = seriesInSessions(columns, XNYS);
    expect(lastKnownPrice(series.windowUntil(close), close)).toEqual({ price: 1.5, time: close, barIndex: 1 });
    // During the session only the open is known.
    expect(lastKnownPrice(series.windowUntil(close - 1), close - 1)).toEqual({ price: 1, time: Date.UTC(2024, 0, 3, 14, 30), barIndex: 1 });
    // Before the open the day has not started: the previous session's close is the latest price.
    expect(lastKnownPrice(series.windowUntil(day + 14 * HOUR), day + 14 * HOUR)).toEqual({ price: 0.5, time: Date.UTC(2024, 0, 2, 21), barIndex: 0 });
  });

  it('was the open until midnight when the bar was taken as stamped (the defect this placement fixes)', () => {
    // As stamped, the bar runs 00:00 to 00:00: at the close an equity mark still saw the open.
    const stamped = new BarSeries(columns);
    expect(lastKnownPrice(stamped.windowUntil(close), close)?.price).toBe(1);
    expect(lastKnownPrice(stamped.windowUntil(day + DAY_MS - 1), day + DAY_MS - 1)?.price).toBe(1);
    expect(lastKnownPrice(stamped.windowUntil(day + DAY_MS), day + DAY_MS)?.price).toBe(1.5);
  });
});
