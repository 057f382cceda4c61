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
  const tail = `,${String(forecast.leverage)},${asOf},${csvField(forecast.source)}\n`;
  let text = `${FORECAST_CSV_COLUMNS.join(',')}\n`;
  for (const [symbol, weight] of forecast.weights) text += `${csvField(symbol)},${String(weight + 0)}${tail}`;
  return text;
}

/** The values every row repeats, as the first row wrote and read them. */
interface FirstRow {
  readonly line: number;
  readonly leverage: number;
  readonly asOf: number;
  readonly source: string;
  readonly leverageText: string;
  readonly asOfText: string;
}

/** Reads the CSV layout; every defect is a ForecastError naming the line. */
export function parseForecastCsv(text: string, file: string): ParsedForecast {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  // Lines are cut one by one rather than split into an array of all of them: a backtest reads
  // a forecast of hundreds of rows at every run.
  let lineStart = 0;
  const nextLine = (): string | undefined => {
    if (lineStart > body.length) return undefined;
    let lineEnd = body.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = body.length;
    const raw = body.slice(lineStart, lineEnd);
    lineStart = lineEnd + 1;
    return raw.endsWith('\r') ? raw.slice(0, -1) : raw;
  };
  const at = header(nextLine()!, file);
  const symbolAt = at.get('symbol')!;
  const weightAt = at.get('weight')!;
  const leverageAt = at.get('leverage')!;
  const asOfAt = at.get('as_of')!;
  const sourceAt = at.get('source')!;

  // In the layout this module writes, a row is its symbol and weight, then the same text as
  // the first row's after them: such a row is read without splitting the rest.
  const writersLayout = symbolAt === 0 && weightAt === 1;
  let firstTail: string | undefined;

  const weights: { symbol: string; weight: number; where: { line: number } }[] = [];
  const seen = new Map<string, number>();
  let first: FirstRow | undefined;
  let line = 1;
  for (let row = nextLine(); row !== undefined; row = nextLine()) {
    line += 1;
    if (firstTail !== undefined && !row.includes('"')) {
      const afterSymbol = row.indexOf(',');
      const afterWeight = afterSymbol < 0 ? -1 : row.indexOf(',', afterSymbol + 1);
      if (afterWeight >= 0 && row.endsWith(firstTail) && row.length - firstTail.length === afterWeight + 1) {
        const symbol = row.slice(0, afterSymbol).trim();
        if (symbol === '') failOn(file, line, 'empty symbol');
        const before = seen.get(symbol);
        if (before !== undefined) failOn(file, line, `duplicate symbol ${excerpt(symbol)}, also on line ${before}`);
        seen.set(symbol, line);
        weights.push({ symbol, weight: decimal(row.slice(afterSymbol + 1, afterWeight).trim(), 'weight', file, line), where: { line } });
        continue;
      }
    }
    if (row.trim() === '') continue;
    const fields = splitCsvLine(row);
    if (!Array.isArray(fields)) return failOn(file, line, fields.error);
    if (fields.length !== FORECAST_CSV_COLUMNS.length) failOn(file, line, `${fields.length} fields, the header has ${FORECAST_CSV_COLUMNS.length}`);

    const symbol = fields[symbolAt]!;
    if (symbol === '') failOn(file, line, 'empty symbol');
    const before = seen.get(symbol);
    if (before !== undefined) failOn(file, line, `duplicate symbol ${excerpt(symbol)}, also on line ${before}`);
    seen.set(symbol, line);
    const weight = decimal(fields[weightAt]!, 'weight', file, line);
    // Leverage, as_of and source repeat on every row: the first row's text is the first row's value.
    const leverageText = fields[leverageAt]!;
    const leverage = first !== undefined && leverageText === first.leverageText ? first.leverage : decimal(leverageText, 'leverage', file, line);
    const asOfText = fields[asOfAt]!;
    const asOf = first !== undefined && asOfText === first.asOfText ? first.asOf : parseIsoTime(asOfText);
    if (asOf === undefined) failOn(file, line, `as_of ${excerpt(asOfText)} is not an ISO-8601 time with a zone, e.g. 2025-11-14T15:30:00Z`);
    const source = fields[sourceAt]!;

    if (first === undefined) {
      first = { line, leverage, asOf: asOf!, source, leverageText, asOfText };
      if (writersLayout && !row.includes('"')) {
        const afterWeight = row.indexOf(',', row.indexOf(',') + 1);
        firstTail = row.slice(afterWeight + 1);
      }
    } else {
      if (leverage !== first.leverage) failOn(file, line, `leverage ${leverage} differs from ${first.leverage} on line ${first.line}: it must be the same on every row`);
      if (asOf !== first.asOf) failOn(file, line, `as_of ${asOfText} differs from line ${first.line}: it must be the same on every row`);
      if (source !== first.source) failOn(file, line, `source ${excerpt(source)} differs from ${excerpt(first.source)} on line ${first.line}: it must be the same on every row`);
    }
    weights.push({ symbol, weight, where: { line } });
  }
  if (first === undefined) throw new ForecastError('no rows: list every symbol, with weight 0 to hold none', file, { line: 2 });
  const where = { line: first.line };
  return { asOf: { value: first.asOf, where }, source: { value: first.source, where }, leverage: { value: first.leverage, where }, weights };
}

function failOn(file: string, line: number, message: string): never {
  throw new ForecastError(message, file, { line });
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

function decimal(text: string, name: string, file: string, line: number): number {
  // Number() would also take "", "0x10" and "Infinity"; a weight is written only as a decimal.
  if (!NUMBER.test(text)) failOn(file, line, `${name} ${excerpt(text)} is not a number`);
  const value = Number(text);
  if (!Number.isFinite(value)) failOn(file, line, `${name} ${excerpt(text)} is not a finite number`);
  return value;
}
