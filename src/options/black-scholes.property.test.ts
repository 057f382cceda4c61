import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { blackScholesDelta, blackScholesPrice, intrinsicValue, normalCdf } from './black-scholes.js';

const inputs = fc.record({
  spot: fc.double({ min: 1, max: 5000, noNaN: true }),
  moneyness: fc.double({ min: 0.5, max: 1.5, noNaN: true }),
  years: fc.double({ min: 1 / 365, max: 3, noNaN: true }),
  volatility: fc.double({ min: 0.01, max: 2, noNaN: true }),
  rate: fc.double({ min: 0, max: 0.1, noNaN: true }),
});

describe('the Black–Scholes model of the paper broker', () => {
  it('keeps put-call parity: C − P = S − K·e^(−rT)', () => {
    fc.assert(
      fc.property(inputs, ({ spot, moneyness, years, volatility, rate }) => {
        const strike = spot * moneyness;
        const call = blackScholesPrice({ right: 'C', spot, strike, years, volatility, rate });
        const put = blackScholesPrice({ right: 'P', spot, strike, years, volatility, rate });
        expect(call - put).toBeCloseTo(spot - strike * Math.exp(-rate * years), Math.max(0, 5 - Math.ceil(Math.log10(spot))));
      }),
    );
  });

  it('prices an option at least at its discounted intrinsic value and below the spot (call) or strike (put)', () => {
    fc.assert(
      fc.property(inputs, ({ spot, moneyness, years, volatility, rate }) => {
        const strike = spot * moneyness;
        const call = blackScholesPrice({ right: 'C', spot, strike, years, volatility, rate });
        const put = blackScholesPrice({ right: 'P', spot, strike, years, volatility, rate });
        const slack = spot * 1e-6;
        expect(call).toBeGreaterThanOrEqual(Math.max(0, spot - strike * Math.exp(-rate * years)) - slack);
        expect(call).toBeLessThanOrEqual(spot + slack);
        expect(put).toBeGreaterThanOrEqual(Math.max(0, strike * Math.exp(-rate * years) - spot) - slack);
        expect(put).toBeLessThanOrEqual(strike + slack);
        const callDelta = blackScholesDelta({ right: 'C', spot, strike, years, volatility, rate });
        expect(callDelta).toBeGreaterThanOrEqual(0);
        expect(callDelta).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('is worth its intrinsic value at and after expiry', () => {
    expect(blackScholesPrice({ right: 'C', spot: 105, strike: 100, years: 0, volatility: 0.2, rate: 0 })).toBe(5);
    expect(blackScholesPrice({ right: 'P', spot: 105, strike: 100, years: -0.1, volatility: 0.2, rate: 0 })).toBe(0);
    expect(intrinsicValue('P', 95, 100)).toBe(5);
  });

  it('matches a textbook value: S = K = 100, T = 1, σ = 0.2, r = 0.05 gives a call of 10.4506', () => {
    expect(blackScholesPrice({ right: 'C', spot: 100, strike: 100, years: 1, volatility: 0.2, rate: 0.05 })).toBeCloseTo(10.4506, 3);
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.96)).toBeCloseTo(0.975, 4);
  });
});
