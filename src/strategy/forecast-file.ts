import type { Forecast } from '../domain/forecast.js';
import { writeFileAtomic } from '../io/atomic-file.js';
import { formatForecastCsv } from './forecast-csv.js';
import { ForecastError } from './forecast-error.js';
import { forecastFormat, type ForecastFormat } from './forecast-format.js';
import { formatForecastJson, spreadsDocument } from './forecast-json.js';
import { parseIsoTime } from './parse-iso-time.js';

/**
 * Writes a forecast (step 3 of the README's "One cycle") as CSV or JSON by the file's extension, atomically
 * and readable by its owner only. A forecast the reader would refuse for its form (no
 * weights, a weight or leverage that is not a finite number, a source with a line break) is
 * refused here, before anything is written.
 */
export async function writeForecast(path: string, forecast: Forecast): Promise<void> {
  writeFileAtomic(path, forecastText(path, forecast));
}

/** The text of a forecast in the layout of `path` (CSV or JSON), refused as writeForecast refuses it. */
export function forecastText(path: string, forecast: Forecast): string {
  return checkWritable(forecast, path) === 'csv' ? formatForecastCsv(forecast) : formatForecastJson(forecast);
}

// What the reader refuses as text that was not UTF-8 is refused before it is written: U+FFFD
// (what bytes that are not UTF-8 read as) anywhere, and in CSV, which escapes nothing, a NUL or
// a lone surrogate (which UTF-8 writes as U+FFFD). JSON escapes both.
// eslint-disable-next-line no-control-regex -- a NUL is what the reader refuses
const NOT_UTF8: Readonly<Record<ForecastFormat, RegExp>> = { csv: /[\uFFFD\u0000]|[\uD800-\uDFFF]/u, json: /\uFFFD/ };

/**
 * Refuses a forecast whose file the reader would refuse for its form, naming what is wrong;
 * returns the layout of `path`. Every value it lets through reads back from the file exactly
 * as it was written (see writtenForecast).
 */
export function checkWritable(forecast: Forecast, path: string): ForecastFormat {
  const format = forecastFormat(path);
  const fail = (message: string): never => {
    throw new ForecastError(`cannot write this forecast: ${message}`, path);
  };
  if (forecast.weights.size === 0) fail('no weights');
  if ((forecast.spreads?.length ?? 0) > 0 && format === 'csv') fail('option spreads travel in a JSON forecast only: name the forecast file .json');
  const notUtf8 = NOT_UTF8[format];
  for (const [symbol, weight] of forecast.weights) {
    if (symbol.trim() === '' || /[\r\n]/.test(symbol)) fail(`symbol ${JSON.stringify(symbol)} is empty or has a line break`);
    if (notUtf8.test(symbol)) fail(`symbol ${JSON.stringify(symbol)} has a character the file cannot hold as UTF-8 text`);
    if (!Number.isFinite(weight)) fail(`weight of ${symbol} is ${weight}`);
  }
  if (!(forecast.leverage > 0) || !Number.isFinite(forecast.leverage)) fail(`leverage ${forecast.leverage} is not a positive number`);
  if (!Number.isFinite(forecast.asOf) || Number.isNaN(new Date(forecast.asOf).getTime())) fail(`asOf ${forecast.asOf} is not a time`);
  // The file holds four-digit years, and the reader takes none before 100 (Date.UTC reads 0–99 as 1900–1999).
  if (parseIsoTime(new Date(forecast.asOf).toISOString()) === undefined) fail(`asOf ${forecast.asOf} is outside the years 100 to 9999 that the file can hold`);
  if (forecast.source.trim() === '' || /[\r\n]/.test(forecast.source)) fail(`source ${JSON.stringify(forecast.source)} is empty or has a line break`);
  if (notUtf8.test(forecast.source)) fail(`source ${JSON.stringify(forecast.source)} has a character the file cannot hold as UTF-8 text`);
  if (forecast.spreads && forecast.spreads.length > 0 && notUtf8.test(JSON.stringify(spreadsDocument(forecast.spreads)))) fail('a spread has a character the file cannot hold as UTF-8 text');
  return format;
}
