import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DECIMAL_TEXT, isDecimalText } from './decimal-text.js';

const decimal = (text: string): boolean => isDecimalText(text, Number(text));

describe('isDecimalText', () => {
  it('takes decimals and refuses what Number() alone would take', () => {
    for (const text of ['0', '-0', '+1.5', '1.', '.5', '-.5e-3', '2E+10', '0e5', '1e999', '0.0039215686274509803']) expect(decimal(text)).toBe(true);
    for (const text of ['', ' ', '.', '-', 'e5', '1e', '0x10', '0X1f', '0b1', '0o7', 'Infinity', '-Infinity', ' 1', '1 ', '\u00a01', '1_0', '--1', '1.2.3']) expect(decimal(text)).toBe(false);
  });

  it('answers as the expression for any text', () => {
    const unit = fc.constantFrom('0', '1', '9', '+', '-', '.', 'e', 'E', 'x', 'X', 'o', 'b', 'B', 'I', 'n', 'f', 'i', 't', 'y', ' ', '\t', '\n', '\u00a0', '\ufeff', '_', 'a');
    fc.assert(fc.property(fc.oneof(fc.string({ unit }), fc.string(), fc.double().map(String)), (text) => {
      expect(decimal(text)).toBe(DECIMAL_TEXT.test(text));
    }), { numRuns: 20_000 });
  });
});
