import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ForecastError } from './forecast-error.js';
import { parseForecast, type ReadForecastOptions } from './read-forecast.js';

const NOW = Date.UTC(2025, 10, 14, 15, 30);
const OPTIONS: ReadForecastOptions = { knownSymbols: ['SPY', 'TLT'], allowShort: false, maxGrossLeverage: 2, now: NOW, maxAgeMs: 3_600_000 };
const VALID_CSV = ['symbol,weight,leverage,as_of,source', 'SPY,0.5,1,2025-11-14T15:00:00Z,m', 'TLT,0.5,1,2025-11-14T15:00:00Z,m'];

/** Parses and returns 'ok' or 'refused'; anything thrown other than a ForecastError fails the property. */
function outcome(text: string, file: string): 'ok' | 'refused' {
  try {
    parseForecast(text, file, OPTIONS);
    return 'ok';
  } catch (error) {
    if (error instanceof ForecastError) return 'refused';
    throw error;
  }
}

// Text built from the characters that matter to the parsers, plus any character at all.
const line = fc.string({ maxLength: 40, unit: fc.oneof(fc.constantFrom(',', '"', '\r', ' ', '-', '.', 'e', '0', '1', 'S', 'P', 'Y', ':', 'T', 'Z'), fc.string({ minLength: 1, maxLength: 1, unit: 'binary' })) });

describe('forecast files with garbage', () => {
  it('CSV: random lines after a valid header never crash with anything but a ForecastError', () => {
    fc.assert(
      fc.property(fc.array(line, { maxLength: 6 }), (lines) => {
        outcome([VALID_CSV[0]!, ...lines].join('\n'), 'f.csv');
      }),
      { numRuns: 500 },
    );
  });

  it('CSV: one line of a valid file replaced by garbage is refused or still valid, never a crash', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: VALID_CSV.length - 1 }), line, (index, garbage) => {
        const lines = [...VALID_CSV];
        lines[index] = garbage;
        outcome(lines.join('\n'), 'f.csv');
      }),
      { numRuns: 500 },
    );
  });

  it('CSV: a valid file cut anywhere is refused or still valid, never a crash', () => {
    const text = VALID_CSV.join('\n');
    for (let length = 0; length <= text.length; length += 1) expect(['ok', 'refused']).toContain(outcome(text.slice(0, length), 'f.csv'));
  });

  it('JSON: any text, and any JSON value, never crash with anything but a ForecastError', () => {
    fc.assert(
      fc.property(fc.oneof(line, fc.json()), (text) => {
        outcome(text, 'f.json');
      }),
      { numRuns: 500 },
    );
  });

  it('JSON: objects with the right keys and wrong values never crash with anything but a ForecastError', () => {
    const value = fc.jsonValue();
    fc.assert(
      fc.property(
        fc.record({ asOf: fc.oneof(value, fc.constant('2025-11-14T15:00:00Z')), source: value, leverage: fc.oneof(value, fc.double()), weights: fc.oneof(value, fc.dictionary(fc.constantFrom('SPY', 'TLT', 'QQQ', '__proto__', ''), value)) }, { requiredKeys: [] }),
        (document) => {
          outcome(JSON.stringify(document) ?? '', 'f.json');
        },
      ),
      { numRuns: 500 },
    );
  });
});
