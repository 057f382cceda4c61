import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isMultipleOf } from '../domain/rounding.js';
import { ladderCap, nextLimit, type LadderInput } from './reprice-ladder.js';

const tick = 0.01;
const input = fc
  .record({
    side: fc.constantFrom<'BUY' | 'SELL'>('BUY', 'SELL'),
    decisionCents: fc.integer({ min: 100, max: 100_000 }),
    offsetTicks: fc.integer({ min: 0, max: 50 }),
    touchTicks: fc.integer({ min: -20, max: 400 }),
    maxDistanceBps: fc.integer({ min: 1, max: 500 }),
  })
  .map(({ side, decisionCents, offsetTicks, touchTicks, maxDistanceBps }): LadderInput => {
    const decisionPrice = decisionCents / 100;
    const sign = side === 'BUY' ? 1 : -1;
    const limit = Math.max(tick, Math.round(decisionCents - sign * offsetTicks) / 100);
    return { side, limit, farTouch: Math.max(tick, Math.round(decisionCents + sign * touchTicks) / 100), decisionPrice, maxDistanceBps, tickSize: tick };
  });

describe('the re-price ladder', () => {
  it('steps on the tick toward the far touch, never past it, never past the band cap, never back', () => {
    fc.assert(
      fc.property(input, fc.integer({ min: 1, max: 100 }), (ladder, stepPct) => {
        const next = nextLimit(ladder, stepPct);
        const cap = ladderCap(ladder);
        expect(isMultipleOf(next, tick)).toBe(true);
        if (ladder.side === 'BUY') {
          expect(next).toBeGreaterThanOrEqual(ladder.limit);
          if (next > ladder.limit) expect(next).toBeLessThanOrEqual(Math.min(ladder.farTouch, cap) + 1e-9);
          expect(next <= cap + 1e-9 || next === ladder.limit).toBe(true);
        } else {
          expect(next).toBeLessThanOrEqual(ladder.limit);
          if (next < ladder.limit) expect(next).toBeGreaterThanOrEqual(Math.max(ladder.farTouch, cap) - 1e-9);
          expect(next >= cap - 1e-9 || next === ladder.limit).toBe(true);
        }
      }),
    );
  });

  it('reaches the far touch at the deadline (a 100 % step) when the band allows it, and stops at the band when it does not', () => {
    fc.assert(
      fc.property(input, (ladder) => {
        const cap = ladderCap(ladder);
        const final = nextLimit(ladder, 100);
        const reachable = ladder.side === 'BUY' ? Math.min(ladder.farTouch, cap) : Math.max(ladder.farTouch, cap);
        const expected = ladder.side === 'BUY' ? Math.max(ladder.limit, reachable) : Math.min(ladder.limit, reachable);
        expect(final).toBeCloseTo(expected, 9);
      }),
    );
  });
});
