import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isPositiveMultiple, roundDownToStep, roundUpToStep, stepDecimals } from './steps.js';

describe('tick and lot steps', () => {
  it('accepts multiples despite float noise and refuses the rest', () => {
    expect(isPositiveMultiple(100.01, 0.01)).toBe(true);
    expect(isPositiveMultiple(0.3, 0.1)).toBe(true);
    expect(isPositiveMultiple(100.005, 0.01)).toBe(false);
    expect(isPositiveMultiple(1.5, 1)).toBe(false);
    expect(isPositiveMultiple(0, 1)).toBe(false);
    expect(isPositiveMultiple(-100, 1)).toBe(false);
    expect(isPositiveMultiple(300, 100)).toBe(true);
    expect(isPositiveMultiple(Number.NaN, 1)).toBe(false);
  });

  it('rounds down and up onto the grid', () => {
    expect(roundDownToStep(99.99, 0.01)).toBe(99.99);
    expect(roundDownToStep(100 * 0.9999, 0.01)).toBe(99.99);
    expect(roundUpToStep(100 * 1.0001, 0.01)).toBe(100.01);
    expect(roundUpToStep(30.003, 0.01)).toBe(30.01);
    expect(roundDownToStep(30.003, 0.01)).toBe(30);
    expect(roundDownToStep(1.2345678, 0.00005)).toBe(1.23455);
    expect(roundDownToStep(149, 100)).toBe(100);
    expect(roundDownToStep(99, 100)).toBe(0);
  });

  it('counts the decimals of a step', () => {
    expect(stepDecimals(0.01)).toBe(2);
    expect(stepDecimals(0.005)).toBe(3);
    expect(stepDecimals(0.00005)).toBe(5);
    expect(stepDecimals(25)).toBe(0);
  });

  it('brackets any price between two neighbouring ticks that are multiples of the tick', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.5, max: 5000, noNaN: true }), fc.constantFrom(0.01, 0.05, 0.25, 0.0001), (price, tick) => {
        const down = roundDownToStep(price, tick);
        const up = roundUpToStep(price, tick);
        expect(down).toBeLessThanOrEqual(price + 1e-9);
        expect(up).toBeGreaterThanOrEqual(price - 1e-9);
        expect(up - down).toBeLessThanOrEqual(tick + 1e-9);
        if (down > 0) expect(isPositiveMultiple(down, tick)).toBe(true);
        expect(isPositiveMultiple(up, tick)).toBe(true);
      }),
    );
  });
});
