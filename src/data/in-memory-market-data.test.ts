import { describe, expect, it } from 'vitest';
import type { Bar } from '../domain/bar.js';
import { BarSeries } from './bar-series.js';
import { InMemoryMarketData } from './in-memory-market-data.js';
import { corporateAction } from '../domain/corporate-action.js';
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
    const closes = async (until: number) => (await data.bars('SPY', until)).toArray().map((b) => b.close);
    expect(await closes(99)).toEqual([]);
    expect(await closes(200)).toEqual([1, 2]);
    expect(await closes(299)).toEqual([1, 2]);
    expect(await closes(10_000)).toEqual([1, 2, 3]);
  });

  it('hands back the same window for the same cut, so a clock asking between two bars gets one object', async () => {
    const first = await data.bars('SPY', 250);
    expect(await data.bars('SPY', 299)).toBe(first);
    expect(await data.bars('SPY', 300)).not.toBe(first);
    expect(await data.bars('SPY', 10_000)).toBe(await data.bars('SPY', 20_000));
  });

  it('has no bars for a symbol it does not know', async () => {
    expect(await data.bars('QQQ', 10_000)).toHaveLength(0);
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

  it('serves a loaded series as windows over its own columns, without a copy', async () => {
    const series = BarSeries.fromBars([bar(100, 1), bar(200, 2)]);
    const own = new InMemoryMarketData(new Map([['SPY', series]]));
    const window = await own.bars('SPY', 150);
    expect(window.series).toBe(series);
    expect(window.toArray().map((b) => b.close)).toEqual([1]);
  });

  it('answers the actions of many symbols in their order, as one read each would', async () => {
    const split = corporateAction('split', '2025-01-02', 2);
    const withActions = new InMemoryMarketData(new Map([['SPY', [bar(100, 1)]]]), new Map([['SPY', [split]]]));
    const symbols = ['XIU', 'SPY', 'QQQ', 'SPY'];
    const each = await Promise.all(symbols.map((symbol) => withActions.actions(symbol)));
    expect(await withActions.actionsOf(symbols)).toEqual(each);
    expect((await withActions.actionsOf(symbols))[1]).toEqual([split]);
    expect(await withActions.actionsOf([])).toEqual([]);
  });
});
