import { describe, expect, it } from 'vitest';
import { adoptDifferences } from './adopt-differences.js';
import type { ReconcileLine } from './reconcile.js';

const position = (key: string, ledger: number, broker: number): ReconcileLine => ({ kind: 'position', key, ledger, broker, difference: broker - ledger, withinTolerance: false });
const cash = (key: string, ledger: number, broker: number): ReconcileLine => ({ kind: 'cash', key, ledger, broker, difference: Number((broker - ledger).toFixed(2)), withinTolerance: false });
const usd = () => ({ currency: 'USD', multiplier: 1 });

describe('adoptDifferences', () => {
  it('prices manual trades by the cash they moved, so that the ledger then agrees to the cent', () => {
    const plan = adoptDifferences({ lines: [cash('USD', 10_000, 10_000 - 501.1 + 298.5), position('SPY', 10, 15), position('GLD', 4, 3)], terms: usd, referencePrice: (l) => (l.key === 'SPY' ? 100 : 300), runId: 'r-1', time: 0 });
    expect(plan.cashLeft).toEqual([]);
    expect(plan.trades.map((t) => [t.fill.side, t.fill.symbol, t.fill.quantity, t.pricedBy])).toEqual([['BUY', 'SPY', 5, 'cash'], ['SELL', 'GLD', 1, 'cash']]);
    const moved = plan.trades.reduce((sum, t) => sum + (t.fill.side === 'BUY' ? -t.entry.amountMinor : t.entry.amountMinor), 0);
    expect(moved).toBe(-501.1 * 100 + 298.5 * 100);
  });

  it('values them at the market and leaves the cash for `cashflow add` when the cash moved the other way (a deposit as well)', () => {
    const plan = adoptDifferences({ lines: [cash('USD', 10_000, 15_000), position('SPY', 10, 15)], terms: usd, referencePrice: () => 100, runId: 'r-1', time: 0 });
    expect(plan.trades.map((t) => [t.fill.price, t.pricedBy])).toEqual([[100, 'market']]);
    expect(plan.cashLeft).toEqual([{ currency: 'USD', difference: 5_500 }]);
  });

  it('books nothing for a cash difference alone', () => {
    expect(adoptDifferences({ lines: [cash('USD', 10_000, 10_042.1)], terms: usd, referencePrice: () => 100, runId: 'r-1', time: 0 })).toEqual({ trades: [], cashLeft: [{ currency: 'USD', difference: 42.1 }] });
  });
});
