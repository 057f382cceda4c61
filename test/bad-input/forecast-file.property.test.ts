import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Forecast } from '../../src/domain/forecast.js';
import { formatForecastCsv } from '../../src/strategy/forecast-csv.js';
import { ForecastError } from '../../src/strategy/forecast-error.js';
import { writeForecast } from '../../src/strategy/forecast-file.js';
import { formatForecastJson } from '../../src/strategy/forecast-json.js';
import { readForecast, type ReadForecastOptions } from '../../src/strategy/read-forecast.js';
import { applyMutation, mutation } from './mutations.js';

const NOW = Date.UTC(2025, 10, 14, 20, 30);
const UNIVERSE = ['SPY', 'QQQ', 'TLT', 'GLD', 'XIU', 'BRK.B', '7203.T'];

/** A forecast the reader accepts: every known symbol listed, long only, fresh, within the cap. */
const validForecast = fc
  .record({
    symbols: fc.subarray(UNIVERSE, { minLength: 1 }),
    asOf: fc.integer({ min: NOW - 3_600_000, max: NOW }),
    source: fc.string({ minLength: 1, maxLength: 20, unit: fc.oneof(fc.constantFrom(',', '"', ' ', 'é', '→'), fc.string({ minLength: 1, maxLength: 1, unit: 'grapheme-ascii' })) }).filter((s) => s.trim() !== '' && !/[\r\n]/.test(s)),
    leverage: fc.double({ min: 0.1, max: 2, noNaN: true }),
    weights: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: UNIVERSE.length, maxLength: UNIVERSE.length }),
  })
  .map(({ symbols, asOf, source, leverage, weights }): Forecast => ({ asOf, source, leverage, weights: new Map(symbols.map((symbol, i) => [symbol, weights[i]! + 0])) }));

function options(forecast: Forecast): ReadForecastOptions {
  return { knownSymbols: [...forecast.weights.keys()], allowShort: false, maxGrossLeverage: 100, now: NOW, maxAgeMs: 2 * 3_600_000 };
}

describe('forecast files, property tests', () => {
  const dir = mkdtempSync(join(tmpdir(), 'autofolio-forecast-property-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('any valid forecast written and read back gives the same data, CSV and JSON', async () => {
    await fc.assert(
      fc.asyncProperty(validForecast, fc.constantFrom('csv', 'json'), async (forecast, format) => {
        const path = join(dir, `round-trip.${format}`);
        await writeForecast(path, forecast);
        expect(await readForecast(path, options(forecast))).toEqual(forecast);
      }),
      { numRuns: 150 },
    );
  });

  it('any mutation gives the same weights, leverage and as-of time, or a ForecastError naming the file and a line or field: never another error', async () => {
    await fc.assert(
      fc.asyncProperty(validForecast, fc.constantFrom('csv', 'json'), mutation, async (forecast, format, damage) => {
        const path = join(dir, `mutated.${format}`);
        // The writer's own format, written without fsync: this test is about reading.
        const text = format === 'csv' ? formatForecastCsv(forecast) : formatForecastJson(forecast);
        writeFileSync(path, applyMutation(Buffer.from(text, 'utf8'), damage));
        let read: Forecast;
        try {
          read = await readForecast(path, options(forecast));
        } catch (error) {
          if (!(error instanceof ForecastError)) throw error;
          expect(error.message.startsWith(`${path}`)).toBe(true);
          // Only a file with nothing in it, or JSON that is not an object, has no line or field to name.
          if (!/: (empty file|the top level must be an object)/.test(error.message)) expect(error.line ?? error.field, error.message).toBeDefined();
          return;
        }
        // What moves money (weights, leverage, as-of time) is exactly as written. The source is
        // free text: a mutation inside it (say a comma dropped from ",,") can leave valid JSON
        // with another source, which is that file's honest content, not a misread.
        expect({ ...read, source: forecast.source }).toEqual(forecast);
      }),
      { numRuns: 1000 },
    );
  });
});
