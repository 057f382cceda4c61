import { describe, expect, it } from 'vitest';
import type { Bar } from '../domain/bar.js';
import { DAY_MS } from './bar-series.js';
import { InMemoryMarketData } from './in-memory-market-data.js';

const T0 = Date.UTC(2025, 0, 6);
const bars = (n: number, base: number): Bar[] => Array.from({ length: n }, (_, i) => ({ time: T0 + i * DAY_MS, open: base + i, high: base + i + 1, low: base + i - 1, close: base + i, volume: 10 }));

describe('the windows of several symbols at one time', () => {
  const data = new InMemoryMarketData(new Map([['AAA', bars(5, 10)], ['BBB', bars(3, 50)]]));

  it('holds, for every symbol asked, the window barsNow gives, in the order asked, once per symbol', async () => {
    const until = T0 + 2 * DAY_MS;
    const windows = await data.barsOf(['BBB', 'AAA', 'BBB', 'ZZZ'], until);
    expect(windows.size).toBe(3);
    expect([...windows.keys()]).toEqual(['BBB', 'AAA', 'ZZZ']);
    for (const [symbol, window] of windows) expect(window.toArray()).toEqual(data.barsNow(symbol, until).toArray());
    expect(windows.get('AAA')!.length).toBe(3);
    expect(windows.get('ZZZ')!.length).toBe(0);
    expect(windows.has('CCC')).toBe(false);
    expect(windows.get('CCC')).toBeUndefined();
  });

  it('keeps each map at its own time when maps of other times are read in between', async () => {
    const early = await data.barsOf(['AAA'], T0);
    const late = await data.barsOf(['AAA'], T0 + 4 * DAY_MS);
    expect(late.get('AAA')!.length).toBe(5);
    expect(early.get('AAA')!.length).toBe(1);
    expect(late.get('AAA')!.length).toBe(5);
    expect([...early.values()].map((w) => w.length)).toEqual([1]);
  });
});
