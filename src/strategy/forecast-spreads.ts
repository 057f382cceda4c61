import { SPREAD_KINDS, type ExpiryRule, type SpreadKind, type SpreadTarget, type SpreadWidth, type StrikeRule } from '../domain/spread.js';
import { ForecastError } from './forecast-error.js';
import { excerpt } from './forecast-excerpt.js';

const SPREAD_KEYS = ['name', 'kind', 'underlying', 'expiry', 'strike', 'width', 'strikes', 'quantity'];
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Reads the `spreads` array of a JSON forecast. Every defect is a ForecastError naming the
 * field path (`spreads.0.kind`), so whoever maintains the model can fix it.
 */
export function parseForecastSpreads(value: unknown, file: string): SpreadTarget[] {
  const fail = (field: string, message: string): never => {
    throw new ForecastError(message, file, { field });
  };
  if (!Array.isArray(value)) return fail('spreads', 'must be an array of spread targets');
  const names = new Set<string>();
  return value.map((item: unknown, index) => {
    const at = (key: string): string => `spreads.${index}.${key}`;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) return fail(`spreads.${index}`, 'must be an object with name, kind, underlying, expiry, strike and quantity');
    const spread = item as Record<string, unknown>;
    for (const key of Object.keys(spread)) if (!SPREAD_KEYS.includes(key)) fail(at(key), `unknown field: expected only ${SPREAD_KEYS.join(', ')}`);
    const { name, kind, underlying, quantity } = spread;
    if (typeof name !== 'string' || !NAME.test(name)) return fail(at('name'), 'must be 1 to 40 letters, digits, ".", "-" or "_", starting with a letter or digit');
    if (names.has(name)) fail(at('name'), `${excerpt(name)} names two spreads: names must be unique`);
    names.add(name);
    if (typeof kind !== 'string' || !(SPREAD_KINDS as readonly string[]).includes(kind)) return fail(at('kind'), `must be one of ${SPREAD_KINDS.join(', ')}`);
    if (typeof underlying !== 'string' || underlying === '') return fail(at('underlying'), 'must be the symbol of a configured stock or ETF');
    if (typeof quantity !== 'number' || !Number.isInteger(quantity) || quantity < 0) return fail(at('quantity'), 'must be a whole number of spreads ≥ 0 (0 closes the spread)');
    const expiry = parseExpiry(spread.expiry, at('expiry'), fail);
    const strike = parseStrike(spread.strike, at('strike'), fail, spread.strikes !== undefined);
    const width = spread.width === undefined ? undefined : parseWidth(spread.width, kind, at('width'), fail);
    const strikes = spread.strikes;
    if (strikes !== undefined) {
      if (kind !== 'call-vertical' && kind !== 'put-vertical') fail(at('strikes'), 'only verticals take two strikes; give a straddle or strangle one `strike`');
      if (!Array.isArray(strikes) || strikes.length !== 2 || !strikes.every((s) => typeof s === 'number' && s > 0 && Number.isFinite(s)) || strikes[0] === strikes[1]) {
        fail(at('strikes'), 'must be two different positive prices: [bought strike, sold strike]');
      }
    }
    if (kind === 'strangle' && width === undefined) fail(at('width'), 'a strangle needs its width: how many strike steps the put and the call lie from the centre');
    if ((kind === 'call-vertical' || kind === 'put-vertical') && strikes === undefined && width === undefined) fail(at('width'), 'a vertical needs `strikes` or a `width` in strike steps');
    if (kind === 'straddle' && width !== undefined) fail(at('width'), 'a straddle has one strike: leave width out');
    return {
      name,
      kind: kind as SpreadKind,
      underlying,
      expiry,
      strike,
      quantity,
      ...(width !== undefined ? { width } : {}),
      ...(Array.isArray(strikes) ? { strikes: [strikes[0] as number, strikes[1] as number] as [number, number] } : {}),
    };
  });
}

function parseExpiry(value: unknown, field: string, fail: (field: string, message: string) => never): ExpiryRule {
  if (typeof value === 'string') {
    if (!DATE.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) fail(field, `${excerpt(value)} is not a date YYYY-MM-DD`);
    return { date: value };
  }
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const keys = Object.keys(value);
    const minDays = (value as Record<string, unknown>).minDays;
    if (keys.length === 1 && typeof minDays === 'number' && Number.isInteger(minDays) && minDays >= 0 && minDays <= 1000) return { minDays };
  }
  return fail(field, 'must be a date "YYYY-MM-DD" or { "minDays": N } (the nearest expiry at least N days away)');
}

function parseStrike(value: unknown, field: string, fail: (field: string, message: string) => never, hasStrikes: boolean): StrikeRule {
  if (value === undefined && hasStrikes) return 'atm';
  if (value === 'atm') return 'atm';
  if (typeof value === 'number' && value > 0 && Number.isFinite(value)) return value;
  return fail(field, 'must be a price or "atm" (the listed strike nearest the underlying\'s price)');
}

/** A width in strike steps, or a strangle's `{ "delta": d }` (0 < d < 1: the legs whose |delta| is nearest d). */
function parseWidth(value: unknown, kind: string, field: string, fail: (field: string, message: string) => never): SpreadWidth {
  if (typeof value === 'number') {
    if (!Number.isInteger(value) || value < 1) fail(field, 'must be a whole number of strike steps ≥ 1, or a strangle\'s { "delta": 0.25 }');
    return value;
  }
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) if (key !== 'delta') fail(`${field}.${key}`, 'unknown field: a width by delta is { "delta": 0.25 }');
    if (kind !== 'strangle') fail(field, 'only a strangle takes its width as a delta; give a vertical a whole number of strike steps or `strikes`');
    const delta = record.delta;
    if (typeof delta !== 'number' || !(delta > 0 && delta < 1)) fail(`${field}.delta`, 'must be a number between 0 and 1 (exclusive): the |delta| of the call and the put to pick, e.g. 0.25');
    return { delta: delta as number };
  }
  return fail(field, 'must be a whole number of strike steps ≥ 1, or a strangle\'s { "delta": 0.25 }');
}
