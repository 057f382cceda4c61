import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeMetrics } from './compute-metrics.js';
import { periodReturns } from './daily-returns.js';
import { dated, equityPath } from './equity-path.fixture.js';
import { timeWeightedReturn } from './time-weighted-return.js';

describe('time-weighted return', () => {
  it('recovers the chain-linked returns of a path without cash flows', () => {
    fc.assert(
      fc.property(equityPath, ({ values, returns }) => {
        expect(timeWeightedReturn(periodReturns(dated(values)).returns)).toBeCloseTo(timeWeightedReturn(returns), 9);
      }),
    );
  });

  it('is unchanged by a deposit at any date that is invested like the rest of the portfolio', () => {
    fc.assert(
      fc.property(equityPath, fc.nat(), fc.double({ min: 1, max: 1e7, noNaN: true }), ({ values }, at, deposit) => {
        const day = 1 + (at % (values.length - 1));
        // From the deposit's day on, the account holds the deposit too, growing at the portfolio's rate.
        const scale = (values[day]! + deposit) / values[day]!;
        const withDeposit = values.map((v, i) => (i >= day ? v * scale : v));
        const equity = dated(values);
        const flows = [{ date: equity[day]!.date, amount: deposit }];
        const before = computeMetrics({ equity }).twr!;
        const after = computeMetrics({ equity: dated(withDeposit), cashFlows: flows }).twr!;
        expect(after).toBeCloseTo(before, 9);
      }),
    );
  });

  it('is unchanged by a withdrawal, and moves when the same money is wrongly left out of the flows', () => {
    const values = [100_000, 101_000, 99_000, 103_000, 104_000];
    const equity = dated(values);
    const scale = (values[2]! - 20_000) / values[2]!;
    const withdrawn = dated(values.map((v, i) => (i >= 2 ? v * scale : v)));
    const plain = computeMetrics({ equity }).twr!;
    expect(computeMetrics({ equity: withdrawn, cashFlows: [{ date: equity[2]!.date, amount: -20_000 }] }).twr!).toBeCloseTo(plain, 12);
    expect(computeMetrics({ equity: withdrawn }).twr!).toBeLessThan(plain - 0.1);
  });
});
