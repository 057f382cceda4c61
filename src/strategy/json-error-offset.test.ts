import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonErrorOffset } from './json-error-offset.js';

describe('jsonErrorOffset', () => {
  it.each([
    ['{"a": ]', 6],
    ['{"a": 1,', 8],
    ['[1, 2', 5],
    ['{"a": tru}', 9],
    ['{"a": 1} x', 9],
    ['{"a": "b\n"}', 8],
    ['{"a": 01}', 7],
    ['', 0],
  ])('points at the defect in %j', (text, offset) => {
    expect(jsonErrorOffset(text)).toBe(offset);
  });

  it('agrees with JSON.parse: any text JSON.parse accepts runs to its end', () => {
    fc.assert(
      fc.property(fc.json(), (text) => {
        expect(jsonErrorOffset(text)).toBe(text.length);
      }),
    );
  });

  it('puts the defect of a cut document on its last line', () => {
    // Cutting a valid document leaves a text that is fine up to its last line: a number cut
    // after "1." or "-" fails a character or two early, but never on an earlier line.
    fc.assert(
      fc.property(fc.json({ maxDepth: 3 }).map((value) => JSON.stringify(JSON.parse(value), null, 1)), fc.nat(), (text, cut) => {
        const prefix = text.slice(0, cut % (text.length + 1));
        let valid = true;
        try {
          JSON.parse(prefix);
        } catch {
          valid = false;
        }
        if (!valid) expect(prefix.slice(jsonErrorOffset(prefix))).not.toContain('\n');
      }),
    );
  });
});
