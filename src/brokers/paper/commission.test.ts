import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { commissionTotal, fillCommissionMinor, fillCommissionMinorOf, fxCommissionTotal, fxFillCommissionMinorOf } from './commission.js';

const ib = { perShare: 0.005, minimum: 1, maximumPctOfValue: 1 };

describe('commissionTotal', () => {
  it('charges the minimum on a small order', () => {
    // 10 × 0.005 = 0.05 < 1.00 minimum; 1% of 1,000 = 10 is no cap here.
    expect(commissionTotal(ib, 10, 10 * 100)).toBe(1);
  });

  it('charges per share above the minimum', () => {
    // 1,000 × 0.005 = 5.00; cap 1% of 50,000 = 500.
    expect(commissionTotal(ib, 1000, 1000 * 50)).toBeCloseTo(5, 10);
  });

  it('caps at a percentage of the value for cheap shares', () => {
    // 1,000 × 0.005 = 5.00 but 1% of 1,000 × 0.20 = 2.00.
    expect(commissionTotal(ib, 1000, 1000 * 0.2)).toBeCloseTo(2, 10);
    // The cap also beats the minimum: 10 shares at 5.00 are worth 50, 1% = 0.50.
    expect(commissionTotal(ib, 10, 50)).toBeCloseTo(0.5, 10);
  });

  it('charges nothing for nothing filled', () => {
    expect(commissionTotal(ib, 0, 0)).toBe(0);
  });
});

describe('fillCommissionMinor', () => {
  it('charges the minimum once across partial fills', () => {
    // 100 then 100 then 50 shares at 100: totals 1.00, 1.00, 1.25 → charges 100, 0, 25 cents.
    const charges = [
      fillCommissionMinor(ib, 'USD', { quantity: 0, value: 0 }, { quantity: 100, value: 10_000 }),
      fillCommissionMinor(ib, 'USD', { quantity: 100, value: 10_000 }, { quantity: 200, value: 20_000 }),
      fillCommissionMinor(ib, 'USD', { quantity: 200, value: 20_000 }, { quantity: 250, value: 25_000 }),
    ];
    expect(charges).toEqual([100, 0, 25]);
  });

  it('rounds each cumulative total so the charges add to the one-order total', () => {
    // IB tiered 0.0035: totals 1.1655 → 1.17, 2.331 → 2.33, 3.50 → charges 1.17, 1.16, 1.17.
    const tiered = { perShare: 0.0035, minimum: 0.35, maximumPctOfValue: 1 };
    const at = (quantity: number) => ({ quantity, value: quantity * 50 });
    const charges = [fillCommissionMinor(tiered, 'USD', at(0), at(333)), fillCommissionMinor(tiered, 'USD', at(333), at(666)), fillCommissionMinor(tiered, 'USD', at(666), at(1000))];
    expect(charges).toEqual([117, 116, 117]);
    expect(charges.reduce((a, b) => a + b, 0)).toBe(350);
  });

  it('never charges partial fills more than the order as one fill', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ quantity: fc.integer({ min: 1, max: 5000 }), price: fc.double({ min: 0.05, max: 2000, noNaN: true }) }), { minLength: 1, maxLength: 8 }), (fills) => {
        let before = { quantity: 0, value: 0 };
        let paid = 0;
        for (const fill of fills) {
          const after = { quantity: before.quantity + fill.quantity, value: before.value + fill.quantity * fill.price };
          const charge = fillCommissionMinor(ib, 'USD', before, after);
          expect(charge).toBeGreaterThanOrEqual(0);
          paid += charge;
          before = after;
        }
        expect(paid).toBe(fillCommissionMinor(ib, 'USD', { quantity: 0, value: 0 }, before));
      }),
    );
  });
});

describe('fillCommissionMinorOf and fxFillCommissionMinorOf', () => {
  const fx = { bps: 0.2, minimum: 2 };
  const filled = fc.record({ quantity: fc.integer({ min: 0, max: 100_000 }), value: fc.double({ min: 0, max: 1e8, noNaN: true }) });

  it('charge what fillCommissionMinor charges for the same fills, with either commission', () => {
    fc.assert(
      fc.property(filled, filled, fc.constantFrom('USD', 'JPY', 'EUR'), (before, after, currency) => {
        expect(fillCommissionMinorOf(ib, currency, before.quantity, before.value, after.quantity, after.value)).toBe(fillCommissionMinor(ib, currency, before, after));
        const byFx = fillCommissionMinor(ib, currency, before, after, (_c, q, v) => fxCommissionTotal(fx, q, v));
        expect(fxFillCommissionMinorOf(fx, currency, before.quantity, before.value, after.quantity, after.value)).toBe(byFx);
      }),
    );
  });
});
