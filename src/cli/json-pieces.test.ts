import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonPieces } from './json-pieces.js';

describe('jsonPieces', () => {
  it('joins to the text of JSON.stringify for any object, long arrays included', () => {
    const row = fc.record({ time: fc.integer(), symbol: fc.string(), price: fc.double(), note: fc.option(fc.string(), { nil: undefined }) });
    const value = fc.dictionary(fc.string(), fc.oneof(fc.jsonValue(), fc.array(row, { maxLength: 5_000 }), fc.constant(undefined), fc.constant(() => 1)));
    fc.assert(
      fc.property(value, (object) => {
        expect([...jsonPieces(object)].join('')).toBe(JSON.stringify(object));
      }),
      { numRuns: 200 },
    );
  });

  it('gives a long array a part at a time', () => {
    const fills = Array.from({ length: 20_000 }, (_, i) => ({ execId: `e${i}`, symbol: 'S000', price: 100 + i / 100 }));
    const value = { orders: [], fills, finalEquity: 1, skipped: undefined };
    const pieces = [...jsonPieces(value)];
    expect(pieces.join('')).toBe(JSON.stringify(value));
    expect(pieces.length).toBeGreaterThan(2);
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThan(JSON.stringify(fills).length / 2);
  });
});
