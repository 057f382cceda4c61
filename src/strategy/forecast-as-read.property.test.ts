import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import '../../test/fast-check-seed.js';
import type { Forecast } from '../domain/forecast.js';
import { forecastAsRead, forecastText } from './forecast-file.js';
import { checkForecast, parseForecast, type ReadForecastOptions } from './read-forecast.js';

// A backtest's forecast is read back without a file (backtest/memory-files.ts): forecastAsRead
// and checkForecast must give what writing the file and reading it gives, the same forecast or
// the same refusal, for every forecast and every account, in both layouts.

/** A forecast read, or the message of the refusal; weights as entries, in order, so that order and -0 count. */
function outcome(read: () => Forecast): unknown {
  try {
    const forecast = read();
    return { ...forecast, weights: [...forecast.weights] };
  } catch (error) {
    return { refused: (error as Error).message };
  }
}

const ALPHABET = fc.constantFrom('S', 'P', 'Y', '7', '0', '.', ',', '"', ' ', '-', 'é', '\t', '\n', '\u0000', '\uFFFD');
const text = (maxLength: number) => fc.string({ unit: ALPHABET, minLength: 0, maxLength });
const weight = fc.oneof(
  { weight: 6, arbitrary: fc.double({ min: -2, max: 2, noNaN: true }) },
  { weight: 2, arbitrary: fc.constant(-0) },
  { weight: 1, arbitrary: fc.constantFrom(1e-7, 1e21, Number.NaN, Number.POSITIVE_INFINITY, 5e-324) },
);
const NOW = Date.UTC(2025, 10, 14, 15, 30);

const forecast: fc.Arbitrary<Forecast> = fc.record({
  asOf: fc.oneof(fc.integer({ min: NOW - 7_200_000, max: NOW + 120_000 }), fc.double({ min: NOW - 7_200_000, max: NOW + 120_000, noNaN: true }), fc.constant(Number.NaN)),
  source: fc.oneof({ weight: 4, arbitrary: fc.constantFrom('inverse-vol', 'inverse-vol+vol-target', 'fixed') }, { weight: 1, arbitrary: text(8) }),
  leverage: fc.oneof(fc.double({ min: 0.01, max: 3, noNaN: true }), fc.constantFrom(0, -1, Number.NaN, 1.5)),
  weights: fc.uniqueArray(fc.tuple(fc.oneof({ weight: 4, arbitrary: fc.constantFrom('SPY', 'TLT', 'BRK.B', '7203', '1', 'A,B', ' QQQ') }, { weight: 1, arbitrary: text(5) }), weight), { maxLength: 6, selector: ([symbol]) => symbol }).map((entries) => new Map(entries)),
});

/** The account's side: the symbols it knows (most of the forecast's, some left out, some added), and its limits. */
const optionsFor = (written: Forecast): fc.Arbitrary<ReadForecastOptions> =>
  fc.record({
    knownSymbols: fc.oneof({ weight: 3, arbitrary: fc.constant([...written.weights.keys()]) }, { weight: 1, arbitrary: fc.subarray([...written.weights.keys()]) }, { weight: 1, arbitrary: fc.constant([...written.weights.keys(), 'GLD']) }),
    allowShort: fc.oneof({ weight: 3, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
    maxGrossLeverage: fc.constantFrom(1, 100, 1e30),
    now: fc.constant(NOW),
    maxAgeMs: fc.constantFrom(3_600_000, 60_000),
  });

describe('a forecast read back without its file', () => {
  it('is read, or refused, as the file would be, in both layouts', () => {
    fc.assert(
      fc.property(
        forecast.chain((written) => fc.tuple(fc.constant(written), optionsFor(written), fc.constantFrom('forecast.csv', 'forecast.json'))),
        ([written, options, file]) => {
          const viaFile = outcome(() => parseForecast(forecastText(file, written), file, options));
          const withoutFile = outcome(() => checkForecast(forecastAsRead(file, written), file, options));
          expect(withoutFile).toStrictEqual(viaFile);
          if ('refused' in (withoutFile as object)) return;
          // Same values to the bit: -0 and 0 told apart, weights in the same order.
          const a = (withoutFile as { weights: [string, number][] }).weights;
          const b = (viaFile as { weights: [string, number][] }).weights;
          a.forEach(([symbol, value], i) => {
            expect(symbol).toBe(b[i]![0]);
            expect(Object.is(value, b[i]![1])).toBe(true);
          });
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it('is refused when writing its file would be, with the same message', () => {
    const bad: Forecast = { asOf: NOW, source: 'model\u0000', leverage: 1, weights: new Map([['SPY', 1]]) };
    for (const file of ['forecast.csv', 'forecast.json']) {
      expect(() => forecastAsRead(file, bad)).toThrow(/cannot write this forecast: source "model\\u0000" is empty or has a line break, a NUL or a U\+FFFD/);
      expect(() => forecastText(file, bad)).toThrow(/cannot write this forecast: source "model\\u0000"/);
    }
  });
});
