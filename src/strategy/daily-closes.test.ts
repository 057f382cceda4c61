import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BarSeries, windowOf } from '../data/bar-series.js';
import type { Bar } from '../domain/bar.js';
import { dailyCloses, dailyClosesInto, dailyVolInto } from './daily-closes.js';
import { realizedVol } from './realized-vol.js';

const HOUR = 3_600_000;
const DAY = 86_400_000;
const D1 = Date.UTC(2025, 10, 13);
const D2 = Date.UTC(2025, 10, 14);

function bar(time: number, open: number, close: number): Bar {
  return { time, open, high: Math.max(open, close), low: Math.min(open, close), close, volume: 1 };
}

// Three hourly bars on each of two dates, from 14:30 UTC.
const hourly = windowOf([D1, D2].flatMap((day, d) => [0, 1, 2].map((h) => bar(day + 14.5 * HOUR + h * HOUR, 100 + 10 * d + h, 101 + 10 * d + h))));

/** dailyVolInto at `now` counts the closes dailyClosesInto finds and, over a whole lookback, is realizedVol of them to the last bit. */
function expectVolAsRealized(series: BarSeries, now: number, lookback: number): void {
  const window = series.windowUntil(now);
  const closes = new Float64Array(lookback + 1);
  const vol = new Float64Array(1);
  const count = dailyClosesInto(window, now, closes);
  expect(dailyVolInto(window, now, lookback, vol)).toBe(count);
  if (count === lookback + 1) expect(Object.is(vol[0], realizedVol(closes, lookback))).toBe(true);
}

describe('dailyCloses', () => {
  it('takes the close of the last bar of each UTC date', () => {
    expect(dailyCloses(hourly, D2 + DAY)).toEqual([
      { day: D1, close: 103 },
      { day: D2, close: 113 },
    ]);
  });

  it('values a day still trading at the open of the bar in progress, never its future close', () => {
    // At 15:00 on D2 the 14:30 bar is in progress: its open 110 is known, its close 111 is not.
    expect(dailyCloses(hourly, D2 + 15 * HOUR).at(-1)).toEqual({ day: D2, close: 110 });
    // At 16:00 the 14:30 bar has ended (close 111) and the 15:30 bar is in progress (open 111).
    expect(dailyCloses(hourly, D2 + 16 * HOUR).at(-1)).toEqual({ day: D2, close: 111 });
  });

  it('ignores bars that start after now', () => {
    expect(dailyCloses(hourly, D1 + 20 * HOUR)).toEqual([{ day: D1, close: 103 }]);
    expect(dailyCloses(hourly, D1)).toEqual([]);
  });

  it('passes daily bars through, one close per date', () => {
    const daily = windowOf([0, 1, 2].map((i) => bar(D1 + i * DAY, 50 + i, 60 + i)));
    expect(dailyCloses(daily, D1 + 3 * DAY)).toEqual([
      { day: D1, close: 60 },
      { day: D1 + DAY, close: 61 },
      { day: D1 + 2 * DAY, close: 62 },
    ]);
  });
});

describe('dailyCloses with a lookback (lastDays)', () => {
  // Three hourly bars on each of four dates: the strategies ask for the last few only.
  const days = [D1, D2, D2 + DAY, D2 + 2 * DAY];
  const fourDays = windowOf(days.flatMap((day, d) => [0, 1, 2].map((h) => bar(day + 14.5 * HOUR + h * HOUR, 100 + 10 * d + h, 101 + 10 * d + h))));

  it('keeps the newest dates only, oldest first', () => {
    expect(dailyCloses(fourDays, D2 + 3 * DAY, 2)).toEqual([
      { day: D2 + DAY, close: 123 },
      { day: D2 + 2 * DAY, close: 133 },
    ]);
    expect(dailyCloses(fourDays, D2 + 3 * DAY, 0)).toEqual([]);
    // More dates asked for than there are: all of them.
    expect(dailyCloses(fourDays, D2 + 3 * DAY, 10)).toEqual(dailyCloses(fourDays, D2 + 3 * DAY));
  });

  it('values the newest date at the price known now, as the unbounded call does', () => {
    // At 15:00 on the last date its 14:30 bar is in progress: its open 130, not its close 131.
    const now = D2 + 2 * DAY + 15 * HOUR;
    expect(dailyCloses(fourDays, now, 1)).toEqual([{ day: D2 + 2 * DAY, close: 130 }]);
    expect(dailyCloses(fourDays, now, 2)).toEqual(dailyCloses(fourDays, now).slice(-2));
  });

  it('gives the same tail as the unbounded call, whatever the bars, the time and the lookback', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 10 * 24 }), { maxLength: 40 }),
        fc.integer({ min: -24, max: 11 * 24 }),
        fc.integer({ min: 0, max: 12 }),
        (hours, nowHour, lastDays) => {
          const bars = windowOf([...hours].sort((a, b) => a - b).map((h, i) => bar(D1 + h * HOUR, i, 1000 + i)));
          const now = D1 + nowHour * HOUR;
          const all = dailyCloses(bars, now);
          expect(dailyCloses(bars, now, lastDays)).toEqual(lastDays === 0 ? [] : all.slice(-lastDays));
        },
      ),
    );
  });
});

/** Bars one after another, `step` ms apart from a start hours before D1, each with its open and close. */
function seriesOfSteps(rows: readonly (readonly [step: number, open: number, close: number, ...rest: number[]])[]): BarSeries {
  let time = D1 - 5 * HOUR;
  return BarSeries.fromBars(rows.map(([step, open, close]) => bar((time += step), open, close)));
}

describe('dailyVolInto', () => {
  // Prices and gaps between bars (an hour, a day, a weekend, or anything up to three days) that the tests below share.
  const price = fc.double({ min: 0.01, max: 1000, noNaN: true });
  const gap = fc.oneof(fc.integer({ min: 1, max: 3 * DAY }), fc.constantFrom(HOUR, DAY, 3 * DAY));
  it('gives the count of dailyClosesInto and, with enough dates, the realizedVol of its closes to the last bit, whichever way the clock moves', () => {
    const edgyGap = fc.oneof(gap, fc.constantFrom(DAY - 1, 1));
    const edgyPrice = fc.oneof(price, fc.constantFrom(0, 1, 100));
    fc.assert(
      fc.property(
        fc.array(fc.tuple(edgyGap, edgyPrice, edgyPrice), { minLength: 1, maxLength: 80 }),
        fc.integer({ min: 2, max: 8 }),
        fc.array(fc.tuple(fc.integer({ min: -2, max: 90 }), fc.constantFrom(0, 1, HOUR, DAY / 2)), { minLength: 1, maxLength: 15 }),
        fc.boolean(),
        (rows, lookback, asks, forward) => {
          const series = seriesOfSteps(rows);
          const calls = forward ? [...asks].sort((a, b) => a[0] - b[0]) : asks;
          for (const [at, offset] of calls) {
            const index = Math.min(Math.max(at, 0), series.length - 1);
            const now = at < 0 ? D1 - 10 * DAY : series.columns.time[index]! + offset;
            const window = series.windowUntil(now);
            const closes = new Float64Array(lookback + 1);
            const vol = new Float64Array(1);
            const count = dailyClosesInto(window, now, closes);
            expect(dailyVolInto(window, now, lookback, vol)).toBe(count);
            if (count < lookback + 1) continue;
            expect(Object.is(vol[0], realizedVol(closes, lookback))).toBe(true);
          }
        },
      ),
      { numRuns: 1000 },
    );
  });
  it('gives realizedVol to the last bit when the clock steps forward by a few dates at a time, as a backtest moves it', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(DAY, DAY, 3 * DAY, HOUR), price, price), { minLength: 40, maxLength: 200 }),
        fc.integer({ min: 2, max: 30 }),
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 0, max: 40 }),
        (rows, lookback, step, start) => {
          const series = seriesOfSteps(rows);
          for (let at = start; at < series.length; at += step) {
            const now = series.columns.time[at]! + HOUR;
            expectVolAsRealized(series, now, lookback);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
  it('gives realizedVol to the last bit when the lookback changes from one question to the next', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(gap, price, price), { minLength: 20, maxLength: 150 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 160 }), fc.integer({ min: 2, max: 40 }), fc.constantFrom(0, HOUR, DAY / 2)), { minLength: 10, maxLength: 60 }),
        fc.boolean(),
        (rows, asks, forward) => {
          const series = seriesOfSteps(rows);
          for (const [at, lookback, offset] of forward ? [...asks].sort((a, b) => a[0] - b[0]) : asks) {
            const now = series.columns.time[Math.min(at, series.length - 1)]! + offset;
            expectVolAsRealized(series, now, lookback);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
  it('answers each of several series that share their bar starts as it would alone, whichever series asks first', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(gap, price, price, price), { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 2, max: 6 }),
        fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 70 }), fc.constantFrom(0, HOUR, DAY / 2)), { minLength: 1, maxLength: 20 }),
        (rows, lookback, asks) => {
          const first = seriesOfSteps(rows);
          const closes = Float64Array.from(rows, ([, , , close]) => close);
          // The same column of starts, as the series of one folder share it.
          const second = new BarSeries({ ...first.columns, open: closes, high: closes, low: closes, close: closes });
          for (const [ofFirst, at, offset] of asks) {
            const series = ofFirst ? first : second;
            const now = series.columns.time[Math.min(at, series.length - 1)]! + offset;
            const window = series.windowUntil(now);
            const expected = new Float64Array(lookback + 1);
            const vol = new Float64Array(1);
            const count = dailyClosesInto(window, now, expected);
            expect(dailyVolInto(window, now, lookback, vol)).toBe(count);
            if (count === lookback + 1) expect(Object.is(vol[0], realizedVol(expected, lookback))).toBe(true);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
