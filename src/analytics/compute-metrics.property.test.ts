import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyse, computeMetrics } from './compute-metrics.js';
import { dated, equityPath } from './equity-path.fixture.js';

const path = equityPath.map(({ values }) => values);

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
