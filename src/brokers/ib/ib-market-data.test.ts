import { describe, expect, it } from 'vitest';
import type { Bar } from '../../domain/bar.js';
import { IbMarketData, type BarCacheStore } from './ib-market-data.js';
import { parseBarTime } from './ib-history.js';

const SPY = { symbol: 'SPY', secType: 'STK', currency: 'USD', exchange: 'XNYS', lotSize: 1, tickSize: 0.01, multiplier: 1 } as const;
const bar = (day: number): Bar => ({ time: Date.UTC(2024, 0, day), open: 1, high: 1, low: 1, close: 1, volume: 1 });

describe('IbMarketData', () => {
  it('asks IB once per instrument while the cache is fresh, and again once it is stale', async () => {
    let now = 1_000_000;
    let asked = 0;
    const source = { historicalBars: async () => (asked++, [bar(2), bar(3), bar(4)]) };
    const data = new IbMarketData(source, [SPY], { now: () => now, maxAgeMs: 60_000 });
    // IB stamps daily bars with their date: each is the New York session of that date, so at
    // 00:00 UTC on 3 January only the bar of the 2nd has started, and after 14:30 the 3rd's too.
    expect((await data.bars('SPY', Date.UTC(2024, 0, 3))).length).toBe(1);
    expect((await data.bars('SPY', Date.UTC(2024, 0, 3, 14, 30))).length).toBe(2);
    await data.bars('SPY', Date.UTC(2024, 0, 9));
    expect(await data.latestBarTime()).toBe(Date.UTC(2024, 0, 4, 14, 30));
    expect(asked).toBe(1);
    now += 60_000;
    await data.bars('SPY', Date.UTC(2024, 0, 9));
    expect(asked).toBe(2);
  });

  it('reuses bars a previous run saved in the store', async () => {
    const saved = new Map<string, { fetchedAt: number; bars: Bar[] }>();
    const store: BarCacheStore = { load: async (k) => saved.get(k), save: async (k, v) => void saved.set(k, v) };
    let asked = 0;
    const source = { historicalBars: async () => (asked++, [bar(2)]) };
    await new IbMarketData(source, [SPY], { now: () => 5, store }).bars('SPY', Date.UTC(2030, 0, 1));
    await new IbMarketData(source, [SPY], { now: () => 6, store }).bars('SPY', Date.UTC(2030, 0, 1));
    expect(asked).toBe(1);
  });

  it('reads IB bar times: exchange dates, epoch seconds and date-times', () => {
    expect(parseBarTime('20240102', 'America/New_York')).toBe(Date.UTC(2024, 0, 2));
    expect(parseBarTime('1704205800', 'America/New_York')).toBe(1704205800_000);
    expect(parseBarTime('20240102 09:30:00 US/Eastern', 'UTC')).toBe(Date.UTC(2024, 0, 2, 14, 30));
  });
});
