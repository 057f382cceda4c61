import fc from 'fast-check';
import { mkdir, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Forecast } from '../domain/forecast.js';
import { ForecastError } from './forecast-error.js';
import { writeForecast } from './forecast-file.js';
import { readForecast, type ReadForecastOptions } from './read-forecast.js';

const NOW = Date.UTC(2025, 10, 14, 15, 30);
const SYMBOLS = ['SPY', 'TLT', 'XIU', 'GLD', '7203.T', 'BRK.B'];
const OPTIONS: ReadForecastOptions = { knownSymbols: SYMBOLS, allowShort: true, maxGrossLeverage: 1e6, now: NOW, maxAgeMs: 3_600_000 };

const forecast: Forecast = { asOf: NOW - 60_000, source: 'inverse-vol+vol-target', leverage: 1.25, weights: new Map([['SPY', 0.3], ['TLT', 0.7], ['XIU', 0]]) };
// The reader wants a weight for every tradable symbol: the config's symbols are the ones written.
const READ_OPTIONS: ReadForecastOptions = { ...OPTIONS, knownSymbols: [...forecast.weights.keys()] };

describe('writeForecast', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'autofolio-forecast-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes the CSV layout, one row per symbol', async () => {
    const path = join(dir, 'forecast.csv');
    await writeForecast(path, forecast);
    expect(await readFile(path, 'utf8')).toBe(
      'symbol,weight,leverage,as_of,source\n' +
        'SPY,0.3,1.25,2025-11-14T15:29:00.000Z,inverse-vol+vol-target\n' +
        'TLT,0.7,1.25,2025-11-14T15:29:00.000Z,inverse-vol+vol-target\n' +
        'XIU,0,1.25,2025-11-14T15:29:00.000Z,inverse-vol+vol-target\n',
    );
  });

  it('writes the JSON layout', async () => {
    const path = join(dir, 'forecast.json');
    await writeForecast(path, forecast);
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({ asOf: '2025-11-14T15:29:00.000Z', source: 'inverse-vol+vol-target', leverage: 1.25, weights: { SPY: 0.3, TLT: 0.7, XIU: 0 } });
  });

  it.each(['forecast.csv', 'forecast.JSON'])('reads back what it wrote (%s)', async (name) => {
    const path = join(dir, name);
    await writeForecast(path, forecast);
    expect(await readForecast(path, READ_OPTIONS)).toEqual(forecast);
  });

  it('replaces the file atomically: owner-only, and no temporary file left behind', async () => {
    const sub = await mkdtemp(join(dir, 'atomic-'));
    const path = join(sub, 'forecast.csv');
    await writeForecast(path, forecast);
    await writeForecast(path, { ...forecast, leverage: 2 });
    expect(await readdir(sub)).toEqual(['forecast.csv']);
    expect((await readForecast(path, READ_OPTIONS)).leverage).toBe(2);
    if (process.platform !== 'win32') expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it('leaves no temporary file when the rename fails', async () => {
    const sub = await mkdtemp(join(dir, 'failing-'));
    // A folder in the way of the target makes the final rename fail after the data is written.
    await mkdir(join(sub, 'forecast.csv'));
    await expect(writeForecast(join(sub, 'forecast.csv'), forecast)).rejects.toThrow();
    expect(await readdir(sub)).toEqual(['forecast.csv']);
  });

  it.each([
    ['no weights', { ...forecast, weights: new Map() }, 'no weights'],
    ['a NaN weight', { ...forecast, weights: new Map([['SPY', Number.NaN]]) }, 'weight of SPY is NaN'],
    ['a zero leverage', { ...forecast, leverage: 0 }, 'leverage 0'],
    ['a source with a line break', { ...forecast, source: 'a\nb' }, 'line break'],
  ])('refuses to write %s', async (_name, bad, message) => {
    const sub = await mkdtemp(join(dir, 'refused-'));
    const error = await writeForecast(join(sub, 'forecast.csv'), bad).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ForecastError);
    expect((error as Error).message).toContain(message);
    expect(await readdir(sub)).toEqual([]);
  });

  it('refuses a file that is neither .csv nor .json', async () => {
    await expect(writeForecast(join(dir, 'forecast.yaml'), forecast)).rejects.toThrow(/name it \.csv or \.json/);
  });

  it('reads back any valid forecast unchanged, in both layouts', async () => {
    const sub = await mkdtemp(join(dir, 'property-'));
    const validForecast = fc.record({
      asOf: fc.integer({ min: NOW - OPTIONS.maxAgeMs, max: NOW + 60_000 }),
      // Any text without a line break that is not blank, including commas, quotes and edge spaces.
      source: fc
        .string({ minLength: 1, maxLength: 30, unit: fc.oneof(fc.constantFrom(',', '"', ' ', '\\', '\t', '{'), fc.string({ minLength: 1, maxLength: 1, unit: 'grapheme' })) })
        .filter((s) => s.trim() !== '' && !/[\r\n]/.test(s)),
      leverage: fc.double({ min: 1e-6, max: 100, noNaN: true }),
      weights: fc
        .uniqueArray(fc.tuple(fc.constantFrom(...SYMBOLS), fc.double({ min: -10, max: 10, noNaN: true, noDefaultInfinity: true })), { minLength: 1, selector: ([symbol]) => symbol })
        .map((entries) => new Map(entries.map(([symbol, weight]) => [symbol, weight + 0]))),
    });
    await fc.assert(
      fc.asyncProperty(validForecast, fc.constantFrom('csv', 'json'), async (written, extension) => {
        const path = join(sub, `forecast.${extension}`);
        await writeForecast(path, written);
        const read = await readForecast(path, { ...OPTIONS, knownSymbols: written.weights.keys() });
        expect(read).toEqual(written);
        expect([...read.weights.keys()].sort()).toEqual([...written.weights.keys()].sort());
      }),
      { numRuns: 200 },
    );
  });
});
