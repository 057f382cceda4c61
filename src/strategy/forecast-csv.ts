import type { Forecast } from '../domain/forecast.js';
import { csvField, splitCsvLine } from './csv-fields.js';
import { isDecimalText } from './decimal-text.js';
import { ForecastError } from './forecast-error.js';
import { excerpt } from './forecast-excerpt.js';
import type { ParsedForecast } from './parsed-forecast.js';
import { parseIsoTime } from './parse-iso-time.js';

export const FORECAST_CSV_COLUMNS = ['symbol', 'weight', 'leverage', 'as_of', 'source'] as const;
type Column = (typeof FORECAST_CSV_COLUMNS)[number];

/**
 * The CSV layout: one row per symbol, with leverage, as-of and source repeated on every row
 * so that the file is one flat table (pandas: `df.to_csv(path, index=False)`).
 */
export function formatForecastCsv(forecast: Forecast): string {
  const asOf = new Date(forecast.asOf).toISOString();
  const tail = `,${String(forecast.leverage)},${asOf},${csvField(forecast.source)}\n`;
  // The lines joined once, rather than added to a string line by line: that string is a tree of
  // hundreds of pieces that its first reader copies flat again. One piece a line, not one a
  // field: the array of pieces grows a quarter as much. forEach, not for…of: no pair made per symbol.
  const pieces = [`${FORECAST_CSV_COLUMNS.join(',')}\n`];
  forecast.weights.forEach((weight, symbol) => {
    pieces.push(`${csvField(symbol)},${String(weight + 0)}${tail}`);
  });
  return pieces.join('');
}

/**
 * What parseForecastCsv reads back from formatForecastCsv(forecast), values and lines alike,
 * without the text: a weight of -0 comes back 0 and the time whole milliseconds, as printed;
 * the rest is exact (a number is printed in the fewest digits that read back as itself). The
 * forecast must be one the writer accepts (forecast-file.ts checks it first).
 */
export function csvForecastAsRead(forecast: Forecast): ParsedForecast {
  // The header is line 1, the k-th symbol's row line k + 2; the first row holds the values every row repeats.
  const firstRow = { line: 2 };
  const weights = new Map<string, number>();
  forecast.weights.forEach((weight, symbol) => {
    weights.set(symbol, weight + 0);
  });
  return {
    asOf: { value: new Date(forecast.asOf).getTime(), where: firstRow },
    source: { value: forecast.source, where: firstRow },
    leverage: { value: forecast.leverage, where: firstRow },
    weights,
    // Asked only to name a line in an error: the search runs then, not at every read.
    weightWhere: (symbol) => ({ line: 2 + (weights.has(symbol) ? [...weights.keys()].indexOf(symbol) : weights.size) }),
  };
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

/** What the rows read so far left: the weights, the line of each, and the first row's values. */
interface Rows {
  readonly file: string;
  readonly weights: Map<string, number>;
  /** lines[k] is the line of the k-th symbol of weights. */
  readonly lines: number[];
  readonly symbolAt: number;
  readonly weightAt: number;
  readonly leverageAt: number;
  readonly asOfAt: number;
  readonly sourceAt: number;
  first: FirstRow | undefined;
  /** The first row's text after its weight, when the file is in the writer's layout. */
  firstTail: string | undefined;
}

/** Reads the CSV layout; every defect is a ForecastError naming the line. */
export function parseForecastCsv(text: string, file: string): ParsedForecast {
  // Lines are found by their place in the text rather than split into an array of all of
  // them, and a row in the writer's layout is read in place: a backtest reads a forecast of
  // hundreds of rows at every run.
  let lineStart = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let lineEnd = lineEndFrom(text, lineStart);
  const at = header(text.slice(lineStart, contentEnd(text, lineStart, lineEnd)), file);
  lineStart = lineEnd + 1;
  const rows: Rows = {
    file,
    weights: new Map<string, number>(),
    lines: [],
    symbolAt: at.get('symbol')!,
    weightAt: at.get('weight')!,
    leverageAt: at.get('leverage')!,
    asOfAt: at.get('as_of')!,
    sourceAt: at.get('source')!,
    first: undefined,
    firstTail: undefined,
  };
  const { weights, lines } = rows;
  // The first quote at or after the current line: only a row without one is read in place.
  let quote = text.indexOf('"', lineStart);
  // This loop reads the rows of the writer's layout (a symbol and a weight, then the same text
  // as the first row's after them) and hands any other row to readRow, which runs a few
  // times a file: the loop stays small for the compiler, the rules of the other rows apart.
  let firstTail: string | undefined;
  for (let line = 2; lineStart <= text.length; line++) {
    const rowStart = lineStart;
    lineEnd = lineEndFrom(text, rowStart);
    lineStart = lineEnd + 1;
    const rowEnd = contentEnd(text, rowStart, lineEnd);
    if (quote >= 0 && quote < rowStart) quote = text.indexOf('"', rowStart);
    const quoted = quote >= 0 && quote < rowEnd;
    if (firstTail !== undefined && !quoted) {
      const afterSymbol = text.indexOf(',', rowStart);
      const afterWeight = afterSymbol < 0 || afterSymbol >= rowEnd ? -1 : text.indexOf(',', afterSymbol + 1);
      // A slice compared, not startsWith at a position: V8 answers that one far slower.
      if (afterWeight >= 0 && rowEnd - (afterWeight + 1) === firstTail.length && text.slice(afterWeight + 1, rowEnd) === firstTail) {
        const symbol = trimmedSlice(text, rowStart, afterSymbol);
        if (symbol === '') failOn(file, line, 'empty symbol');
        // checkNew, then decimal, with one look-up of the symbol rather than two: a symbol seen
        // before leaves the count of weights as it was (and its place among them, where lineOf
        // finds it). The weight is checked after, as decimal would: a row with both defects is
        // named for the duplicate, and a file with either is refused whole.
        const weightText = trimmedSlice(text, afterSymbol + 1, afterWeight);
        const weight = Number(weightText);
        const count = weights.size;
        weights.set(symbol, weight);
        if (weights.size === count) failOn(file, line, duplicateMessage(rows, symbol));
        checkDecimal(weightText, weight, 'weight', file, line);
        lines.push(line);
        continue;
      }
    }
    readRow(rows, text.slice(rowStart, rowEnd), line, quoted);
    firstTail = rows.firstTail;
  }
  const first = rows.first;
  if (first === undefined) throw new ForecastError('no rows: list every symbol, with weight 0 to hold none', file, { line: 2 });
  const where = { line: first.line };
  // A symbol left out is named after the last row, where its row would have been.
  const afterLastRow = { line: lines[lines.length - 1]! + 1 };
  return {
    asOf: { value: first.asOf, where },
    source: { value: first.source, where },
    leverage: { value: first.leverage, where },
    weights,
    weightWhere: (symbol) => (weights.has(symbol) ? { line: lineOf(rows, symbol) } : afterLastRow),
  };
}

/** A row read field by field: the first, and any not in the writer's layout. */
function readRow(rows: Rows, row: string, line: number, quoted: boolean): void {
  const { file, first } = rows;
  if (row.trim() === '') return;
  const fields = splitCsvLine(row);
  if (!Array.isArray(fields)) return failOn(file, line, fields.error);
  if (fields.length !== FORECAST_CSV_COLUMNS.length) failOn(file, line, `${fields.length} fields, the header has ${FORECAST_CSV_COLUMNS.length}`);

  const symbol = fields[rows.symbolAt]!;
  checkNew(rows, symbol, line);
  const weight = decimal(fields[rows.weightAt]!, 'weight', file, line);
  // Leverage, as_of and source repeat on every row: the first row's text is the first row's value.
  const leverageText = fields[rows.leverageAt]!;
  const leverage = first !== undefined && leverageText === first.leverageText ? first.leverage : decimal(leverageText, 'leverage', file, line);
  const asOfText = fields[rows.asOfAt]!;
  const asOf = first !== undefined && asOfText === first.asOfText ? first.asOf : parseIsoTime(asOfText);
  if (asOf === undefined) failOn(file, line, `as_of ${excerpt(asOfText)} is not an ISO-8601 time with a zone, e.g. 2025-11-14T15:30:00Z`);
  const source = fields[rows.sourceAt]!;

  if (first === undefined) {
    rows.first = { line, leverage, asOf: asOf!, source, leverageText, asOfText };
    // In the layout this module writes, a row is its symbol and weight, then the same text as
    // the first row's after them: such a row is read without splitting the rest.
    if (rows.symbolAt === 0 && rows.weightAt === 1 && !quoted) {
      const afterWeight = row.indexOf(',', row.indexOf(',') + 1);
      rows.firstTail = row.slice(afterWeight + 1);
    }
  } else {
    if (leverage !== first.leverage) failOn(file, line, `leverage ${leverage} differs from ${first.leverage} on line ${first.line}: it must be the same on every row`);
    if (asOf !== first.asOf) failOn(file, line, `as_of ${asOfText} differs from line ${first.line}: it must be the same on every row`);
    if (source !== first.source) failOn(file, line, `source ${excerpt(source)} differs from ${excerpt(first.source)} on line ${first.line}: it must be the same on every row`);
  }
  rows.weights.set(symbol, weight);
  rows.lines.push(line);
}

function checkNew(rows: Rows, symbol: string, line: number): void {
  if (symbol === '') failOn(rows.file, line, 'empty symbol');
  if (rows.weights.has(symbol)) failOn(rows.file, line, duplicateMessage(rows, symbol));
}

function duplicateMessage(rows: Rows, symbol: string): string {
  return `duplicate symbol ${excerpt(symbol)}, also on line ${lineOf(rows, symbol)}`;
}

function lineOf(rows: Rows, symbol: string): number {
  return rows.lines[[...rows.weights.keys()].indexOf(symbol)]!;
}

/**
 * text.slice(start, end).trim(), without the call to trim() when the slice begins and ends with
 * printable ASCII other than a space (which trim() leaves): a forecast row has two such fields.
 */
function trimmedSlice(text: string, start: number, end: number): string {
  const slice = text.slice(start, end);
  if (end > start && isPrintable(text.charCodeAt(start)) && isPrintable(text.charCodeAt(end - 1))) return slice;
  return slice.trim();
}

function isPrintable(code: number): boolean {
  return code > 0x20 && code < 0x7f;
}

/** Where the line from `start` ends: its \n, or the end of the text. */
function lineEndFrom(text: string, start: number): number {
  const end = text.indexOf('\n', start);
  return end < 0 ? text.length : end;
}

/** The end of the line's content: before its \r when it ends in \r\n. */
function contentEnd(text: string, start: number, end: number): number {
  return end > start && text.charCodeAt(end - 1) === 0x0d ? end - 1 : end;
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
  const value = Number(text);
  checkDecimal(text, value, name, file, line);
  return value;
}

/** Refuses `text`, read by Number() as `value`, unless it is a finite decimal. */
function checkDecimal(text: string, value: number, name: string, file: string, line: number): void {
  // Number() would also take "", "0x10" and "Infinity"; a weight is written only as a decimal.
  if (!isDecimalText(text, value)) failOn(file, line, `${name} ${excerpt(text)} is not a number`);
  if (!Number.isFinite(value)) failOn(file, line, `${name} ${excerpt(text)} is not a finite number`);
}
