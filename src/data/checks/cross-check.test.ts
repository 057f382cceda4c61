import { describe, expect, it } from 'vitest';
import { BarSeries } from '../bar-series.js';
import { closeDisagreements } from './cross-check.js';

const HOUR = 3_600_000;
const day = (date: string) => Date.parse(`${date}T14:30:00Z`);
const bars = BarSeries.fromBars(
  ['2025-03-03', '2025-03-04'].flatMap((date, d) => [0, 1].map((h) => ({ time: day(date) + h * HOUR, open: 100, high: 110, low: 90, close: 100 + d * 10 + h, volume: 1 }))),
);
const dateOf = (time: number) => new Date(time).toISOString().slice(0, 10);
const reference = (closes: readonly number[]) => closes.map((close, i) => ({ date: `2025-03-0${i + 3}`, open: close, high: close, low: close, close, volume: 1 }));

describe('closeDisagreements', () => {
  it('compares the last close of each date with the reference, within the tolerance', () => {
    const window = bars.window(bars.length);
    const now = day('2025-03-05');
    expect(closeDisagreements(window, 0, reference([101, 111]), { now, tolerancePct: 1, dateOf })).toEqual([]);
    expect(closeDisagreements(window, 0, reference([101, 111 * 1.02]), { now, tolerancePct: 1, dateOf })).toEqual([{ date: '2025-03-04', dataClose: 111, referenceClose: 111 * 1.02, apartPct: expect.closeTo(2, 8) }]);
  });

  it('a date still trading at the clock is not compared: its close is not known yet', () => {
    const window = bars.window(bars.length);
    const now = day('2025-03-04') + HOUR + 60_000;
    expect(closeDisagreements(window, 0, reference([101, 200]), { now, tolerancePct: 1, dateOf })).toEqual([]);
  });
});
