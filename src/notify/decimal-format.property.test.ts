import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decimalFormat, type DecimalStyle } from './decimal-format.js';

// Every option set the code formats with: money, signed money, percentages, quantities,
// prices, basis points, alert figures, and plain money with Intl's default sign display.
const STYLES: readonly DecimalStyle[] = [
  { minimumFractionDigits: 2, maximumFractionDigits: 2, signDisplay: 'negative' },
  { minimumFractionDigits: 2, maximumFractionDigits: 2, signDisplay: 'exceptZero' },
  { minimumFractionDigits: 2, maximumFractionDigits: 2, signDisplay: 'negative', percent: true },
  { minimumFractionDigits: 2, maximumFractionDigits: 2, signDisplay: 'exceptZero', percent: true },
  { maximumFractionDigits: 8, signDisplay: 'negative' },
  { minimumFractionDigits: 2, maximumFractionDigits: 6, signDisplay: 'negative' },
  { minimumFractionDigits: 1, maximumFractionDigits: 1, signDisplay: 'exceptZero' },
  { minimumFractionDigits: 2, maximumFractionDigits: 2 },
  { maximumFractionDigits: 0, percent: true },
  { minimumFractionDigits: 0, maximumFractionDigits: 3 },
  { maximumFractionDigits: 10 },
];

function intl(style: DecimalStyle): Intl.NumberFormat {
  return new Intl.NumberFormat('en-US', {
    style: style.percent ? 'percent' : 'decimal',
    minimumFractionDigits: style.minimumFractionDigits ?? 0,
    maximumFractionDigits: style.maximumFractionDigits,
    signDisplay: style.signDisplay ?? 'auto',
  });
}

const pairs = STYLES.map((style) => ({ style, theirs: intl(style), ours: decimalFormat(style) }));

function sameAsIntl(value: number): void {
  for (const { style, theirs, ours } of pairs) {
    const expected = theirs.format(value);
    // Checked with a plain comparison first: expect() on every case would slow the test tenfold.
    if (ours(value) !== expected) expect({ style, value, text: ours(value) }).toEqual({ style, value, text: expected });
  }
}

const between = (min: number, max: number): fc.Arbitrary<number> => fc.double({ min, max, noNaN: true });

// Decimals that lie on or next to a rounding tie in their shortest form (1.005, 2.675, 0.125,
// 12.3449999…): where rounding the shortest digits and rounding the binary value part ways.
const nearTies = fc
  .record({
    negative: fc.boolean(),
    whole: fc.integer({ min: 0, max: 1_000_000_000 }),
    places: fc.integer({ min: 0, max: 9 }),
    fraction: fc.integer({ min: 0, max: 999_999_999 }),
    tail: fc.constantFrom('5', '49', '499999', '50001', '4999999999', '5000000001'),
  })
  .map(({ negative, whole, places, fraction, tail }) => Number(`${negative ? '-' : ''}${whole}.${String(fraction).padStart(9, '0').slice(0, places)}${tail}`));

describe('decimal format writes what Intl.NumberFormat en-US writes', () => {
  it('for money amounts', () => fc.assert(fc.property(between(-1e10, 1e10), sameAsIntl), { numRuns: 3000 }));

  it('for amounts with whole cents, as ledgers hold them', () =>
    fc.assert(fc.property(fc.integer({ min: -1e12, max: 1e12 }), (cents) => sameAsIntl(cents / 100)), { numRuns: 3000 }));

  it('for prices', () => fc.assert(fc.property(between(0, 1e6), sameAsIntl), { numRuns: 3000 }));

  it('for quantities, fractional ones included', () =>
    fc.assert(fc.property(fc.oneof(between(-1e9, 1e9), between(-1, 1), fc.integer({ min: -1e9, max: 1e9 })), sameAsIntl), { numRuns: 3000 }));

  it('for ratios shown as percentages and basis points', () =>
    fc.assert(fc.property(fc.oneof(between(-10, 10), between(-0.001, 0.001), between(-1e5, 1e5)), sameAsIntl), { numRuns: 3000 }));

  it('for numbers on and next to rounding ties', () => fc.assert(fc.property(nearTies, sameAsIntl), { numRuns: 5000 }));

  it('for any finite double, the largest and the subnormal ones included', () =>
    fc.assert(fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), sameAsIntl), { numRuns: 3000 }));

  it('for zero, negative zero, NaN and the infinities', () => {
    for (const value of [0, -0, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.MAX_VALUE, -Number.MAX_VALUE, Number.MIN_VALUE, -Number.MIN_VALUE, 2 ** 53, 2 ** 60, 1e21, -1e21]) {
      sameAsIntl(value);
    }
  });

  it('rounds the shortest decimal half away from zero, where toFixed rounds the binary value', () => {
    const money = decimalFormat({ minimumFractionDigits: 2, maximumFractionDigits: 2 });
    expect(money(1.005)).toBe('1.01');
    expect((1.005).toFixed(2)).toBe('1.00');
    expect(money(-1.005)).toBe('-1.01');
    expect(money(999_999.995)).toBe('1,000,000.00');
  });

  it('refuses fraction digits Intl would refuse', () => {
    expect(() => decimalFormat({ minimumFractionDigits: 3, maximumFractionDigits: 2 })).toThrow(RangeError);
    expect(() => decimalFormat({ maximumFractionDigits: 1.5 })).toThrow(RangeError);
  });
});
