import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyse, computeMetrics } from './compute-metrics.js';
import type { DatedValue } from './series.js';

function dated(values: readonly number[]): DatedValue[] {
  const start = Date.UTC(2024, 0, 1);
  return values.map((value, i) => ({ date: new Date(start + i * 86_400_000).toISOString().slice(0, 10), value }));
}

const path = fc
  .record({ start: fc.double({ min: 1_000, max: 1e7, noNaN: true }), returns: fc.array(fc.double({ min: -0.5, max: 0.5, noNaN: true }), { minLength: 1, maxLength: 60 }) })
  .map(({ start, returns }) => {
    const values = [start];
    for (const r of returns) values.push(values[values.length - 1]! * (1 + r));
    return values;
  });

const trades = fc.array(
  fc.record({ day: fc.nat({ max: 60 }), side: fc.constantFrom('BUY' as const, 'SELL' as const), quantity: fc.integer({ min: 1, max: 1_000 }), price: fc.double({ min: 1, max: 500, noNaN: true }), reference: fc.double({ min: 1, max: 500, noNaN: true }) }),
  { maxLength: 10 },
);

describe('computeMetrics', () => {
  it('gives the metrics of the full analysis, without the series only the report draws', () => {
    fc.assert(
      fc.property(path, path, trades, (values, benchmark, made) => {
        const equity = dated(values);
        const input = {
          equity,
          benchmark: dated(benchmark),
          benchmarkName: 'SPY',
          fills: made.map((t) => ({ time: `${equity[Math.min(t.day, equity.length - 1)]!.date}T15:00:00Z`, symbol: 'SPY', side: t.side, quantity: t.quantity, price: t.price, commission: 1, currency: 'USD', referencePrice: t.reference })),
          exposure: equity.map((p) => ({ date: p.date, gross: p.value / 2, net: p.value / 4 })),
          weights: equity.map((p) => ({ date: p.date, weights: { SPY: 0.5 } })),
        };
        expect(computeMetrics(input)).toEqual(analyse(input).metrics);
      }),
    );
  });
});
