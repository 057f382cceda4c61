import type { Forecast } from '../domain/forecast.js';
import { parseForecastCsv } from './forecast-csv.js';
import { ForecastError } from './forecast-error.js';
import { forecastFormat } from './forecast-format.js';
import { excerpt } from './forecast-excerpt.js';
import { parseForecastJson } from './forecast-json.js';
import type { ParsedForecast } from './parsed-forecast.js';
import { readForecastText } from './open-forecast-file.js';

// An as-of this far ahead of the clock is tolerated: the model's machine clock may be a little fast.
const FUTURE_TOLERANCE_MS = 60_000;
// Slack on the leverage cap for the binary rounding of Σ|w| × leverage.
const CAP_TOLERANCE = 1e-9;

export interface ReadForecastOptions {
  /** The tradable symbols of the config; any other symbol is refused. */
  readonly knownSymbols: Iterable<string>;
  /** risk.allowShort: negative weights are refused when false. */
  readonly allowShort: boolean;
  /** risk.maxGrossLeverage: Σ|weight| × leverage may not exceed it. */
  readonly maxGrossLeverage: number;
  /** Symbols options may be traded on (configured stocks and ETFs, with an `options:` section); a spread on any other is refused. */
  readonly optionUnderlyings?: Iterable<string>;
  /** The run's clock, epoch ms UTC. */
  readonly now: number;
  /** A forecast made longer ago than this is stale. */
  readonly maxAgeMs: number;
}

/**
 * Reads and checks the forecast file (step 5 of the README's "One cycle"), CSV or JSON by extension. Throws a
 * ForecastError naming the file and the line or field for a file that is missing, empty,
 * malformed, stale, from the future, or breaks the config (unknown symbol, short weight
 * without allowShort, gross leverage over the cap), or that is not a regular file or is a
 * symbolic link out of `folder` (the state folder; see readForecastText).
 */
export async function readForecast(path: string, options: ReadForecastOptions, folder?: string): Promise<Forecast> {
  const format = forecastFormat(path);
  return parseForecast(await readForecastText(path, folder), path, options, format);
}

/** The checks of readForecast on a file's text; `file` names it in errors and picks the layout. */
export function parseForecast(text: string, file: string, options: ReadForecastOptions, format = forecastFormat(file)): Forecast {
  if (text.trim() === '') throw new ForecastError('empty file', file);
  checkText(text, file);
  const forecast = checkForecast(format === 'csv' ? parseForecastCsv(text, file) : parseForecastJson(text, file), file, options);
  // Without its line end the last row may be a cut one whose last field still reads as a value
  // ("0.25" cut to "0.2" when weight is the last column); every CSV writer (pandas, R, the csv
  // modules) ends the file with one. Checked last, so that a defect in a row is named first.
  if (format === 'csv' && !text.endsWith('\n')) {
    throw new ForecastError('the last line has no line end: the file may be cut short (write a temporary file and rename it); end every row with a line break', file, { line: text.split('\n').length });
  }
  return forecast;
}

/**
 * The checks of a forecast against the account, the config and the clock (the source, the
 * leverage, its age, every symbol known and listed, shorting, the leverage cap, the spreads'
 * underlyings), once its layout has been read: the forecast read, or a ForecastError naming
 * `file` and where the value is in it.
 */
export function checkForecast(parsed: ParsedForecast, file: string, options: ReadForecastOptions): Forecast {
  const { asOf, source, leverage } = parsed;

  if (source.value.trim() === '') throw new ForecastError('empty source: name the model that wrote the file', file, source.where);
  if (!(leverage.value > 0) || !Number.isFinite(leverage.value)) {
    throw new ForecastError(`leverage ${leverage.value} must be a positive number (to hold nothing, write weights of 0)`, file, leverage.where);
  }
  const age = options.now - asOf.value;
  if (age > options.maxAgeMs) {
    throw new ForecastError(`stale: made at ${new Date(asOf.value).toISOString()}, ${minutes(age)} min ago, limit ${minutes(options.maxAgeMs)} min`, file, asOf.where);
  }
  if (-age > FUTURE_TOLERANCE_MS) {
    throw new ForecastError(`as-of ${new Date(asOf.value).toISOString()} is ${minutes(-age)} min in the future: check the clock of the model's machine`, file, asOf.where);
  }

  const known = options.knownSymbols instanceof Set ? (options.knownSymbols as ReadonlySet<string>) : new Set(options.knownSymbols);
  let gross = 0;
  // forEach, not for…of: no pair made per symbol.
  parsed.weights.forEach((weight, symbol) => {
    if (!known.has(symbol)) throw new ForecastError(`unknown symbol ${excerpt(symbol)} (known: ${[...known].join(', ')})`, file, parsed.weightWhere(symbol));
    if (!Number.isFinite(weight)) throw new ForecastError(`weight of ${symbol} is not a finite number`, file, parsed.weightWhere(symbol));
    if (weight < 0 && !options.allowShort) throw new ForecastError(`short weight ${weight} for ${symbol}, but risk.allowShort is false`, file, parsed.weightWhere(symbol));
    gross += Math.abs(weight);
  });
  if (gross * leverage.value > options.maxGrossLeverage * (1 + CAP_TOLERANCE)) {
    throw new ForecastError(`gross exposure Σ|weight| × leverage = ${gross} × ${leverage.value} = ${gross * leverage.value} exceeds risk.maxGrossLeverage ${options.maxGrossLeverage}`, file, leverage.where);
  }
  // A symbol left out would be read as weight 0 and sold: a file cut at a line end, or a model
  // that lost an instrument, must not empty a position. Holding nothing is written as 0.
  // Every symbol listed is known and listed once (both formats refuse a repeated symbol), so
  // one is missing exactly when fewer are listed than known.
  if (parsed.weights.size < known.size) {
    const missing = [...known].filter((symbol) => !parsed.weights.has(symbol));
    throw new ForecastError(`no weight for ${missing.join(', ')}: list every symbol, with weight 0 to hold none (is the file cut short?)`, file, parsed.weightWhere(missing[0]!));
  }
  const underlyings = new Set(options.optionUnderlyings ?? []);
  parsed.spreads?.forEach((spread, index) => {
    if (underlyings.has(spread.underlying)) return;
    const why = underlyings.size === 0 ? 'the config has no `options:` section, so no spread may be traded' : `options may be traded on ${[...underlyings].join(', ')}`;
    throw new ForecastError(`spread ${spread.name} is on ${excerpt(spread.underlying)}: ${why}`, file, { field: `spreads.${index}.underlying` });
  });
  return {
    asOf: asOf.value,
    source: source.value,
    leverage: leverage.value,
    weights: parsed.weights,
    ...(parsed.spreads && parsed.spreads.length > 0 ? { spreads: parsed.spreads } : {}),
  };
}

/** Refuses text that was not UTF-8 on disk (invalid bytes decode to U+FFFD; UTF-16 has NULs), naming the line. */
function checkText(text: string, file: string): void {
  for (const [char, reason] of [
    ['\uFFFD', 'bytes that are not UTF-8 text: save the file as UTF-8'],
    ['\u0000', 'a NUL byte: the file is binary or UTF-16; save it as UTF-8 text'],
  ] as const) {
    const at = text.indexOf(char);
    if (at >= 0) throw new ForecastError(reason, file, { line: text.slice(0, at).split('\n').length });
  }
}

function minutes(ms: number): string {
  return (ms / 60_000).toFixed(1);
}
