import { describe, expect, it } from 'vitest';
import { evaluateRisk } from './evaluate-risk.js';
import { NOW, order, quoteAt, riskInput } from './risk-input.fixture.js';

describe('evaluateRisk', () => {
  it('allows a plan that passes every check', () => {
    expect(evaluateRisk(riskInput())).toEqual({ allowed: true, reasons: [] });
  });

  it('reports every failing reason, not only the first', () => {
    const verdict = evaluateRisk(
      riskInput({
        killSwitch: { halted: true, reason: 'manual' },
        orders: [order('SPY', 'BUY', 25, 403, 400)],
        quotes: new Map([['SPY', quoteAt('SPY', 400, NOW - 3_600_000)]]),
      }),
    );
    expect(verdict.allowed).toBe(false);
    expect(verdict.reasons.map((r) => r.check)).toEqual(['kill-switch', 'price-band', 'stale-quote']);
  });

  it('allows an empty plan even when the account is above its caps', () => {
    const account = { ...riskInput().account, positions: [{ symbol: 'SPY', quantity: 1000, avgCost: 1 }] };
    expect(evaluateRisk(riskInput({ orders: [], account, isMarketOpen: () => false })).allowed).toBe(true);
  });

  it('blocks an empty plan on an error flag, the kill switch, the loss limit or a non-positive NLV', () => {
    const empty = { orders: [] };
    expect(evaluateRisk(riskInput({ ...empty, errorFlags: ['connect: refused'] })).reasons.map((r) => r.check)).toEqual(['error-flags']);
    expect(evaluateRisk(riskInput({ ...empty, killSwitch: { halted: true } })).reasons.map((r) => r.check)).toEqual(['kill-switch']);
    expect(evaluateRisk(riskInput({ ...empty, startOfDayNlv: 200_000 })).reasons.map((r) => r.check)).toEqual(['daily-loss']);
    const broke = { ...riskInput().account, netLiquidation: 0 };
    expect(evaluateRisk(riskInput({ ...empty, account: broke, startOfDayNlv: undefined })).reasons.map((r) => r.check)).toEqual(['non-positive-nlv']);
  });

  it('fails closed when a check throws', () => {
    const verdict = evaluateRisk(
      riskInput({
        isMarketOpen: () => {
          throw new Error('calendar for XNYS not loaded');
        },
      }),
    );
    expect(verdict.allowed).toBe(false);
    expect(verdict.reasons).toEqual([{ check: 'market-closed', message: 'the check could not run: calendar for XNYS not loaded' }]);
  });

  it('fails closed without FX rates', () => {
    const verdict = evaluateRisk(riskInput({ fx: undefined }));
    expect(verdict.allowed).toBe(false);
    expect(verdict.reasons.map((r) => r.check)).toEqual(['max-order-value', 'max-gross-leverage', 'max-weight']);
  });
});
