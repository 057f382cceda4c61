import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonPieces } from './json-pieces.js';

// The pieces as a writer takes them, each before the next is asked for (bytes are reused).
const copied = (pieces: Iterable<string | Uint8Array>): Buffer[] => Array.from(pieces, (p) => Buffer.from(p));
// The pieces as the text written: strings and UTF-8 bytes, decoded together (a character may not be cut).
const joined = (pieces: readonly Buffer[]): string => Buffer.concat(pieces).toString('utf8');

describe('jsonPieces', () => {
  it('joins to the text of JSON.stringify for any object, long arrays included', () => {
    // Any code units in a row, lone surrogates included: the rows come as UTF-8 bytes.
    const row = fc.record({ time: fc.integer(), symbol: fc.string({ unit: 'binary' }), price: fc.double(), note: fc.option(fc.string(), { nil: undefined }) });
    const value = fc.dictionary(fc.string(), fc.oneof(fc.jsonValue(), fc.array(row, { maxLength: 5_000 }), fc.constant(undefined), fc.constant(() => 1)));
    fc.assert(
      fc.property(value, (object) => {
        expect(joined(copied(jsonPieces(object)))).toBe(JSON.stringify(object));
      }),
      { numRuns: 200 },
    );
  });

  it('gives a long array a part at a time', () => {
    const fills = Array.from({ length: 20_000 }, (_, i) => ({ execId: `e${i}`, symbol: 'S000', price: 100 + i / 100 }));
    const value = { orders: [], fills, finalEquity: 1, skipped: undefined };
    const pieces = copied(jsonPieces(value));
    expect(joined(pieces)).toBe(JSON.stringify(value));
    expect(pieces.length).toBeGreaterThan(2);
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThan(JSON.stringify(fills).length / 2);
  });

  it('gives rows of any size, groups larger than its buffer included', () => {
    const rows = Array.from({ length: 1_000 }, (_, i) => ({ i, note: `${'é'.repeat(i % 3 === 0 ? 2_000 : 10)}${i}` }));
    const value = { rows, after: 'x' };
    expect(joined(copied(jsonPieces(value)))).toBe(JSON.stringify(value));
  });
});
