import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { equalColumns } from './equal-columns.js';

describe('equalColumns', () => {
  it('compares the values of two columns, wherever in their buffers they lie', () => {
    const block = new Float64Array([9, 1, 2, 3, 1, 2, 3]);
    expect(equalColumns(block.subarray(1, 4), block.subarray(4, 7))).toBe(true);
    expect(equalColumns(block.subarray(1, 4), new Float64Array([1, 2, 3]))).toBe(true);
    expect(equalColumns(block.subarray(0, 3), block.subarray(4, 7))).toBe(false);
    expect(equalColumns(new Float64Array([1, 2]), new Float64Array([1, 2, 3]))).toBe(false);
  });

  it('agrees with a comparison value by value for any times', () => {
    const times = fc.array(fc.integer({ min: 0, max: 2 ** 45 }), { maxLength: 20 });
    fc.assert(
      fc.property(times, times, (a, b) => {
        expect(equalColumns(new Float64Array(a), new Float64Array(b))).toBe(a.length === b.length && a.every((t, i) => t === b[i]));
      }),
    );
  });
});
