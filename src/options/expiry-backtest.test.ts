import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runConfigBacktest } from '../backtest/run-config-backtest.js';
import type { BacktestResult } from '../backtest/results.js';
import { initAccountFolder } from '../cli/init-command.js';
import { loadConfig, type LoadedConfig } from '../config/load.js';
import { lastKnownPriceValue, windowOf } from '../data/bar-series.js';
import { parseBarsCsv } from '../data/csv/parse-bars-csv.js';
import { parseOptionSymbol } from '../domain/option.js';
import { parseOrderTag } from '../domain/order.js';
import { expiryTime } from './paper-chain.js';

describe('a backtest holding a straddle across its expiry', () => {
  let dir: string;
  let result: BacktestResult;
  let spyAt: (time: number) => number;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'autofolio-bt-expiry-'));
    const base = loadConfig(await initAccountFolder(dir));
    const straddle = { name: 'spy-straddle', kind: 'straddle' as const, underlying: 'SPY', expiry: { minDays: 25 }, strike: 'atm' as const, quantity: 1 };
    const config = Object.freeze({
      ...base,
      strategy: { kind: 'fixed', weights: { SPY: 0.4 }, leverage: 1, spreads: [straddle] },
      forecast: { ...base.forecast, file: 'forecast.json' },
      options: { maxPremiumPerSpread: 20_000, maxPremiumPct: 5, maxSpreadNotionalPct: 100, maxNetDeltaPct: 25, limitOffsetShare: 1, model: { volatility: 0.2, riskFreeRate: 0, spreadPct: 2, strikeStepPct: 1 } },
    }) as LoadedConfig;
    result = await runConfigBacktest({ config, fromDate: '2025-09-02', toDate: '2025-11-14', rebalance: { kind: 'daily' } });
    const spy = windowOf(parseBarsCsv(readFileSync(join(dir, 'data', 'SPY.csv'), 'utf8'), 'SPY.csv'));
    spyAt = (time) => lastKnownPriceValue(spy, time)!;
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('opens the straddle with both legs, one combination order, all legs filled together', () => {
    expect(result.problems).toEqual([]);
    const first = result.fills.filter((f) => parseOrderTag(f.tag)?.symbol === 'spy-straddle');
    const firstRun = parseOrderTag(first[0]!.tag)!.runId;
    const legs = first.filter((f) => parseOrderTag(f.tag)!.runId === firstRun);
    expect(legs.map((f) => [parseOptionSymbol(f.symbol)!.right, f.side, f.quantity])).toEqual([['C', 'BUY', 1], ['P', 'BUY', 1]]);
    expect(new Set(legs.map((f) => f.brokerOrderId)).size).toBe(1);
  });

  it('closes the spread at its expiry at intrinsic value against the underlying, booked as a closing execution', () => {
    const opened = result.fills.find((f) => parseOrderTag(f.tag)?.symbol === 'spy-straddle')!;
    const { expiry, strike } = parseOptionSymbol(opened.symbol)!;
    const settled = result.fills.filter((f) => f.tag.startsWith(`r-expiry-${expiry.replaceAll('-', '')}:`));
    expect(settled.map((f) => parseOptionSymbol(f.symbol)!.right).sort()).toEqual(['C', 'P']);
    const close = expiryTime(expiry, 'XNYS');
    const spot = spyAt(close);
    for (const fill of settled) {
      const { right } = parseOptionSymbol(fill.symbol)!;
      expect(fill.side).toBe('SELL');
      expect(fill.quantity).toBe(1);
      expect(fill.commission).toBe(0);
      expect(fill.time).toBeGreaterThanOrEqual(close);
      expect(fill.price).toBeCloseTo(Math.max(0, right === 'C' ? spot - strike : strike - spot), 4);
    }
    // The expired legs leave the positions of every snapshot after the settlement.
    const after = result.weights.filter((w) => w.time > Math.max(...settled.map((f) => f.time)));
    expect(after.length).toBeGreaterThan(0);
    for (const snapshot of after) expect(Object.keys(snapshot.weights).filter((s) => s.includes(`-${expiry.replaceAll('-', '')}-`))).toEqual([]);
  });

  it('opens the next straddle on a later expiry once the first has expired', () => {
    const expiries = [...new Set(result.fills.filter((f) => parseOrderTag(f.tag)?.symbol === 'spy-straddle').map((f) => parseOptionSymbol(f.symbol)!.expiry))];
    expect(expiries.length).toBeGreaterThanOrEqual(2);
    expect([...expiries].sort()).toEqual(expiries);
  });
});
