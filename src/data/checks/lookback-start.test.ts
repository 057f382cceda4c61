import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BarSeries, DAY_MS } from '../bar-series.js';
import { firstBarOfLastDays, firstBarOfLastDaysRemembered } from './lookback-start.js';

/** The definition: walk back from the newest bar, counting UTC dates, one division per bar. */
function walked(times: Float64Array, length: number, days: number): number {
  let dates = 0;
  let date = Number.NaN;
  for (let i = length - 1; i >= 0; i--) {
    const current = Math.floor(times[i]! / DAY_MS);
    if (current !== date) {
      if (++dates > days) return i + 1;
      date = current;
    }
  }
  return 0;
}

function seriesOf(times: Float64Array): BarSeries {
  const prices = new Float64Array(times.length).fill(1);
  return new BarSeries({ time: times, open: prices, high: prices, low: prices, close: prices, volume: prices }, new Float64Array(times.length));
}

describe('the first bar of the last days of a window', () => {
  it('is the walked answer, for bars of any spacing and windows that grow, shrink or stay, with or without what an earlier call remembered', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 3 * DAY_MS }), { maxLength: 60 }),
        fc.integer({ min: 0, max: 6 }),
        fc.array(fc.integer({ min: 0, max: 61 }), { maxLength: 12 }),
        (gaps, days, lengths) => {
          const times = new Float64Array(gaps.length);
          let time = Date.UTC(2025, 0, 6) - 5 * 3_600_000;
          gaps.forEach((gap, i) => (times[i] = time += gap));
          const series = seriesOf(times);
          for (const length of lengths) {
            const window = series.window(length);
            const expected = walked(times, window.length, days);
            expect(firstBarOfLastDays(window, days)).toBe(expected);
            expect(firstBarOfLastDaysRemembered(window, days)).toBe(expected);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});
