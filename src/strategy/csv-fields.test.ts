import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvField, isPlainText, splitCsvLine } from './csv-fields.js';

describe('splitCsvLine', () => {
  it('splits and trims unquoted fields', () => {
    expect(splitCsvLine('SPY, 0.5 ,1,,x')).toEqual(['SPY', '0.5', '1', '', 'x']);
  });

  it('keeps quoted fields exactly, with commas and doubled quotes', () => {
    expect(splitCsvLine('a,"b, ""c"" ", d')).toEqual(['a', 'b, "c" ', 'd']);
    expect(splitCsvLine('"",x')).toEqual(['', 'x']);
  });

  it('describes broken quoting', () => {
    expect(splitCsvLine('a,"b')).toEqual({ error: 'a quoted field is not closed' });
    expect(splitCsvLine('a,"b"c')).toEqual({ error: 'text after a closing quote' });
    expect(splitCsvLine('a,b"c')).toEqual({ error: 'a quote inside an unquoted field' });
  });

  it('gives back every field csvField wrote', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: fc.constantFrom('a', ',', '"', ' ', 'x', '\t') }), { minLength: 1, maxLength: 5 }), (fields) => {
        const expected = fields.map((field) => (/[",]|^\s|\s$/.test(field) ? field : field.trim()));
        expect(splitCsvLine(fields.map(csvField).join(','))).toEqual(expected);
      }),
    );
  });

  it('quotes a field exactly where the rule says, plain text or not', () => {
    const units = fc.constantFrom('a', 'Z', '0', '.', '-', ',', '"', ' ', '\t', '\r', '\n', '\u00a0', '\u2028', '\ufeff', '\u3000', '\u007f', '~', 'é');
    fc.assert(
      fc.property(fc.string({ unit: units, maxLength: 8 }), (value) => {
        const rule = /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
        expect(csvField(value)).toBe(rule);
        // Plain text is what needs no rule: not empty, nothing to trim, no quote, comma or line break.
        if (isPlainText(value)) expect(value !== '' && value.trim() === value && !/[",\r\n]/.test(value)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});
