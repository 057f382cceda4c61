import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { annualisedVol, realizedVol, simpleReturns } from './realized-vol.js';

describe('realized volatility', () => {
  it('computes simple returns', () => {
    expect(simpleReturns([100, 110, 99])).toEqual([110 / 100 - 1, 99 / 110 - 1]);
  });

  it('annualises the sample standard deviation with 252 days', () => {
    // Mean 0, sample variance (0.01² + 0.01²) / (2 - 1) = 0.0002.
    expect(annualisedVol([0.01, -0.01])).toBeCloseTo(Math.sqrt(0.0002 * 252), 12);
  });

  it('uses only the last lookbackDays returns', () => {
    const calm = [100, 101, 100, 101, 100];
    const wild = [50, 150, 50];
    expect(realizedVol([...wild, ...calm], 4)).toBeCloseTo(annualisedVol(simpleReturns(calm)), 12);
  });

  it('gives annualisedVol of the last returns to the last bit, whatever the lookbacks of the calls before', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.array(fc.double({ min: 1, max: 1000, noNaN: true }), { minLength: 3, maxLength: 40 }), fc.nat()), { minLength: 1, maxLength: 4 }), (calls) => {
        for (const [closes, pick] of calls) {
          const lookback = 2 + (pick % (closes.length - 2));
          expect(realizedVol(closes, lookback)).toBe(annualisedVol(simpleReturns(closes.slice(closes.length - lookback - 1))));
        }
      }),
    );
  });

  it('refuses too few closes', () => {
    expect(() => realizedVol([1, 2, 3], 3)).toThrow(/need 4 closes, got 3/);
    expect(() => annualisedVol([0.1])).toThrow(RangeError);
  });

  it('scales with the size of the moves', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -0.2, max: 0.2, noNaN: true }), { minLength: 2, maxLength: 50 }), fc.double({ min: 0.1, max: 10, noNaN: true }), (returns, k) => {
        expect(annualisedVol(returns.map((r) => r * k))).toBeCloseTo(annualisedVol(returns) * k, 9);
      }),
    );
  });
});
