import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MarketDataError } from '../market-data.js';
import { CsvMarketData, countStartedBy } from './csv-market-data.js';

const HOUR = 3_600_000;
const T0 = Date.UTC(2025, 10, 14, 14, 30);

function csv(times: readonly number[]): string {
  return ['time,open,high,low,close,volume', ...times.map((t, i) => `${new Date(t).toISOString()},${100 + i},${101 + i},${99 + i},${100 + i},10`)].join('\n');
}

describe('CsvMarketData', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'autofolio-csv-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('returns the bars started at or before "until"', async () => {
    await writeFile(join(dir, 'SPY.csv'), csv([T0, T0 + HOUR, T0 + 2 * HOUR]));
    const data = new CsvMarketData({ dir, symbols: ['SPY'] });
    expect((await data.bars('SPY', T0 - 1)).length).toBe(0);
    expect((await data.bars('SPY', T0)).map((b) => b.time)).toEqual([T0]);
    expect((await data.bars('SPY', T0 + HOUR + 1)).map((b) => b.time)).toEqual([T0, T0 + HOUR]);
    expect((await data.bars('SPY', T0 + 10 * HOUR)).length).toBe(3);
  });

  it('reads a file once and serves later calls from memory', async () => {
    await writeFile(join(dir, 'SPY.csv'), csv([T0, T0 + HOUR]));
    const data = new CsvMarketData({ dir, symbols: ['SPY'] });
    const first = await data.bars('SPY', T0 + HOUR);
    await writeFile(join(dir, 'SPY.csv'), 'garbage');
    const second = await data.bars('SPY', T0 + HOUR);
    expect(second).toBe(first);
    expect(Object.isFrozen(second)).toBe(true);
  });

  it('gives the newest bar start over all symbols', async () => {
    await writeFile(join(dir, 'SPY.csv'), csv([T0, T0 + HOUR]));
    await writeFile(join(dir, 'TLT.csv'), csv([T0, T0 + 3 * HOUR]));
    expect(await new CsvMarketData({ dir, symbols: ['SPY', 'TLT'] }).latestBarTime()).toBe(T0 + 3 * HOUR);
    expect(await new CsvMarketData({ dir, symbols: [] }).latestBarTime()).toBeUndefined();
  });

  it('names the missing file', async () => {
    const data = new CsvMarketData({ dir, symbols: ['QQQ'] });
    const error = await data.bars('QQQ', T0).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MarketDataError);
    expect((error as MarketDataError).file).toBe(join(dir, 'QQQ.csv'));
    expect((error as Error).message).toContain('missing file');
  });

  it('reads a broken file again after it is fixed', async () => {
    await writeFile(join(dir, 'SPY.csv'), 'time,open,high,low,close,volume\n');
    const data = new CsvMarketData({ dir, symbols: ['SPY'] });
    await expect(data.bars('SPY', T0)).rejects.toThrow(/SPY\.csv:1: no bars/);
    await writeFile(join(dir, 'SPY.csv'), csv([T0]));
    expect(await data.bars('SPY', T0)).toHaveLength(1);
  });

  it('refuses a symbol that is not configured', async () => {
    await writeFile(join(dir, 'SPY.csv'), csv([T0]));
    await expect(new CsvMarketData({ dir, symbols: ['TLT'] }).bars('SPY', T0)).rejects.toThrow(/no data configured for symbol "SPY"/);
  });
});

describe('countStartedBy', () => {
  it('agrees with a linear count', () => {
    const bars = [1, 3, 5, 7].map((time) => ({ time, open: 1, high: 1, low: 1, close: 1, volume: 0 }));
    for (let until = 0; until <= 8; until += 1) {
      expect(countStartedBy(bars, until)).toBe(bars.filter((b) => b.time <= until).length);
    }
  });
});
