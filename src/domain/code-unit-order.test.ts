import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { byCodeUnits } from './code-unit-order.js';

describe('code unit order', () => {
  it('sorts as JavaScript sorts strings by default (UTF-16 code units), whatever the locale', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary' })), (names) => {
        expect([...names].sort(byCodeUnits)).toEqual([...names].sort());
      }),
    );
  });

  it('puts capitals before lower case and "_" after letters, unlike a locale', () => {
    expect(['b', 'A_', 'AB', 'a'].sort(byCodeUnits)).toEqual(['AB', 'A_', 'a', 'b']);
  });
});
