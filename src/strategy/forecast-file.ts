import type { Forecast } from '../domain/forecast.js';
import { writeFileAtomic } from '../io/atomic-file.js';
import { isPlainText } from './csv-fields.js';
import { csvForecastAsRead, formatForecastCsv } from './forecast-csv.js';
import { ForecastError } from './forecast-error.js';
import { forecastFormat } from './forecast-format.js';
import { formatForecastJson, parseForecastJson } from './forecast-json.js';
import type { ParsedForecast } from './parsed-forecast.js';

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
  checkWritable(forecast, path);
  return forecastFormat(path) === 'csv' ? formatForecastCsv(forecast) : formatForecastJson(forecast);
}

/**
 * The forecast as the reader of `path` reads back what writeForecast writes there, refused as
 * writeForecast refuses it: for checkForecast (read-forecast.ts), which a backtest's forecast
 * goes through without a file. In the CSV layout the values are kept without the text, which
 * they survive exactly (a backtest writes and reads hundreds of rows at every run); in JSON the
 * text is made and parsed, since its reader reorders symbols that read as numbers and gives
 * option spreads its own form.
 */
export function forecastAsRead(path: string, forecast: Forecast): ParsedForecast {
  checkWritable(forecast, path);
  return forecastFormat(path) === 'csv' ? csvForecastAsRead(forecast) : parseForecastJson(formatForecastJson(forecast), path);
}

/**
 * Whether the reader would refuse `text` as a value: a line break ends a CSV row, and a NUL or
 * a U+FFFD is what a binary or non-UTF-8 file shows (read-forecast.ts refuses the whole file for one).
 */
function unreadable(text: string): boolean {
  return /[\r\n]/.test(text) || text.includes('\u0000') || text.includes('\uFFFD');
}

function checkWritable(forecast: Forecast, path: string): void {
  const fail = (message: string): never => {
    throw new ForecastError(`cannot write this forecast: ${message}`, path);
  };
  if (forecast.weights.size === 0) fail('no weights');
  if ((forecast.spreads?.length ?? 0) > 0 && forecastFormat(path) === 'csv') fail('option spreads travel in a JSON forecast only: name the forecast file .json');
  // forEach, not for…of: no pair made per symbol.
  forecast.weights.forEach((weight, symbol) => {
    // The usual symbol (printable ASCII) is neither empty nor broken: the rule is asked of the others.
    if (!isPlainText(symbol) && (symbol.trim() === '' || unreadable(symbol))) fail(`symbol ${JSON.stringify(symbol)} is empty or has a line break, a NUL or a U+FFFD`);
    if (!Number.isFinite(weight)) fail(`weight of ${symbol} is ${weight}`);
  });
  if (!(forecast.leverage > 0) || !Number.isFinite(forecast.leverage)) fail(`leverage ${forecast.leverage} is not a positive number`);
  if (!Number.isFinite(forecast.asOf) || Number.isNaN(new Date(forecast.asOf).getTime())) fail(`asOf ${forecast.asOf} is not a time`);
  if (forecast.source.trim() === '' || unreadable(forecast.source)) fail(`source ${JSON.stringify(forecast.source)} is empty or has a line break, a NUL or a U+FFFD`);
}
