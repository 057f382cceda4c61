import { describe, expect, it } from 'vitest';
import { columnsFromBars } from '../../src/data/columnar/columnar-bars.js';
import { alignPanel } from './aligned-panel.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2024, 0, 1);
const bars = (days: number[]) => columnsFromBars(days.map((d) => ({ time: T0 + d * DAY, open: 10 + d, high: 11 + d, low: 9 + d, close: 10.5 + d, volume: 1 })));

describe('alignPanel', () => {
  it('cuts every symbol to the period, both ends inclusive', () => {
    const p = alignPanel(new Map([['A', bars([0, 1, 2, 3])], ['B', bars([0, 1, 2, 3])]]), T0 + DAY, T0 + 2 * DAY);
    expect([...p.times]).toEqual([T0 + DAY, T0 + 2 * DAY]);
    expect([...p.close[1]!]).toEqual([11.5, 12.5]);
    expect(p.symbols).toEqual(['A', 'B']);
  });

  it('names the symbol and the date where the files part ways', () => {
    expect(() => alignPanel(new Map([['A', bars([0, 1, 2])], ['B', bars([0, 2, 3])]]))).toThrow(/B is not on the same dates as A: its bar 1 is 2024-01-03, against 2024-01-02/);
    expect(() => alignPanel(new Map([['A', bars([0, 1, 2])], ['B', bars([0, 1])]]))).toThrow(/its bar 2 is nothing/);
  });

  it('refuses an empty period', () => {
    expect(() => alignPanel(new Map([['A', bars([0, 1])]]), T0 + 5 * DAY)).toThrow(/no bars in the chosen period/);
  });
});
