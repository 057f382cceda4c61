import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isMultipleOf, roundToLot, roundToTick, stepDecimals } from './rounding.js';

describe('roundToTick', () => {
  it('keeps a price that is already on the tick despite float noise (1.15 / 0.01)', () => {
    expect(1.15 / 0.01).toBeLessThan(115);
    expect(roundToTick(1.15, 0.01, 'down')).toBe(1.15);
    expect(roundToTick(4.35, 0.01, 'down')).toBe(4.35);
    expect(roundToTick(100.15, 0.01, 'down')).toBe(100.15);
    expect(roundToTick(100.15, 0.01, 'up')).toBe(100.15);
    expect(roundToTick(0.3, 0.1, 'up')).toBe(0.3);
    expect(roundToTick(0.3, 0.1, 'down')).toBe(0.3);
  });

  it('rounds down for buys and up for sells between ticks', () => {
    expect(roundToTick(100.155, 0.01, 'down')).toBe(100.15);
    expect(roundToTick(100.155, 0.01, 'up')).toBe(100.16);
    expect(roundToTick(100.3, 0.25, 'down')).toBe(100.25);
    expect(roundToTick(100.3, 0.25, 'up')).toBe(100.5);
    expect(roundToTick(100.3, 0.25, 'nearest')).toBe(100.25);
  });

  it('prints cleanly: the result has no more decimals than the tick', () => {
    expect(String(roundToTick(1.23456, 0.005, 'up'))).toBe('1.235');
    expect(String(roundToTick(30.03, 0.01, 'down'))).toBe('30.03');
    expect(String(roundToTick(0.1 + 0.2, 0.1, 'down'))).toBe('0.3');
  });

  it('refuses a tick that is not positive', () => {
    expect(() => roundToTick(10, 0, 'down')).toThrow(RangeError);
  });

  it('always lands on a tick multiple on the requested side', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.0001, max: 100_000, noNaN: true }),
        fc.constantFrom(0.0001, 0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 1, 5),
        (price, tick) => {
          const down = roundToTick(price, tick, 'down');
          const up = roundToTick(price, tick, 'up');
          expect(isMultipleOf(down, tick)).toBe(true);
          expect(isMultipleOf(up, tick)).toBe(true);
          expect(down).toBeLessThanOrEqual(price * (1 + 1e-9));
          expect(up).toBeGreaterThanOrEqual(price * (1 - 1e-9));
          expect(up - down).toBeLessThanOrEqual(tick * (1 + 1e-9) + price * 1e-12);
          expect(String(down).split('.')[1]?.length ?? 0).toBeLessThanOrEqual(stepDecimals(tick));
        },
      ),
    );
  });
});

describe('roundToLot', () => {
  it('rounds toward zero for longs and shorts', () => {
    expect(roundToLot(1250, 100)).toBe(1200);
    expect(roundToLot(-1250, 100)).toBe(-1200);
    expect(roundToLot(99.9, 1)).toBe(99);
    expect(roundToLot(-99.9, 1)).toBe(-99);
    expect(roundToLot(0.7, 1)).toBe(0);
  });

  it('keeps a quantity that is already whole lots despite float noise', () => {
    expect(roundToLot(0.3, 0.1)).toBe(0.3);
    expect(roundToLot(2.9999999999999996, 1)).toBe(3);
  });

  it('never adds exposure', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e7, max: 1e7, noNaN: true }), fc.constantFrom(0.001, 0.1, 1, 10, 100), (quantity, lot) => {
        const rounded = roundToLot(quantity, lot);
        expect(Math.abs(rounded)).toBeLessThanOrEqual(Math.abs(quantity) * (1 + 1e-9));
        expect(isMultipleOf(rounded, lot)).toBe(true);
        expect(Math.abs(quantity - rounded)).toBeLessThan(lot * (1 + 1e-9));
      }),
    );
  });
});

describe('stepDecimals', () => {
  it('counts the decimals of a step', () => {
    expect(stepDecimals(0.01)).toBe(2);
    expect(stepDecimals(0.005)).toBe(3);
    expect(stepDecimals(0.25)).toBe(2);
    expect(stepDecimals(100)).toBe(0);
  });
});

describe('rounding a price with many ticks below it', () => {
  it('does not snap a price that is truly below a tick onto it (found by a property test)', () => {
    expect(roundToTick(3657.968296342032, 0.0001, 'down')).toBe(3657.9682);
    expect(roundToTick(3657.968296342032, 0.0001, 'up')).toBe(3657.9683);
    expect(roundToTick(100.15, 0.01, 'down')).toBe(100.15);
  });
});
