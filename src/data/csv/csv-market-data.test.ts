import fc from 'fast-check';
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

describe('CsvMarketData.latestBarTimeFromLastRows', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'autofolio-csv-last-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const DAY = 86_400_000;
  const hourly = (n: number): number[] => Array.from({ length: n }, (_, i) => T0 + i * HOUR);

  it('reads the last row of a file without reading the rows before it', async () => {
    const rows = csv(hourly(600)).split('\n');
    rows[300] = 'garbage';
    await writeFile(join(dir, 'SPY.csv'), rows.join('\n'));
    // The whole file is checked by latestBarTime, and the broken row refused ...
    await expect(new CsvMarketData({ dir, symbols: ['SPY'] }).latestBarTime()).rejects.toThrow(/SPY\.csv:301/);
    // ... while the last row alone gives the newest bar.
    expect(await new CsvMarketData({ dir, symbols: ['SPY'] }).latestBarTimeFromLastRows()).toBe(T0 + 599 * HOUR);
  });

  it('agrees with latestBarTime on any files: hourly or dated, on a calendar or not, any line endings', async () => {
    const file = fc.record({
      rows: fc.integer({ min: 1, max: 900 }),
      dated: fc.boolean(),
      firstDay: fc.integer({ min: 0, max: 3000 }),
      ending: fc.constantFrom('', '\n', '\n\n', '\r\n', '\n  \n'),
      crlf: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(file, { minLength: 1, maxLength: 3 }), fc.boolean(), async (files, onCalendar) => {
        const symbols = files.map((_, i) => `S${i}`);
        for (const [i, f] of files.entries()) {
          const start = Date.UTC(2015, 0, 1) + f.firstDay * DAY;
          const times = Array.from({ length: f.rows }, (_, k) => (f.dated ? start + k * DAY : start + 14 * HOUR + k * HOUR));
          const text = ['time,open,high,low,close,volume', ...times.map((t, k) => `${f.dated ? new Date(t).toISOString().slice(0, 10) : new Date(t).toISOString()},${100 + k},${101 + k},${99 + k},${100 + k},10`)];
          await writeFile(join(dir, `${symbols[i]}.csv`), text.join(f.crlf ? '\r\n' : '\n') + f.ending);
        }
        const options = { dir, symbols, ...(onCalendar ? { calendarOf: () => getCalendar('XNYS') } : {}) };
        expect(await new CsvMarketData(options).latestBarTimeFromLastRows()).toBe(await new CsvMarketData(options).latestBarTime());
      }),
      { numRuns: 40 },
    );
  });

  it('names a missing file as latestBarTime does', async () => {
    await expect(new CsvMarketData({ dir, symbols: ['QQQ'] }).latestBarTimeFromLastRows()).rejects.toThrow(/missing file/);
  });
});
