import { describe, expect, it } from 'vitest';
import type { Metrics } from '../analytics/compute-metrics.js';
import { combinations, formatSweepTable, parseSweepAxis, sortRows, type SweepRow } from './sweep-grid.js';

const row = (params: Record<string, number>, sharpe: number | null, volatility: number, error?: string): SweepRow => ({
  params,
  metrics: { sharpe, volatility, twr: 0.1, cagr: 0.05, sortino: 1, maxDrawdown: -0.2 } as unknown as Metrics,
  finalEquity: 1_100_000,
  orders: 10,
  fills: 9,
  ...(error ? { error } : {}),
});

describe('parameter sweeps', () => {
  it('gives one combination per element of the product, the first axis slowest', () => {
    const axes = [parseSweepAxis('lookback=20,60,120', ['lookback', 'targetVol']), parseSweepAxis('targetVol=0.1,0.15', ['lookback', 'targetVol'])];
    expect(combinations(axes)).toEqual([
      { lookback: 20, targetVol: 0.1 },
      { lookback: 20, targetVol: 0.15 },
      { lookback: 60, targetVol: 0.1 },
      { lookback: 60, targetVol: 0.15 },
      { lookback: 120, targetVol: 0.1 },
      { lookback: 120, targetVol: 0.15 },
    ]);
  });

  it('refuses unknown names, bad values and a name given twice', () => {
    expect(() => parseSweepAxis('speed=1,2', ['lookback'])).toThrow(/unknown parameter; this mode sweeps lookback/);
    expect(() => parseSweepAxis('lookback=20,x', ['lookback'])).toThrow(/distinct numbers/);
    expect(() => parseSweepAxis('lookback', ['lookback'])).toThrow(/name=value/);
    expect(() => combinations([{ name: 'a', values: [1] }, { name: 'a', values: [2] }])).toThrow(/twice/);
  });

  it('sorts best first, higher or lower by the metric, failures last', () => {
    const rows = [row({ a: 1 }, 0.5, 0.2), row({ a: 2 }, null, 0.1, 'boom'), row({ a: 3 }, 1.5, 0.3)];
    expect(sortRows(rows, 'sharpe').map((r) => r.params.a)).toEqual([3, 1, 2]);
    expect(sortRows(rows, 'volatility').map((r) => r.params.a)).toEqual([1, 3, 2]);
    expect(() => sortRows(rows, 'luck')).toThrow(/choose one of/);
  });

  it('prints a header and one line per row', () => {
    const lines = formatSweepTable([row({ lookback: 20 }, 1.25, 0.1), row({ lookback: 60 }, null, 0, 'too little history')], ['lookback']);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/lookback\s+twr\s+cagr/);
    expect(lines[1]).toContain('1.25');
    expect(lines[2]).toContain('error: too little history');
  });
});
