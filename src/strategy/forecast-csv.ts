import type { Forecast } from '../domain/forecast.js';
import { csvField, splitCsvLine } from './csv-fields.js';
import { ForecastError } from './forecast-error.js';
import { excerpt } from './forecast-excerpt.js';
import type { ParsedForecast } from './parsed-forecast.js';
import { parseIsoTime } from './parse-iso-time.js';

export const FORECAST_CSV_COLUMNS = ['symbol', 'weight', 'leverage', 'as_of', 'source'] as const;
type Column = (typeof FORECAST_CSV_COLUMNS)[number];

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * The CSV layout: one row per symbol, with leverage, as-of and source repeated on every row
 * so that the file is one flat table (pandas: `df.to_csv(path, index=False)`).
 */
export function formatForecastCsv(forecast: Forecast): string {
  const asOf = new Date(forecast.asOf).toISOString();
  const tail = `${String(forecast.leverage)},${asOf},${csvField(forecast.source)}`;
  const rows = [...forecast.weights].map(([symbol, weight]) => `${csvField(symbol)},${String(weight + 0)},${tail}`);
  return `${FORECAST_CSV_COLUMNS.join(',')}\n${rows.join('\n')}\n`;
}

/** Reads the CSV layout; every defect is a ForecastError naming the line. */
export function parseForecastCsv(text: string, file: string): ParsedForecast {
  const lines = text.replace(/^\uFEFF/, '').split('\n').map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
  const at = header(lines[0]!, file);

  const weights: { symbol: string; weight: number; where: { line: number } }[] = [];
  const seen = new Map<string, number>();
  let first: { line: number; leverage: number; asOf: number; source: string } | undefined;
  let firstAsOfText: string | undefined;
  for (let index = 1; index < lines.length; index += 1) {
    if (lines[index]!.trim() === '') continue;
    const line = index + 1;
    const fail = (message: string): never => {
      throw new ForecastError(message, file, { line });
    };
    const fields = splitCsvLine(lines[index]!);
    if (!Array.isArray(fields)) return fail(fields.error);
    if (fields.length !== FORECAST_CSV_COLUMNS.length) fail(`${fields.length} fields, the header has ${FORECAST_CSV_COLUMNS.length}`);
    const field = (column: Column): string => fields[at.get(column)!]!;

    const symbol = field('symbol');
    if (symbol === '') fail('empty symbol');
    const before = seen.get(symbol);
    if (before !== undefined) fail(`duplicate symbol ${excerpt(symbol)}, also on line ${before}`);
    seen.set(symbol, line);
    const weight = decimal(field('weight'), 'weight', fail);
    const leverage = decimal(field('leverage'), 'leverage', fail);
    // as_of repeats on every row: the same text as the first row's is the same time.
    const asOfText = field('as_of');
    const asOf = first !== undefined && asOfText === firstAsOfText ? first.asOf : parseIsoTime(asOfText);
    if (asOf === undefined) fail(`as_of ${excerpt(asOfText)} is not an ISO-8601 time with a zone, e.g. 2025-11-14T15:30:00Z`);
    const source = field('source');

    if (first === undefined) {
      first = { line, leverage, asOf: asOf!, source };
      firstAsOfText = asOfText;
    } else {
      if (leverage !== first.leverage) fail(`leverage ${leverage} differs from ${first.leverage} on line ${first.line}: it must be the same on every row`);
      if (asOf !== first.asOf) fail(`as_of ${asOfText} differs from line ${first.line}: it must be the same on every row`);
      if (source !== first.source) fail(`source ${excerpt(source)} differs from ${excerpt(first.source)} on line ${first.line}: it must be the same on every row`);
    }
    weights.push({ symbol, weight, where: { line } });
  }
  if (first === undefined) throw new ForecastError('no rows: list every symbol, with weight 0 to hold none', file, { line: 2 });
  const where = { line: first.line };
  return { asOf: { value: first.asOf, where }, source: { value: first.source, where }, leverage: { value: first.leverage, where }, weights };
}

function header(line: string, file: string): Map<Column, number> {
  const expected = FORECAST_CSV_COLUMNS.join(',');
  const fail = (message: string): never => {
    throw new ForecastError(`bad header: ${message}; expected ${expected}`, file, { line: 1 });
  };
  const fields = splitCsvLine(line);
  if (!Array.isArray(fields)) return fail('broken quoting');
  const names = fields.map((name) => name.toLowerCase());
  if (names[0] === '' || names[0] === 'unnamed: 0') fail('the first column has no name (a pandas index? write with index=False)');
  // A first line with none of the columns is some other file's: its content is not quoted.
  const forecastLike = names.some((name) => (FORECAST_CSV_COLUMNS as readonly string[]).includes(name));
  const at = new Map<Column, number>();
  names.forEach((name, index) => {
    if (!(FORECAST_CSV_COLUMNS as readonly string[]).includes(name)) fail(forecastLike ? `unknown column ${excerpt(name)}` : 'not a forecast: the first line names none of its columns');
    if (at.has(name as Column)) fail(`column ${name} appears twice`);
    at.set(name as Column, index);
  });
  const missing = FORECAST_CSV_COLUMNS.filter((column) => !at.has(column));
  if (missing.length > 0) fail(`missing ${missing.join(', ')}`);
  return at;
}

function decimal(text: string, name: string, fail: (message: string) => never): number {
  // Number() would also take "", "0x10" and "Infinity"; a weight is written only as a decimal.
  if (!NUMBER.test(text)) fail(`${name} ${excerpt(text)} is not a number`);
  const value = Number(text);
  if (!Number.isFinite(value)) fail(`${name} ${excerpt(text)} is not a finite number`);
  return value;
}
