import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bar } from '../../domain/bar.js';
import { CsvMarketData } from '../csv/csv-market-data.js';
import { SAMPLE_INSTRUMENTS } from './sample-instruments.js';
import { writeSampleData } from './write-sample-data.js';

const symbols = SAMPLE_INSTRUMENTS.map((instrument) => instrument.symbol);
const FAR_FUTURE = Date.UTC(2100, 0, 1);

function utcHourMinute(time: number): string {
  return new Date(time).toISOString().slice(11, 16);
}

function barsOn(bars: readonly Bar[], date: string): Bar[] {
  return bars.filter((bar) => new Date(bar.time).toISOString().startsWith(date));
}

describe('writeSampleData', () => {
  let first: string;
  let second: string;
  let spy: readonly Bar[];
  let data: CsvMarketData;

  beforeAll(async () => {
    first = await mkdtemp(join(tmpdir(), 'autofolio-sample-'));
    second = await mkdtemp(join(tmpdir(), 'autofolio-sample-'));
    await writeSampleData(first);
    await writeSampleData(second);
    data = new CsvMarketData({ dir: first, symbols });
    spy = (await data.bars('SPY', FAR_FUTURE)).toArray();
  });
  afterAll(async () => {
    await rm(first, { recursive: true, force: true });
    await rm(second, { recursive: true, force: true });
  });

  it('writes one file per sample instrument and a README that says the data is synthetic', async () => {
    expect((await readdir(first)).sort()).toEqual([...symbols.map((s) => `${s}.csv`), 'README.md'].sort());
    const readme = await readFile(join(first, 'README.md'), 'utf8');
    expect(readme).toMatch(/SYNTHETIC/);
    expect(readme).toMatch(/not real market prices/);
  });

  it('writes the same bytes every time', async () => {
    for (const name of await readdir(first)) {
      // Compared as strings: a deep equality over Buffers walks every byte slowly.
      expect(await readFile(join(second, name), 'utf8')).toBe(await readFile(join(first, name), 'utf8'));
    }
  });

  it('passes the CSV market data validation for every symbol', async () => {
    for (const symbol of symbols) expect((await data.bars(symbol, FAR_FUTURE)).length).toBeGreaterThan(1000);
    expect(await data.latestBarTime()).toBe(Date.UTC(2025, 10, 14, 20, 30));
  });

  it('covers 260 NYSE trading days ending Friday 2025-11-14, skipping weekends and holidays', () => {
    const days = new Set(spy.map((bar) => new Date(bar.time).toISOString().slice(0, 10)));
    expect(days.size).toBe(260);
    expect([...days].at(-1)).toBe('2025-11-14');
    for (const holiday of ['2024-12-25', '2025-01-01', '2025-01-09', '2025-04-18', '2025-07-04', '2025-09-01']) expect(days.has(holiday)).toBe(false);
    for (const day of days) expect([0, 6]).not.toContain(new Date(`${day}T00:00:00Z`).getUTCDay());
  });

  it('has seven hourly bars on a full day and four on an early close', () => {
    expect(barsOn(spy, '2025-11-14').map((bar) => utcHourMinute(bar.time))).toEqual(['14:30', '15:30', '16:30', '17:30', '18:30', '19:30', '20:30']);
    expect(barsOn(spy, '2025-07-03').map((bar) => utcHourMinute(bar.time))).toEqual(['13:30', '14:30', '15:30', '16:30']);
  });

  it('stamps 09:30 New York as 14:30Z in winter and 13:30Z in summer, across the March switch', () => {
    expect(utcHourMinute(barsOn(spy, '2025-01-15')[0]!.time)).toBe('14:30');
    expect(utcHourMinute(barsOn(spy, '2025-07-15')[0]!.time)).toBe('13:30');
    // Clocks went forward on Sunday 9 March 2025 and back on Sunday 2 November 2025.
    expect(utcHourMinute(barsOn(spy, '2025-03-07')[0]!.time)).toBe('14:30');
    expect(utcHourMinute(barsOn(spy, '2025-03-10')[0]!.time)).toBe('13:30');
    expect(utcHourMinute(barsOn(spy, '2025-10-31')[0]!.time)).toBe('13:30');
    expect(utcHourMinute(barsOn(spy, '2025-11-03')[0]!.time)).toBe('14:30');
  });

  it('moves like the real instruments: plausible levels and daily volatility', async () => {
    const usdcad = await data.bars('USDCAD', FAR_FUTURE);
    expect(usdcad.close(0)).toBeGreaterThan(1.3);
    expect(usdcad.close(0)).toBeLessThan(1.42);
    const closes = [...new Map(spy.map((bar) => [new Date(bar.time).toISOString().slice(0, 10), bar.close])).values()];
    const returns = closes.slice(1).map((close, i) => close / closes[i]! - 1);
    const mean = returns.reduce((a, b) => a + b, 0) / returns.length;
    const vol = Math.sqrt((returns.reduce((a, r) => a + (r - mean) ** 2, 0) / (returns.length - 1)) * 252);
    expect(vol).toBeGreaterThan(0.1);
    expect(vol).toBeLessThan(0.25);
  });
});
