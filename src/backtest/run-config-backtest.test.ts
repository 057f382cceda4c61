import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initAccountFolder } from '../cli/init-command.js';
import { loadConfig, type LoadedConfig } from '../config/load.js';
import { lastBarAtOrBefore, lastKnownPriceValue, windowOf } from '../data/bar-series.js';
import { parseBarsCsv } from '../data/csv/parse-bars-csv.js';
import { backtestJson, backtestMetrics } from './backtest-report.js';
import { formatSummary } from './format-result.js';
import { runConfigBacktest } from './run-config-backtest.js';

describe('a configured-strategy backtest', () => {
  let dir: string;
  let config: LoadedConfig;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'autofolio-bt-config-'));
    config = loadConfig(await initAccountFolder(dir));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('sends each approved order at the next bar open with next-open-market, charging a fraction of value', async () => {
    const nextOpen = Object.freeze({ ...config, backtest: { fillModel: 'next-open-market', commission: { model: 'fraction', rate: 0.001 } } }) as LoadedConfig;
    const result = await runConfigBacktest({ config: nextOpen, fromDate: '2025-11-10', toDate: '2025-11-14', rebalance: { kind: 'daily' } });
    expect(result.fills.length).toBeGreaterThan(5);
    expect(result.orders.every((o) => o.type === 'market' && o.limitPrice === undefined)).toBe(true);
    const spy = windowOf(parseBarsCsv(readFileSync(join(dir, 'data', 'SPY.csv'), 'utf8'), 'SPY.csv'));
    const spyFills = result.fills.filter((f) => f.symbol === 'SPY');
    expect(spyFills.length).toBeGreaterThan(0);
    for (const fill of spyFills) {
      const order = result.orders.find((o) => o.tag === fill.tag)!;
      const bar = spy.bar(lastBarAtOrBefore(spy, order.time) + 1);
      // Placed by the run at 14:35, filled at the open of the next bar (15:30) ± half the
      // 2 bp spread, rounded to the tick away from the buyer.
      expect(bar.time).toBeGreaterThan(order.time);
      expect(fill.time).toBe(bar.time);
      expect(Math.abs(fill.price - bar.open)).toBeLessThanOrEqual(bar.open * 0.0001 + 0.01);
      expect(fill.commission).toBeCloseTo(Math.round(fill.quantity * fill.price * 0.001 * 100) / 100, 9);
    }
  });

  it('marks the account at every session close and trades limit orders by default', async () => {
    const result = await runConfigBacktest({ config, fromDate: '2025-11-10', toDate: '2025-11-14', rebalance: { kind: 'hourly' } });
    expect(result.equity.map((p) => new Date(p.time).toISOString())).toEqual(['10', '11', '12', '13', '14'].map((d) => `2025-11-${d}T21:00:00.000Z`));
    expect(result.orders.every((o) => o.type === 'limit' && o.limitPrice! > 0)).toBe(true);
    expect(result.finalEquity).toBe(result.equity.at(-1)!.equity);
  });

  it('measures TWR from the initial equity, so that it agrees with "equity … (x %)" when the first run trades before the first mark', async () => {
    // Hourly runs from the first date: the first run trades hours before the first close is marked.
    const result = await runConfigBacktest({ config, fromDate: '2025-11-10', toDate: '2025-11-14', rebalance: { kind: 'hourly' } });
    expect(result.fills.some((f) => f.time < result.equity[0]!.time)).toBe(true);
    const metrics = backtestMetrics(result);
    expect(metrics.startEquity).toBe(result.initialEquity);
    expect(metrics.endEquity).toBe(result.finalEquity);
    expect(metrics.twr).toBeCloseTo(result.finalEquity / result.initialEquity - 1, 12);
    const lines = formatSummary(result, metrics);
    const equityPct = /^equity .* \((-?\d+\.\d\d) %\)$/.exec(lines[1]!)?.[1];
    const twrPct = /^TWR (-?\d+\.\d\d) %/.exec(lines[3]!)?.[1];
    expect(equityPct).toBeDefined();
    expect(twrPct).toBe(equityPct);
  });

  it('adds commissions per currency, and totals them in the base currency at each fill\'s rate', async () => {
    const result = await runConfigBacktest({ config, fromDate: '2025-11-10', toDate: '2025-11-14', rebalance: { kind: 'daily' } });
    const cad = result.fills.filter((f) => f.currency === 'CAD');
    const usd = result.fills.filter((f) => f.currency === 'USD');
    expect(cad.length).toBeGreaterThan(0);
    expect(usd.length).toBeGreaterThan(0);
    const metrics = backtestMetrics(result);
    const sum = (fills: typeof cad): number => fills.reduce((total, f) => total + f.commission, 0);
    expect(metrics.commissionsByCurrency).toEqual({ CAD: expect.closeTo(sum(cad), 9), USD: expect.closeTo(sum(usd), 9) });
    const inBase = sum(usd) + cad.reduce((total, f) => total + f.commission * result.fxRateOf(f)!, 0);
    expect(metrics.commissions).toBeCloseTo(inBase, 9);
    // USDCAD is about 1.4 in the sample data: a CAD is worth less than a USD, and the total says so.
    expect(metrics.commissions).toBeLessThan(sum(usd) + sum(cad));
    const money = (n: number): string => n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    expect(formatSummary(result, metrics)[2]).toContain(`commissions ${money(sum(cad))} CAD + ${money(sum(usd))} USD = ${money(inBase)} USD`);
  });

  it('carries the benchmark of analytics.benchmark, an instrument or not, through the result and its JSON', async () => {
    // SPY left out of the instruments: the benchmark's file is read for the comparison alone.
    const withBenchmark = Object.freeze({ ...config, instruments: config.instruments.filter((i) => i.symbol !== 'SPY'), analytics: { riskFreeRate: 0, benchmark: 'SPY' } }) as LoadedConfig;
    const result = await runConfigBacktest({ config: withBenchmark, fromDate: '2025-11-03', toDate: '2025-11-14', rebalance: { kind: 'daily' } });
    expect(result.symbols).not.toContain('SPY');
    const spy = windowOf(parseBarsCsv(readFileSync(join(dir, 'data', 'SPY.csv'), 'utf8'), 'SPY.csv'));
    // Priced as the account's positions are: the last price knowable at the mark.
    const lastClose = lastKnownPriceValue(spy, result.equity.at(-1)!.time)!;
    expect(result.benchmark?.marks.at(-1)).toBe(lastClose);
    const json = backtestJson(result) as { benchmark: { name: string; twr: number } | null };
    expect(json.benchmark?.name).toBe('SPY');
    expect(json.benchmark?.twr).toBeCloseTo(lastClose / result.benchmark!.start - 1, 12);
    expect(formatSummary(result, backtestMetrics(result)).some((line) => line.startsWith('benchmark SPY: TWR'))).toBe(true);
  });
});
