import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findDuplicateKey } from './json-duplicate-key.js';

describe('findDuplicateKey', () => {
  it.each([
    ['{"a":1,"a":2}', 'a'],
    ['{"weights":{"SPY":1,"TLT":2,"SPY":3}}', 'weights.SPY'],
    ['{"x":[{"k":1},{"k":1,"k":2}]}', 'x[1].k'],
    ['{"a":{"b":1},"c":{"b":2},"a":3}', 'a'],
    ['{"\\u0041":1,"A":2}', 'A'],
  ])('finds the duplicate in %s', (text, path) => {
    expect(findDuplicateKey(text)).toBe(path);
  });

  it.each(['{"a":1,"b":{"a":2}}', '{"a":"},{\\"a\\":","b":"\\\\"}', '[{"a":1},{"a":1}]', '"a"', '{}'])('finds none in %s', (text) => {
    expect(findDuplicateKey(text)).toBeUndefined();
  });

  it('finds none in anything JSON.stringify writes', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(findDuplicateKey(JSON.stringify(value, null, 1))).toBeUndefined();
      }),
    );
  });
});
