import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../domain/snapshot.js';
import type { PlanLine } from '../planning/plan-types.js';
import { positionsAgainstTargets } from './positions-against-targets.js';

const snapshot: Snapshot = {
  runId: 'r-1',
  time: 0,
  accountId: 'a',
  baseCurrency: 'USD',
  nlv: 10_000,
  cash: { USD: 4_000 },
  positions: [{ symbol: 'SPY', quantity: 10, avgCost: 400, price: 500, currency: 'USD', marketValue: 5_000, weight: 0.5 }, { symbol: 'OLD', quantity: 2, avgCost: 500, price: 500, currency: 'USD', marketValue: 1_000, weight: 0.1 }],
  grossLeverage: 0.6,
  netLeverage: 0.6,
  pnlDay: 0,
  pnlSinceStart: 0,
  trades: [],
};

const line = (symbol: string, targetQuantity: number, referencePrice: number, action: PlanLine['action'] = 'NONE', quantity = 0): PlanLine => ({ symbol, action, quantity, limitPrice: 0, referencePrice, tag: `r-1:${symbol}`, currentQuantity: 0, targetQuantity, targetWeight: 0, ...(action === 'NONE' ? { reason: 'within no-trade band' } : {}) });

describe('positions against targets', () => {
  it('values each target at the plan price over the snapshot NLV and sorts the largest first', () => {
    const rows = positionsAgainstTargets(snapshot, { runId: 'r-1', at: 0, lines: [line('SPY', 12, 500), line('TLT', 30, 100, 'BUY', 30)] }, (_s, q, p) => q * p);
    expect(rows.map((r) => r.symbol)).toEqual(['SPY', 'TLT', 'OLD']);
    expect(rows[0]).toMatchObject({ quantity: 10, targetQuantity: 12, weight: 0.5, targetWeight: 0.6, action: 'NONE', reason: 'within no-trade band' });
    expect(rows[0]!.drift).toBeCloseTo(-0.1);
    expect(rows[1]).toMatchObject({ quantity: 0, weight: 0, targetWeight: 0.3, action: 'BUY', tradeQuantity: 30 });
    // A holding the plan does not name has no target, and says so by leaving it undefined.
    expect(rows[2]).toEqual({ symbol: 'OLD', quantity: 2, weight: 0.1 });
  });

  it('leaves out a target weight it cannot value, and lines with neither a holding nor a target', () => {
    const rows = positionsAgainstTargets(snapshot, { runId: 'r-1', at: 0, lines: [line('SPY', 12, 500), line('ZERO', 0, 50)] }, () => undefined);
    expect(rows.find((r) => r.symbol === 'SPY')).not.toHaveProperty('targetWeight');
    expect(rows.map((r) => r.symbol)).not.toContain('ZERO');
  });

  it('shows holdings alone before any plan was made', () => {
    expect(positionsAgainstTargets(snapshot, undefined, () => 0).map((r) => r.symbol)).toEqual(['SPY', 'OLD']);
  });
});
