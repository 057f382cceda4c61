import { describe, expect, it } from 'vitest';
import { computeMetrics, metricsJson, HEADLINE_KEYS } from './compute-metrics.js';
import { moneyWeightedReturn } from './money-weighted-return.js';
import { rollingVolatility } from './rolling-volatility.js';
import { monthlyReturns } from './monthly-returns.js';
import { slippageBps } from './slippage.js';
import { fxEffect } from './fx-effect.js';

const equity = [
  { date: '2024-01-01', value: 100 },
  { date: '2024-01-02', value: 110 },
  { date: '2024-01-03', value: 99 },
  { date: '2024-01-04', value: 105 },
  { date: '2024-01-08', value: 112 },
];

describe('computeMetrics', () => {
  it('measures the drawdown from its peak date to the recovery date in calendar days', () => {
    const m = computeMetrics({ equity });
    expect(m.maxDrawdown).toBeCloseTo(99 / 110 - 1, 12);
    expect(m.maxDrawdownPeak).toBe('2024-01-02');
    expect(m.maxDrawdownTrough).toBe('2024-01-03');
    expect(m.maxDrawdownRecovery).toBe('2024-01-08');
    expect(m.maxDrawdownDays).toBe(6);
    expect(m.twr).toBeCloseTo(0.12, 12);
  });

  it('counts an unrecovered drawdown up to the last date', () => {
    const m = computeMetrics({ equity: equity.slice(0, 4) });
    expect(m.maxDrawdownRecovery).toBeNull();
    expect(m.maxDrawdownDays).toBe(2);
  });

  it('prints every headline key first, with null for what cannot be computed', () => {
    const json = metricsJson(computeMetrics({ equity: equity.slice(0, 2) }));
    expect(Object.keys(json).slice(0, HEADLINE_KEYS.length)).toEqual([...HEADLINE_KEYS]);
    expect(json.volatility).toBeNull();
    expect(json.sortino).toBeNull();
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });

  it('values commissions, turnover and slippage in the base currency', () => {
    const m = computeMetrics({
      equity: [
        { date: '2024-01-01', value: 10_000 },
        { date: '2024-01-02', value: 10_000 },
      ],
      fills: [
        { time: '2024-01-01T15:00:00Z', symbol: 'SPY', side: 'BUY', quantity: 10, price: 100.1, commission: 1, currency: 'USD', referencePrice: 100, sentPrice: 100.05 },
        { time: '2024-01-01T15:00:00Z', symbol: 'XIU', side: 'SELL', quantity: 100, price: 29.97, commission: 1, currency: 'CAD', fxRate: 0.75, referencePrice: 30 },
      ],
    });
    expect(m.commissions).toBeCloseTo(1.75, 12);
    const values = [1001, 2997 * 0.75];
    expect(m.turnover).toBeCloseTo((values[0]! + values[1]!) / 2 / 10_000, 12);
    expect(m.slippageBps).toBeCloseTo((10 * values[0]! + 10 * values[1]!) / (values[0]! + values[1]!), 9);
    expect(m.slippageVsSentBps).toBeCloseTo((100.1 / 100.05 - 1) * 10_000, 9);
  });

  it('compares with a benchmark aligned by date', () => {
    const benchmark = [
      { date: '2023-12-29', value: 50 },
      { date: '2024-01-02', value: 55 },
      { date: '2024-01-03', value: 49.5 },
      { date: '2024-01-05', value: 52.5 },
      { date: '2024-01-08', value: 56 },
    ];
    const m = computeMetrics({ equity, benchmark, benchmarkName: 'SPY' });
    // Benchmark on 2024-01-01 is the 2023-12-29 value, on 2024-01-04 the 2024-01-03 value.
    expect(m.benchmark?.twr).toBeCloseTo(56 / 50 - 1, 12);
    expect(m.benchmark?.name).toBe('SPY');
    expect(m.benchmark?.excessReturn).toBeCloseTo(0.12 - 0.12, 12);
  });
});

describe('single metrics', () => {
  it('money-weighted return of one year without flows is the simple return', () => {
    expect(moneyWeightedReturn([{ date: '2023-01-01', value: 100 }, { date: '2024-01-01', value: 110 }])).toBeCloseTo(0.1, 9);
  });

  it('money-weighted return weights a deposit made before a gain', () => {
    // 100 at the start, +100 after half a year, 231 at the end of the year: IRR r solves
    // 100(1+r) + 100(1+r)^(184/365) = 231 (the deposit works for the last 184 of 365 days).
    const r = moneyWeightedReturn([{ date: '2023-01-01', value: 100 }, { date: '2024-01-01', value: 231 }], [{ date: '2023-07-01', amount: 100 }]);
    expect(100 * (1 + r) + 100 * (1 + r) ** (184 / 365)).toBeCloseTo(231, 6);
    expect(r).toBeGreaterThan(0.2);
  });

  it('rolling volatility waits for a full window', () => {
    const vol = rollingVolatility([0.01, -0.01, 0.01, -0.01], 3, 252);
    expect(vol[1]).toBeNaN();
    expect(vol[2]).toBeCloseTo(Math.sqrt(((0.01 - 1 / 300) ** 2 * 2 + (-0.01 - 1 / 300) ** 2) / 2) * Math.sqrt(252), 12);
  });

  it('monthly returns chain-link inside a month', () => {
    expect(monthlyReturns(['2024-01-30', '2024-01-31', '2024-02-01'], [0.1, 0.1, -0.5])).toEqual([
      { month: '2024-01', return: 1.1 * 1.1 - 1 },
      { month: '2024-02', return: -0.5 },
    ]);
  });

  it('slippage is a positive cost for a buy above and a sell below the reference', () => {
    expect(slippageBps({ side: 'BUY', price: 101 }, 100)).toBeCloseTo(100, 9);
    expect(slippageBps({ side: 'SELL', price: 99 }, 100)).toBeCloseTo(100, 9);
    expect(slippageBps({ side: 'SELL', price: 101 }, 100)).toBeCloseTo(-100, 9);
    expect(slippageBps({ side: 'BUY', price: 101 }, undefined)).toBeUndefined();
  });

  it('splits a foreign position into its local and currency returns', () => {
    const holdings = [
      { date: '2024-01-01', positions: [{ symbol: 'XIU', currency: 'CAD', quantity: 100, price: 30 }], rates: { CAD: 0.75 } },
      { date: '2024-01-02', positions: [{ symbol: 'XIU', currency: 'CAD', quantity: 100, price: 33 }], rates: { CAD: 0.72 } },
    ];
    const fx = fxEffect(holdings, new Map([['2024-01-01', 10_000]]), 'USD');
    expect(fx.positions[0]!.localReturn).toBeCloseTo(0.1, 12);
    expect(fx.positions[0]!.currencyReturn).toBeCloseTo(0.72 / 0.75 - 1, 12);
    expect(fx.positions[0]!.baseReturn).toBeCloseTo((33 * 0.72) / (30 * 0.75) - 1, 12);
    expect(fx.positions[0]!.localPnlBase + fx.positions[0]!.currencyPnlBase).toBeCloseTo(100 * (33 * 0.72 - 30 * 0.75), 9);
    expect(fx.fxEffect).toBeCloseTo((100 * 33 * (0.72 - 0.75)) / 10_000, 12);
  });
});
