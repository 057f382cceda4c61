import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BarSeries, DAY_MS, windowOf } from '../bar-series.js';
import type { Bar } from '../../domain/bar.js';
import { splitSuspects, splitSuspectsRemembered, unexplainedSplitSuspects } from './split-jumps.js';

const OPTIONS = { minMove: 0.25, tolerance: 0.05 };
const T0 = Date.UTC(2025, 0, 6);

function bars(closes: readonly number[], opens: readonly number[] = closes): Bar[] {
  return closes.map((close, i) => ({ time: T0 + i * DAY_MS, open: opens[i]!, high: Math.max(opens[i]!, close), low: Math.min(opens[i]!, close), close, volume: 1000 }));
}

const AFTER_ALL = T0 + 1000 * DAY_MS;

describe('jumps a split would explain', () => {
  it('names a 2:1 split, a 3:2 split and a 1:10 reverse split by their date and ratio', () => {
    const found = splitSuspects(windowOf(bars([100, 101, 50.4, 50, 33.4, 33, 330])), 0, AFTER_ALL, OPTIONS);
    expect(found.map((s) => [new Date(s.time).toISOString().slice(0, 10), s.ratio])).toEqual([
      ['2025-01-08', '2:1'],
      ['2025-01-10', '3:2'],
      ['2025-01-12', '1:10'],
    ]);
  });

  it('sees a split at the open even when the day closes elsewhere, and ignores the close of a bar still in progress', () => {
    const window = windowOf(bars([100, 60], [100, 50]));
    expect(splitSuspects(window, 0, AFTER_ALL, OPTIONS).map((s) => s.ratio)).toEqual(['2:1']);
    const inProgress = windowOf(bars([100, 50], [100, 99]));
    expect(splitSuspects(inProgress, 0, T0 + DAY_MS + 1, OPTIONS)).toEqual([]);
  });

  it('looks only from the given bar on', () => {
    expect(splitSuspects(windowOf(bars([100, 50, 51, 52])), 2, AFTER_ALL, OPTIONS)).toEqual([]);
  });

  it('flags every exact split ratio, whatever the day’s move around it within the tolerance', () => {
    const ratios = [[2, 1], [3, 1], [3, 2], [4, 1], [5, 1], [10, 1], [1, 2], [1, 3], [2, 3], [1, 10]] as const;
    fc.assert(
      fc.property(fc.constantFrom(...ratios), fc.double({ min: 1, max: 1000, noNaN: true }), fc.double({ min: -0.04, max: 0.04, noNaN: true }), ([n, o], price, move) => {
        const after = (price * o) / n * (1 + move);
        const [found] = splitSuspects(windowOf(bars([price, after])), 0, AFTER_ALL, OPTIONS);
        expect(found?.ratio).toBe(`${n}:${o}`);
      }),
    );
  });

  it('never flags a history whose moves stay under the minimum move', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -0.2, max: 0.2, noNaN: true }), { minLength: 1, maxLength: 200 }), (moves) => {
        const closes = [100];
        for (const move of moves) closes.push(closes.at(-1)! * (1 + move));
        expect(splitSuspects(windowOf(bars(closes)), 0, AFTER_ALL, OPTIONS)).toEqual([]);
      }),
    );
  });
});

describe('remembering the bars found clean', () => {
  it('gives the answer of a fresh scan at every call, whatever the clock and the lookback do between calls', () => {
    const move = fc.oneof(fc.double({ min: -0.2, max: 0.2, noNaN: true }), fc.constantFrom(-0.5, 1, -0.9, 2));
    const call = fc.record({ at: fc.integer({ min: 0, max: 60 }), offset: fc.constantFrom(0, 1, DAY_MS / 2), lookback: fc.integer({ min: 0, max: 30 }) });
    fc.assert(
      fc.property(fc.array(move, { minLength: 1, maxLength: 60 }), fc.array(call, { minLength: 1, maxLength: 20 }), fc.boolean(), (moves, calls, forward) => {
        const closes = [100];
        for (const m of moves) closes.push(closes.at(-1)! * (1 + m));
        const opens = closes.map((close, i) => (i % 3 === 0 ? close : closes[Math.max(0, i - 1)]!));
        const series = BarSeries.fromBars(bars(closes, opens));
        // A backtest's clock only moves forward; other callers may ask about any time.
        const ordered = forward ? [...calls].sort((a, b) => a.at - b.at) : calls;
        for (const { at, offset, lookback } of ordered) {
          const now = T0 + at * DAY_MS + offset;
          const window = series.windowUntil(now);
          const from = Math.max(0, window.length - lookback);
          expect(splitSuspectsRemembered(window, from, now, OPTIONS)).toEqual(splitSuspects(window, from, now, OPTIONS));
        }
      }),
    );
  });
});

describe('unexplainedSplitSuspects', () => {
  const suspect = { time: Date.UTC(2024, 5, 10, 13, 30), ratio: '4:1', priceRatio: 0.251 };
  const dateOf = (time: number) => new Date(time).toISOString().slice(0, 10);
  it('drops a jump that a split of the same day and ratio explains, keeps the others', () => {
    expect(unexplainedSplitSuspects([suspect], [{ date: '2024-06-10', value: 4 }], 0.05, dateOf)).toEqual([]);
    expect(unexplainedSplitSuspects([suspect], [{ date: '2024-06-11', value: 4 }], 0.05, dateOf)).toEqual([suspect]);
    expect(unexplainedSplitSuspects([suspect], [{ date: '2024-06-10', value: 2 }], 0.05, dateOf)).toEqual([suspect]);
    expect(unexplainedSplitSuspects([suspect], [], 0.05, dateOf)).toEqual([suspect]);
  });
});
