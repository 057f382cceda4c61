import { describe, expect, it } from 'vitest';
import { order, riskInput } from '../risk-input.fixture.js';
import { maxGrossLeverageCheck } from './max-gross-leverage.js';
import { maxOrderValueCheck } from './max-order-value.js';
import { maxWeightCheck } from './max-weight.js';

// NLV 100 000; caps: gross leverage 1.5, weight 0.6, order value 30% = 30 000. One CAD = 0.8 USD.
const base = riskInput();

describe('max order value', () => {
  it('passes orders up to 30% of NLV, in any currency', () => {
    // 1200 XIU × 30.03 CAD × 0.8 = 28 828.80 USD.
    expect(maxOrderValueCheck(riskInput({ orders: [order('XIU', 'BUY', 1200, 30.03, 30)] }))).toEqual([]);
    // A sell is valued at its reference 400 (above its limit): 75 × 400 = 30 000, at the cap.
    expect(maxOrderValueCheck(riskInput({ orders: [order('SPY', 'SELL', 75, 399.6, 400)] }))).toEqual([]);
  });
  it('blocks an order worth more, valued at the larger of limit and reference', () => {
    // 1300 XIU × 30.03 × 0.8 = 31 231.20; 76 SPY × 400 = 30 400 (at the limit it would be 30 369.60).
    const reasons = maxOrderValueCheck(riskInput({ orders: [order('XIU', 'BUY', 1300, 30.03, 30), order('SPY', 'SELL', 76, 399.6, 400)] }));
    expect(reasons.map((r) => r.symbol)).toEqual(['XIU', 'SPY']);
    expect(reasons[0]!.message).toMatch(/31231\.20 USD/);
  });
  it('fails closed on an order it cannot value', () => {
    expect(maxOrderValueCheck(riskInput({ orders: [order('GLD', 'BUY', 1, 180, 180)] }))[0]!.message).toMatch(/not a configured instrument/);
  });
});

describe('max gross leverage', () => {
  it('passes a plan that ends at or below the cap, counting shorts at their absolute value', () => {
    // 100 SPY × 400 + |−4000 XIU × 30 × 0.8| = 40 000 + 96 000 → 1.36.
    expect(maxGrossLeverageCheck(riskInput({ orders: [order('XIU', 'SELL', 4000, 29.97, 30)] }))).toEqual([]);
  });
  it('blocks a plan that ends above the cap', () => {
    // 400 SPY × 400 = 160 000 → 1.6.
    expect(maxGrossLeverageCheck(riskInput({ orders: [order('SPY', 'BUY', 300, 400.4, 400)] }))[0]!.message).toMatch(/1\.600/);
    // 40 000 + 5000 × 30 × 0.8 = 160 000 → 1.6.
    expect(maxGrossLeverageCheck(riskInput({ orders: [order('XIU', 'SELL', 5000, 29.97, 30)] }))).toHaveLength(1);
  });
  it('fails closed on a position it cannot value', () => {
    const account = { ...base.account, positions: [...base.account.positions, { symbol: 'GLD', quantity: 3, avgCost: 180 }] };
    expect(maxGrossLeverageCheck(riskInput({ account }))[0]).toMatchObject({ symbol: 'GLD', message: expect.stringMatching(/cannot measure leverage/) });
  });
  it('passes an empty plan whatever the account holds', () => {
    const account = { ...base.account, positions: [{ symbol: 'SPY', quantity: 1000, avgCost: 1 }] };
    expect(maxGrossLeverageCheck(riskInput({ account, orders: [] }))).toEqual([]);
  });
});

describe('max weight', () => {
  it('passes positions up to the cap', () => {
    // 150 SPY × 400 = 60 000 → exactly 0.6.
    expect(maxWeightCheck(riskInput({ orders: [order('SPY', 'BUY', 50, 400.4, 400)] }))).toEqual([]);
  });
  it('blocks a long or short position above the cap', () => {
    // 160 SPY × 400 = 64 000 → 0.64; −2600 XIU × 30 × 0.8 = −62 400 → 0.624.
    const reasons = maxWeightCheck(riskInput({ orders: [order('SPY', 'BUY', 60, 400.4, 400), order('XIU', 'SELL', 2600, 29.97, 30)] }));
    expect(reasons.map((r) => r.symbol)).toEqual(['SPY', 'XIU']);
    expect(reasons[0]!.message).toMatch(/64\.00% of NLV/);
  });
  it('passes an empty plan', () => {
    const account = { ...base.account, positions: [{ symbol: 'SPY', quantity: 1000, avgCost: 1 }] };
    expect(maxWeightCheck(riskInput({ account, orders: [] }))).toEqual([]);
  });
});
