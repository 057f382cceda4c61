import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getCalendar } from '../../calendar/get-calendar.js';
import { MarketDataError } from '../market-data.js';
import { CsvMarketData } from './csv-market-data.js';

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
    expect((await data.bars('SPY', T0)).toArray().map((b) => b.time)).toEqual([T0]);
    expect((await data.bars('SPY', T0 + HOUR + 1)).toArray().map((b) => b.time)).toEqual([T0, T0 + HOUR]);
    expect((await data.bars('SPY', T0 + 10 * HOUR)).length).toBe(3);
  });

  it('reads a file once and serves later calls from memory', async () => {
    await writeFile(join(dir, 'SPY.csv'), csv([T0, T0 + HOUR]));
    const data = new CsvMarketData({ dir, symbols: ['SPY'] });
    const first = await data.bars('SPY', T0 + HOUR);
    await writeFile(join(dir, 'SPY.csv'), 'garbage');
    const second = await data.bars('SPY', T0 + HOUR);
    // The same window for the same cut: the file was not read again, so "garbage" is not seen.
    expect(second).toBe(first);
    expect(second.toArray().map((b) => b.time)).toEqual([T0, T0 + HOUR]);
    // Another cut is a window over the same loaded series, still not the edited file.
    const earlier = await data.bars('SPY', T0);
    expect(earlier.series).toBe(first.series);
    expect(earlier.toArray().map((b) => b.time)).toEqual([T0]);
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

  it('places date-stamped daily bars in the session of their exchange when given its calendar', async () => {
    // 2024-01-02 and 2024-01-03: XNYS trades 14:30Z to 21:00Z in winter.
    const days = [Date.UTC(2024, 0, 2), Date.UTC(2024, 0, 3)];
    await writeFile(join(dir, 'SPY.csv'), ['time,open,high,low,close,volume', '2024-01-02,100,102,99,101,10', '2024-01-03,101,103,100,102,10'].join('\n'));
    const onCalendar = new CsvMarketData({ dir, symbols: ['SPY'], calendarOf: () => getCalendar('XNYS') });
    // Before the open of 2 January its bar has not started.
    expect(await onCalendar.bars('SPY', Date.UTC(2024, 0, 2, 14, 29))).toHaveLength(0);
    const atClose = await onCalendar.bars('SPY', Date.UTC(2024, 0, 2, 21));
    expect(atClose.toArray().map((b) => b.time)).toEqual([Date.UTC(2024, 0, 2, 14, 30)]);
    expect(atClose.end(0)).toBe(Date.UTC(2024, 0, 2, 21));
    // Without a calendar the bars are taken as stamped: midnight to midnight.
    const asStamped = await new CsvMarketData({ dir, symbols: ['SPY'] }).bars('SPY', Date.UTC(2024, 0, 9));
    expect(asStamped.toArray().map((b) => b.time)).toEqual(days);
    expect(asStamped.end(0)).toBe(days[1]);
  });

  it('refuses a symbol that is not configured', async () => {
    await writeFile(join(dir, 'SPY.csv'), csv([T0]));
    await expect(new CsvMarketData({ dir, symbols: ['TLT'] }).bars('SPY', T0)).rejects.toThrow(/no data configured for symbol "SPY"/);
  });
});
