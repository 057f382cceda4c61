import type { Forecast } from '../domain/forecast.js';
import { ForecastError } from './forecast-error.js';
import { excerpt } from './forecast-excerpt.js';
import { jsonErrorOffset } from './json-error-offset.js';
import { findDuplicateKey } from './json-duplicate-key.js';
import type { ParsedForecast } from './parsed-forecast.js';
import { parseIsoTime } from './parse-iso-time.js';
import { parseForecastSpreads } from './forecast-spreads.js';

const KEYS = ['asOf', 'source', 'leverage', 'weights'];
// Optional: a forecast without option spreads leaves it out.
const OPTIONAL_KEYS = ['spreads'];

/** The JSON layout: `{"asOf": "ISO", "source": "...", "leverage": 1.0, "weights": {"SPY": 0.25}}`. */
export function formatForecastJson(forecast: Forecast): string {
  const weights = Object.fromEntries([...forecast.weights].map(([symbol, weight]) => [symbol, weight + 0]));
  const spreads = forecast.spreads && forecast.spreads.length > 0 ? { spreads: forecast.spreads.map((s) => ({ ...s, expiry: 'date' in s.expiry ? s.expiry.date : s.expiry })) } : {};
  return `${JSON.stringify({ asOf: new Date(forecast.asOf).toISOString(), source: forecast.source, leverage: forecast.leverage, weights, ...spreads }, null, 2)}\n`;
}

/** Reads the JSON layout; every defect is a ForecastError naming the field path. */
export function parseForecastJson(text: string, file: string): ParsedForecast {
  let document: unknown;
  try {
    document = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    // V8 quotes the text around the defect; the file may be any file, so the quote is cut out.
    const message = (error as Error).message.replace(/"(?:[^"\\]|\\.)*"(?:\.\.\.)?/g, '…');
    const where = { line: text.slice(0, jsonErrorOffset(text)).split('\n').length };
    throw new ForecastError(`malformed JSON: ${message}`, file, where);
  }
  if (!isObject(document)) throw new ForecastError(`the top level must be an object with ${KEYS.join(', ')}`, file);
  // A document with none of a forecast's keys is some other file: its keys are not quoted.
  const forecastLike = Object.keys(document).some((key) => KEYS.includes(key));
  for (const key of Object.keys(document)) {
    if (KEYS.includes(key) || (forecastLike && OPTIONAL_KEYS.includes(key))) continue;
    if (!forecastLike) throw new ForecastError(`not a forecast: the top level has none of ${KEYS.join(', ')}`, file);
    throw new ForecastError(`unknown field: expected only ${[...KEYS, ...OPTIONAL_KEYS].join(', ')}`, file, { field: key });
  }
  const duplicate = findDuplicateKey(text);
  if (duplicate !== undefined) throw new ForecastError('appears twice', file, { field: duplicate });
  const fail = (field: string, message: string): never => {
    throw new ForecastError(message, file, { field });
  };

  const asOfText = document.asOf;
  if (typeof asOfText !== 'string') fail('asOf', `must be an ISO-8601 time string, got ${describeValue(asOfText)}`);
  const asOf = parseIsoTime(asOfText as string);
  if (asOf === undefined) fail('asOf', `${excerpt(asOfText as string)} is not an ISO-8601 time with a zone, e.g. 2025-11-14T15:30:00Z`);
  const source = document.source;
  if (typeof source !== 'string') fail('source', `must be a string, got ${describeValue(source)}`);
  const leverage = document.leverage;
  if (typeof leverage !== 'number') fail('leverage', `must be a number, got ${describeValue(leverage)}`);
  const weightsObject = document.weights;
  if (!isObject(weightsObject)) return fail('weights', `must be an object of symbol to weight, got ${describeValue(weightsObject)}`);
  const weights = new Map<string, number>();
  for (const [symbol, weight] of Object.entries(weightsObject)) {
    if (typeof weight !== 'number') fail(`weights.${symbol}`, `must be a number, got ${describeValue(weight)}`);
    weights.set(symbol, weight as number);
  }
  if (weights.size === 0) fail('weights', 'is empty: list every symbol, with weight 0 to hold none');
  return {
    asOf: { value: asOf!, where: { field: 'asOf' } },
    source: { value: source as string, where: { field: 'source' } },
    leverage: { value: leverage as number, where: { field: 'leverage' } },
    weights,
    weightWhere: (symbol) => ({ field: `weights.${symbol}` }),
    ...(document.spreads !== undefined ? { spreads: parseForecastSpreads(document.spreads, file) } : {}),
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeValue(value: unknown): string {
  return value === undefined ? 'nothing' : value === null ? 'null' : Array.isArray(value) ? 'an array' : `${typeof value} ${excerpt(typeof value === 'string' ? value : String(JSON.stringify(value)))}`;
}
