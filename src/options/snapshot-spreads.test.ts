import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseOptionSymbol } from '../domain/option.js';
import { holdsOptions } from './snapshot-spreads.js';

describe('holdsOptions', () => {
  it('is true exactly when a position not flat has an option symbol', () => {
    const symbol = fc.oneof(
      fc.constantFrom('SPY', 'BRK-B', 'SPY-20240119-C-450', 'SPY-20240119-P-452.5', '--20240119-C-1', 'SPY-2024011-C-450', 'X-20240119-Q-1'),
      fc.string({ maxLength: 24 }),
    );
    fc.assert(
      fc.property(fc.array(fc.record({ symbol, quantity: fc.constantFrom(0, 1, -2) }), { maxLength: 6 }), (positions) => {
        expect(holdsOptions(positions)).toBe(positions.some((p) => p.quantity !== 0 && parseOptionSymbol(p.symbol) !== undefined));
      }),
    );
  });
});
