import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseBarDateIn, parseBarTime, parseBarTimeIn, utcMs } from './parse-bar-time.js';

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

// Every instant from 1800 to 9999 at millisecond precision, as the dates and times bar files write.
const instants = fc.integer({ min: Date.UTC(1800, 0, 1), max: Date.UTC(9999, 11, 31, 23, 59, 59, 999) }).map((t) => new Date(t));

describe('parseBarTime, read by position', () => {
  it('agrees with Date.UTC on every date and time of day', () => {
    fc.assert(
      fc.property(instants, (d) => {
        const [y, m, day] = [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
        const msOfDay = ((d.getUTCHours() * 60 + d.getUTCMinutes()) * 60 + d.getUTCSeconds()) * 1000 + d.getUTCMilliseconds();
        expect(utcMs(y, m, day, msOfDay)).toBe(d.getTime());
        expect(parseBarTime(d.toISOString())).toBe(d.getTime());
        expect(parseBarTime(d.toISOString().slice(0, 10))).toBe(Date.UTC(y, m - 1, day));
      }),
      { numRuns: 2000 },
    );
  });

  it('reads a time where it lies in a row as it reads the same text alone', () => {
    fc.assert(
      fc.property(instants, fc.constantFrom('', 'Z', ':', '0', ',', ',:0'), fc.nat({ max: 24 }), (d, after, cut) => {
        // Any prefix of a timestamp, followed by whatever the row holds next: never read past its end.
        const text = d.toISOString().slice(0, cut);
        const row = `x,${text}${after}`;
        expect(parseBarTimeIn(row, 2, 2 + text.length)).toBe(parseBarTime(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses a day the month does not have, and takes the leap days', () => {
    for (let year = 1800; year <= 2400; year += 1) {
      const leap = new Date(Date.UTC(year, 1, 29)).getUTCMonth() === 1;
      expect(parseBarTime(`${pad(year, 4)}-02-29`)).toBe(leap ? Date.UTC(year, 1, 29) : undefined);
    }
  });

  it('reads a YYYY-MM-DD date by its month as the general routine reads it, row after row', () => {
    // Text shaped like a date, with the odd wrong character: a day the month lacks, a letter, a space.
    const digit = fc.constantFrom(...'0123456789');
    const odd = fc.constantFrom(...'0123456789-: aT');
    const field = (chars: fc.Arbitrary<string>, n: number) => fc.array(chars, { minLength: n, maxLength: n }).map((c) => c.join(''));
    const plausible = fc.tuple(fc.integer({ min: 1790, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 })).map(([y, m, d]) => `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`);
    const shaped = fc.tuple(field(digit, 4), field(odd, 1), field(odd, 2), field(odd, 1), field(odd, 2)).map((parts) => parts.join(''));
    const dates = fc.array(fc.oneof(instants.map((d) => d.toISOString().slice(0, 10)), plausible, shaped), { minLength: 1, maxLength: 30 });
    fc.assert(
      fc.property(dates, (texts) => {
        // In sequence, as a file's rows come: each answer must not depend on the month read before.
        for (const text of texts) expect(parseBarDateIn(Buffer.from(`x,${text},1`, 'latin1'), 2)).toBe(parseBarTimeIn(text, 0, 10));
      }),
      { numRuns: 2000 },
    );
  });
});
