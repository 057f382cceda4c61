import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toMinor } from './money.js';

/** toMinor as first written: clean the binary noise through 15 significant digits, then round half away from zero. */
function reference(amount: number, digits: number): number {
  const cleaned = Number((amount * 10 ** digits).toPrecision(15));
  return Math.sign(cleaned) * Math.round(Math.abs(cleaned));
}

describe('toMinor', () => {
  it('rounds every amount as the string-cleaning rule does, near halves included', () => {
    const nearHalf = fc.tuple(fc.integer({ min: -1e9, max: 1e9 }), fc.integer({ min: -3, max: 3 })).map(([cents, ulps]) => (cents + 0.5) / 100 + ulps * Number.EPSILON * Math.abs(cents / 100));
    const products = fc.tuple(fc.integer({ min: 1, max: 100_000 }), fc.integer({ min: 1, max: 10_000_000 })).map(([quantity, priceCents]) => quantity * (priceCents / 100) * 0.0005);
    fc.assert(
      fc.property(fc.oneof(fc.double({ min: -1e10, max: 1e10, noNaN: true }), nearHalf, products), fc.constantFrom('USD', 'JPY', 'KWD'), (amount, currency) => {
        const digits = currency === 'JPY' ? 0 : currency === 'KWD' ? 3 : 2;
        expect(Object.is(toMinor(amount, currency), reference(amount, digits))).toBe(true);
      }),
    );
  });
});
