import { describe, expect, it } from 'vitest';
import { applyFill } from './position-math.js';

describe('applyFill', () => {
  it('opens a position at the fill price', () => {
    expect(applyFill('SPY', undefined, 100, 50)).toEqual({ symbol: 'SPY', quantity: 100, avgCost: 50 });
    expect(applyFill('SPY', undefined, -10, 50)).toEqual({ symbol: 'SPY', quantity: -10, avgCost: 50 });
  });

  it('averages the cost when the position grows', () => {
    // (100 × 50 + 50 × 62) / 150 = 54.
    expect(applyFill('SPY', { symbol: 'SPY', quantity: 100, avgCost: 50 }, 50, 62)).toEqual({ symbol: 'SPY', quantity: 150, avgCost: 54 });
    // A short grows by selling: (10 × 40 + 30 × 44) / 40 = 43.
    expect(applyFill('SPY', { symbol: 'SPY', quantity: -10, avgCost: 40 }, -30, 44)).toEqual({ symbol: 'SPY', quantity: -40, avgCost: 43 });
  });

  it('keeps the cost when the position shrinks', () => {
    expect(applyFill('SPY', { symbol: 'SPY', quantity: 100, avgCost: 50 }, -40, 70)).toEqual({ symbol: 'SPY', quantity: 60, avgCost: 50 });
  });

  it('closes to nothing and resets the cost when crossing zero', () => {
    expect(applyFill('SPY', { symbol: 'SPY', quantity: 100, avgCost: 50 }, -100, 70)).toBeUndefined();
    expect(applyFill('SPY', { symbol: 'SPY', quantity: 100, avgCost: 50 }, -130, 70)).toEqual({ symbol: 'SPY', quantity: -30, avgCost: 70 });
  });

  it('reads exactly zero after fractional fills', () => {
    const afterBuys = applyFill('EURUSD', applyFill('EURUSD', undefined, 0.1, 1.1), 0.2, 1.1);
    expect(applyFill('EURUSD', afterBuys, -0.3, 1.2)).toBeUndefined();
  });
});
