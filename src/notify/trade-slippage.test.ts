import { describe, expect, it } from 'vitest';
import { slippageBps, slippageCost } from './trade-slippage.js';

describe('slippage against the reference price', () => {
  it('counts a buy above and a sell below the reference as a cost', () => {
    expect(slippageBps('BUY', 100.1, 100)).toBeCloseTo(10, 10);
    expect(slippageBps('SELL', 99.9, 100)).toBeCloseTo(10, 10);
    expect(slippageCost('BUY', 100.1, 100, 200)).toBeCloseTo(20, 10);
  });

  it('counts a buy below and a sell above the reference as a gain', () => {
    expect(slippageBps('BUY', 99.95, 100)).toBeCloseTo(-5, 10);
    expect(slippageCost('SELL', 100.05, 100, 1_000)).toBeCloseTo(-50, 10);
  });

  it('is not a number without a positive reference', () => {
    expect(slippageBps('BUY', 100, undefined)).toBeNaN();
    expect(slippageBps('BUY', 100, 0)).toBeNaN();
    expect(slippageCost('SELL', 100, undefined, 1)).toBeNaN();
  });
});
