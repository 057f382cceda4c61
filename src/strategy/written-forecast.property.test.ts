import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Forecast } from '../domain/forecast.js';
import type { SpreadTarget } from '../domain/spread.js';
import { forecastText } from './forecast-file.js';
import { checkForecast, parseForecast, type ReadForecastOptions } from './read-forecast.js';
import { writtenForecast } from './written-forecast.js';

const NOW = Date.UTC(2025, 10, 14, 15, 30);

/** What a read of the forecast gives: its values, or the message it is refused with. */
type Outcome = { readonly refused: string } | { readonly read: Forecast };

function outcome(read: () => Forecast): Outcome {
  try {
    return { read: read() };
  } catch (error) {
    return { refused: `${(error as Error).name}: ${(error as Error).message}` };
  }
}

/** As paper writes the file and reads it back: the text goes through UTF-8 bytes on the way. */
function throughTheFile(file: string, forecast: Forecast, options: ReadForecastOptions): Outcome {
  return outcome(() => parseForecast(Buffer.from(forecastText(file, forecast), 'utf8').toString('utf8'), file, options));
}

function withoutTheText(file: string, forecast: Forecast, options: ReadForecastOptions): Outcome {
  return outcome(() => checkForecast(writtenForecast(file, forecast), file, options));
}

// The characters that matter to the layouts (separators, quotes, spaces, line breaks, what is
// not UTF-8), then any character at all.
const tricky = fc.constantFrom(',', '"', ' ', '\t', '\r', '\n', '\uFFFD', '\u0000', '\uD800', '\uDC00', '\uFEFF', '{', '}', ':', 'S', 'P', 'Y', '1', '.');
const text = fc.string({ maxLength: 8, unit: fc.oneof(tricky, fc.string({ minLength: 1, maxLength: 1, unit: 'binary' })) });
const symbol = fc.oneof(fc.constantFrom('SPY', 'TLT', 'BRK.B', '7203.T', '0', '1', '10', '__proto__', 'constructor', ' SPY'), text);
const number = fc.oneof(fc.double(), fc.constantFrom(0, -0, 0.1, 0.25, 1, 1e21, 5e-324, Number.NaN, Number.POSITIVE_INFINITY, -1));
const asOf = fc.oneof(
  fc.integer({ min: -3_600_000, max: 3_600_000 }).map((back) => NOW - back),
  fc.double({ min: NOW - 3_600_000, max: NOW + 3_600_000 }),
  fc.constantFrom(Number.NaN, 8.64e15, 8.64e15 + 1, -62_198_755_200_000, -59_011_459_200_000, 253_402_300_800_000, -1.5),
  fc.double(),
);
const spread = fc.record({
  name: fc.oneof(fc.constantFrom('spy-straddle', 'qqq-strangle'), text),
  kind: fc.constantFrom('straddle', 'strangle', 'call-vertical', 'put-vertical'),
  underlying: fc.oneof(fc.constantFrom('SPY', 'QQQ'), text),
  expiry: fc.oneof(fc.record({ minDays: fc.integer({ min: -1, max: 60 }) }), fc.record({ date: fc.oneof(fc.constantFrom('2026-01-16'), text) })),
  strike: fc.oneof(fc.constant('atm' as const), number),
  quantity: fc.oneof(fc.integer({ min: -1, max: 3 }), number),
}) as fc.Arbitrary<SpreadTarget>;

const forecast = fc.record({
  asOf,
  source: fc.oneof(fc.constantFrom('inverse-vol', 'my model', ' padded '), text),
  leverage: number,
  weights: fc.array(fc.tuple(symbol, number), { maxLength: 6 }).map((pairs) => new Map(pairs)),
  spreads: fc.option(fc.array(spread, { maxLength: 2 }), { nil: undefined }),
}).map((made): Forecast => (made.spreads === undefined ? { asOf: made.asOf, source: made.source, leverage: made.leverage, weights: made.weights } : made as Forecast));

/** Read options around the forecast: its symbols or some of them, with others the config may have. */
function optionsFor(made: Forecast): fc.Arbitrary<ReadForecastOptions> {
  return fc.record({
    knownSymbols: fc.subarray([...made.weights.keys()]).chain((some) => fc.oneof(fc.constant([...made.weights.keys()]), fc.constant(some), fc.constant([...some, 'QQQ']))),
    allowShort: fc.boolean(),
    maxGrossLeverage: fc.oneof(fc.constant(1e6), fc.double({ min: 0, max: 3, noNaN: true })),
    now: fc.oneof(fc.constant(NOW), fc.integer({ min: NOW - 7_200_000, max: NOW + 7_200_000 })),
    maxAgeMs: fc.constantFrom(3_600_000, 60_000),
    optionUnderlyings: fc.constantFrom([], ['SPY'], ['SPY', 'QQQ']),
  });
}

describe('a forecast read without its text', () => {
  for (const file of ['forecast.csv', 'forecast.json']) {
    it(`${file}: reads as the file written and read back would, refusal for refusal`, () => {
      fc.assert(
        fc.property(forecast.chain((made) => fc.tuple(fc.constant(made), optionsFor(made))), ([made, options]) => {
          expect(withoutTheText(file, made, options)).toEqual(throughTheFile(file, made, options));
        }),
        { numRuns: 3000 },
      );
    });
  }

  it('reads a built-in strategy\'s forecast as the file would', () => {
    const made: Forecast = { asOf: NOW - 1, source: 'inverse-vol', leverage: 1, weights: new Map([['SPY', 0.6], ['TLT', 0.38], ['GLD', -0]]) };
    const options: ReadForecastOptions = { knownSymbols: ['SPY', 'TLT', 'GLD'], allowShort: false, maxGrossLeverage: 2, now: NOW, maxAgeMs: 3_600_000 };
    const read = withoutTheText('forecast.csv', made, options);
    expect(read).toEqual(throughTheFile('forecast.csv', made, options));
    expect('read' in read && [...read.read.weights]).toEqual([['SPY', 0.6], ['TLT', 0.38], ['GLD', 0]]);
  });
});
