import { describe, expect, it } from 'vitest';
import type { Bar } from '../domain/bar.js';
import { InMemoryMarketData } from './in-memory-market-data.js';
import { MarketDataError } from './market-data.js';

function bar(time: number, close: number): Bar {
  return { time, open: close, high: close, low: close, close, volume: 100 };
}

describe('InMemoryMarketData', () => {
  const data = new InMemoryMarketData(
    new Map([
      ['SPY', [bar(100, 1), bar(200, 2), bar(300, 3)]],
      ['XIU', [bar(150, 10)]],
    ]),
  );

  it('returns the bars started at or before the given time, oldest first', async () => {
    expect((await data.bars('SPY', 99)).map((b) => b.close)).toEqual([]);
    expect((await data.bars('SPY', 200)).map((b) => b.close)).toEqual([1, 2]);
    expect((await data.bars('SPY', 299)).map((b) => b.close)).toEqual([1, 2]);
    expect((await data.bars('SPY', 10_000)).map((b) => b.close)).toEqual([1, 2, 3]);
  });

  it('hands back the same array for the same cut, so per-series caches stay warm', async () => {
    const first = await data.bars('SPY', 250);
    expect(await data.bars('SPY', 299)).toBe(first);
    expect(await data.bars('SPY', 300)).not.toBe(first);
    expect(await data.bars('SPY', 10_000)).toBe(await data.bars('SPY', 20_000));
  });

  it('has no bars for a symbol it does not know', async () => {
    expect(await data.bars('QQQ', 10_000)).toEqual([]);
  });

  it('reports the newest bar start across symbols', async () => {
    expect(await data.latestBarTime()).toBe(300);
    expect(await new InMemoryMarketData(new Map()).latestBarTime()).toBeUndefined();
  });

  it('refuses unsorted or duplicate bars', () => {
    expect(() => new InMemoryMarketData(new Map([['SPY', [bar(200, 1), bar(100, 2)]]]))).toThrow(MarketDataError);
    expect(() => new InMemoryMarketData(new Map([['SPY', [bar(100, 1), bar(100, 2)]]]))).toThrow(/SPY: bar 1/);
  });

  it('is not changed by later edits of the input', async () => {
    const input = [bar(100, 1)];
    const own = new InMemoryMarketData(new Map([['SPY', input]]));
    input.push(bar(200, 2));
    expect(await own.bars('SPY', 1000)).toHaveLength(1);
  });
});
