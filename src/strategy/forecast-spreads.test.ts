import { describe, expect, it } from 'vitest';
import { ForecastError } from './forecast-error.js';
import { forecastText } from './forecast-file.js';
import { parseForecast, type ReadForecastOptions } from './read-forecast.js';
import { thrownBy } from '../../test/thrown-by.js';

const NOW = Date.UTC(2025, 11, 1, 15, 30);
const OPTIONS: ReadForecastOptions = { knownSymbols: ['SPY', 'QQQ'], allowShort: false, maxGrossLeverage: 2, now: NOW, maxAgeMs: 120 * 60_000, optionUnderlyings: ['SPY', 'QQQ'] };
const STRADDLE = { name: 'spy-straddle', kind: 'straddle', underlying: 'SPY', expiry: { minDays: 25 }, strike: 'atm', quantity: 2 };

function document(spreads: unknown): string {
  return JSON.stringify({ asOf: '2025-12-01T15:00:00Z', source: 'my-model', leverage: 1, weights: { SPY: 0.5, QQQ: 0 }, spreads });
}

function errorOf(text: string, options: Partial<ReadForecastOptions> = {}): ForecastError {
  return thrownBy(ForecastError, () => parseForecast(text, 'forecast.json', { ...OPTIONS, ...options }));
}

describe('spreads in a JSON forecast', () => {
  it('reads the straddle of the README as written', () => {
    const forecast = parseForecast(document([STRADDLE]), 'forecast.json', OPTIONS);
    expect(forecast.spreads).toEqual([{ name: 'spy-straddle', kind: 'straddle', underlying: 'SPY', expiry: { minDays: 25 }, strike: 'atm', quantity: 2 }]);
    expect(forecast.weights.get('SPY')).toBe(0.5);
  });

  it('reads a dated strangle and verticals by width or by strikes', () => {
    const spreads = [
      { name: 'qqq-strangle', kind: 'strangle', underlying: 'QQQ', expiry: '2026-01-16', strike: 600, width: 2, quantity: 1 },
      { name: 'spy-bull', kind: 'call-vertical', underlying: 'SPY', expiry: { minDays: 30 }, strike: 'atm', width: 3, quantity: 1 },
      { name: 'spy-bear', kind: 'put-vertical', underlying: 'SPY', expiry: { minDays: 30 }, strikes: [700, 680], quantity: 0 },
    ];
    const forecast = parseForecast(document(spreads), 'forecast.json', OPTIONS);
    expect(forecast.spreads!.map((s) => [s.name, s.expiry, s.strike, s.width, s.strikes])).toEqual([
      ['qqq-strangle', { date: '2026-01-16' }, 600, 2, undefined],
      ['spy-bull', { minDays: 30 }, 'atm', 3, undefined],
      ['spy-bear', { minDays: 30 }, 'atm', undefined, [700, 680]],
    ]);
  });

  it('reads a strangle\'s width as a delta', () => {
    const forecast = parseForecast(document([{ ...STRADDLE, kind: 'strangle', width: { delta: 0.25 } }]), 'forecast.json', OPTIONS);
    expect(forecast.spreads![0]!.width).toEqual({ delta: 0.25 });
  });

  it.each([
    [{ ...STRADDLE, kind: 'butterfly' }, 'spreads.0.kind', /one of straddle, strangle, call-vertical, put-vertical/],
    [{ ...STRADDLE, quantity: 1.5 }, 'spreads.0.quantity', /whole number of spreads/],
    [{ ...STRADDLE, quantity: -1 }, 'spreads.0.quantity', /≥ 0/],
    [{ ...STRADDLE, expiry: '16/01/2026' }, 'spreads.0.expiry', /not a date YYYY-MM-DD/],
    [{ ...STRADDLE, expiry: { days: 25 } }, 'spreads.0.expiry', /minDays/],
    [{ ...STRADDLE, strike: 'itm' }, 'spreads.0.strike', /a price or "atm"/],
    [{ ...STRADDLE, kind: 'strangle' }, 'spreads.0.width', /needs its width/],
    [{ ...STRADDLE, kind: 'call-vertical' }, 'spreads.0.width', /`strikes` or a `width`/],
    [{ ...STRADDLE, width: 2 }, 'spreads.0.width', /leave width out/],
    [{ ...STRADDLE, strikes: [700, 710] }, 'spreads.0.strikes', /only verticals/],
    [{ ...STRADDLE, kind: 'put-vertical', strikes: [700, 700] }, 'spreads.0.strikes', /two different positive prices/],
    [{ ...STRADDLE, legs: 2 }, 'spreads.0.legs', /unknown field/],
    [{ ...STRADDLE, kind: 'strangle', width: { delta: 1.5 } }, 'spreads.0.width.delta', /between 0 and 1/],
    [{ ...STRADDLE, kind: 'strangle', width: { delta: '0.25' } }, 'spreads.0.width.delta', /between 0 and 1/],
    [{ ...STRADDLE, kind: 'strangle', width: { delta: 0.25, steps: 2 } }, 'spreads.0.width.steps', /unknown field/],
    [{ ...STRADDLE, kind: 'strangle', width: 'wide' }, 'spreads.0.width', /strike steps ≥ 1, or a strangle's \{ "delta": 0.25 \}/],
    [{ ...STRADDLE, kind: 'call-vertical', width: { delta: 0.3 } }, 'spreads.0.width', /only a strangle takes its width as a delta/],
    [{ ...STRADDLE, name: 'two words' }, 'spreads.0.name', /letters, digits/],
  ])('names the file and the field of a defect: %j', (spread, field, message) => {
    const error = errorOf(document([spread]));
    expect(error.field).toBe(field);
    expect(error.message).toMatch(/^forecast\.json at spreads\.0\./);
    expect(error.message).toMatch(message);
  });

  it('refuses two spreads of one name, naming the second', () => {
    const error = errorOf(document([STRADDLE, { ...STRADDLE, quantity: 1 }]));
    expect(error.field).toBe('spreads.1.name');
    expect(error.message).toMatch(/names two spreads/);
  });

  it('refuses spreads that are not an array', () => {
    expect(errorOf(document({ 'spy-straddle': STRADDLE })).field).toBe('spreads');
  });

  it('refuses a spread on an instrument options may not be traded on, and any spread without an options section', () => {
    const unknown = errorOf(document([{ ...STRADDLE, underlying: 'IWM' }]));
    expect(unknown.field).toBe('spreads.0.underlying');
    expect(unknown.message).toMatch(/options may be traded on SPY, QQQ/);
    const disabled = errorOf(document([STRADDLE]), { optionUnderlyings: [] });
    expect(disabled.message).toMatch(/no `options:` section/);
  });

  it('writes spreads to a JSON forecast and reads them back, and refuses to write them to CSV', () => {
    const forecast = parseForecast(document([STRADDLE, { name: 'q', kind: 'put-vertical', underlying: 'QQQ', expiry: '2026-01-16', strikes: [600, 590], quantity: 1 }]), 'forecast.json', OPTIONS);
    expect(parseForecast(forecastText('forecast.json', forecast), 'forecast.json', OPTIONS)).toEqual(forecast);
    expect(() => forecastText('forecast.csv', forecast)).toThrow(/JSON forecast only/);
  });
});
