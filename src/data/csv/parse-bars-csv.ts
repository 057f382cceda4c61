import type { Bar } from '../../domain/bar.js';
import { barsFromColumns, type ColumnarBars } from '../columnar/columnar-bars.js';
import { isUtf8 } from 'node:buffer';
import { MarketDataError } from '../market-data.js';
import { COMMA, CR, DOT, LF } from './char-codes.js';
import { parseBarDateIn, parseBarTime, parseBarTimeIn } from './parse-bar-time.js';

// A hand-written parser rather than a CSV library: OHLCV files hold only numbers and a
// timestamp, never quotes, embedded commas or line breaks, so splitting on "," is exact.
// It is also several times faster than a general parser and lets every error name its line.

/** Prices above this are taken for a broken file (a missing decimal point, a wrong column). */
export const MAX_PRICE = 1e7;

/**
 * Largest bar file read, in bytes. 128 MiB holds about 2.5 million rows (ten years of
 * one-minute bars), loads in seconds and fits the default heap with its text; a bigger file
 * is refused with this limit named rather than failing deep inside V8 (a string holds at most
 * about 512 MiB) or exhausting memory.
 */
export const MAX_BAR_FILE_BYTES = 128 * 1024 * 1024;

// Relative slack for open/close against high/low: vendors round each column separately.
const RANGE_TOLERANCE = 1e-6;

// Columns we accept and ignore: Yahoo's adjusted close and backtrader's open interest.
const IGNORED_COLUMNS = new Set(['adjclose', 'openinterest']);
const PRICE_COLUMNS = ['open', 'high', 'low', 'close'] as const;

interface Columns {
  readonly count: number;
  /** For each field of a row, by position: where readPlainRow puts it (TIME … VOLUME) or IGNORED. */
  readonly roles: Int8Array;
  readonly time: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
}

/**
 * Parses a bar file in either layout: autofolio's `time,open,high,low,close,volume` or
 * Yahoo/backtrader's `Date,Open,High,Low,Close,Volume[,OpenInterest]` (an `Adj Close`
 * column is ignored). Header names are matched in any letter case. Bars come back frozen,
 * oldest first. Any defect throws a MarketDataError naming `file` and the line.
 */
export function parseBarsCsv(text: string, file: string): Bar[] {
  return barsFromColumns(parseBarColumns(text, file));
}

/**
 * parseBarsCsv straight into columns, the form the cache and the market data keep: no object per
 * row. Give the file's bytes when you have them: rows are read from the bytes, and only a row
 * that is not plain (or the header) is decoded to text.
 */
export function parseBarColumns(source: string | Buffer, file: string): ColumnarBars {
  const bytes = typeof source === 'string' ? Buffer.from(source, 'utf8') : source;
  if (isBlank(bytes, 0, bytes.length)) throw new MarketDataError('empty file', file, 1);
  checkText(bytes, file);
  const headerEnd = lineEnd(bytes, 0);
  const columns = parseHeader(bytes.toString('utf8', 0, headerEnd), file);
  // The rows are read once, where they lie, and gathered until their count is known.
  let gathered = gatheredRows;
  let capacity = gathered.length / ROW_FIELDS;
  let rows = 0;
  let previous = Number.NEGATIVE_INFINITY;
  let lineNo = 1;
  for (let from = headerEnd + 1; from <= bytes.length; ) {
    lineNo += 1;
    if (rows === capacity) {
      gathered = grown(gathered, capacity);
      capacity = gathered.length / ROW_FIELDS;
    }
    let next = readPlainRow(bytes, from, columns.roles, gathered, capacity, rows);
    if (next < 0) {
      const end = lineEnd(bytes, from);
      // Blank lines are allowed only at the end (the final newline, or an editor's extra ones).
      if (isBlank(bytes, from, end) && isBlank(bytes, end, bytes.length)) break;
      const line = bytes.toString('utf8', from, end);
      parseRow(line, 0, line.length, columns, file, lineNo, gathered, capacity, rows);
      next = end + 1;
    }
    const time = gathered[TIME * capacity + rows]!;
    if (time === previous) throw new MarketDataError(`duplicate timestamp ${new Date(time).toISOString()}`, file, lineNo);
    if (time < previous) {
      throw new MarketDataError(`timestamp ${new Date(time).toISOString()} is before the previous row's: rows must be oldest first`, file, lineNo);
    }
    previous = time;
    rows += 1;
    from = next;
  }
  if (rows === 0) throw new MarketDataError('no bars: the file has a header only', file, 1);
  const out = columnsOf(gathered, capacity, rows);
  // A very large file's rows are not kept alive after it.
  gatheredRows = gathered.length <= MAX_KEPT_ROWS * ROW_FIELDS ? gathered : new Float64Array(0);
  return out;
}

// Rows gathered before their count is known: ROW_FIELDS columns of equal length one after the
// other (field f of row r at f × capacity + r), so that each is copied out in one go. One array
// reused file after file.
let gatheredRows: Float64Array = new Float64Array(0);
const MAX_KEPT_ROWS = 1 << 16;

/** The gathered columns, `capacity` rows each, moved into columns of twice as many rows. */
function grown(gathered: Float64Array, capacity: number): Float64Array {
  const size = Math.max(4096, capacity * 2);
  const bigger = new Float64Array(size * ROW_FIELDS);
  for (let field = 0; field < ROW_FIELDS; field += 1) bigger.set(gathered.subarray(field * capacity, (field + 1) * capacity), field * size);
  return bigger;
}

/** The gathered rows as columns, all six in one buffer: one allocation per file. */
function columnsOf(gathered: Float64Array, capacity: number, rows: number): ColumnarBars {
  const buffer = new ArrayBuffer(rows * ROW_FIELDS * Float64Array.BYTES_PER_ELEMENT);
  const column = (field: number): Float64Array => {
    const values = new Float64Array(buffer, field * rows * Float64Array.BYTES_PER_ELEMENT, rows);
    values.set(gathered.subarray(field * capacity, field * capacity + rows));
    return values;
  };
  return { time: column(TIME), open: column(OPEN), high: column(HIGH), low: column(LOW), close: column(CLOSE), volume: column(VOLUME) };
}

/** Offset of the "\n" ending the line that starts at `from`, or the length for the last line. */
function lineEnd(bytes: Buffer, from: number): number {
  const at = bytes.indexOf(LF, from);
  return at < 0 ? bytes.length : at;
}

/** Whether bytes[from, to) is whitespace only, as String.prototype.trim counts it. */
function isBlank(bytes: Buffer, from: number, to: number): boolean {
  for (let at = from; at < to; at += 1) {
    const byte = bytes[at]!;
    // Beyond ASCII, trim also removes a few characters (a no-break space, a byte order mark).
    if (byte >= 0x80) return bytes.toString('utf8', from, to).trim() === '';
    if (byte !== 32 && (byte < 9 || byte > 13)) return false;
  }
  return true;
}

/**
 * Refuses text that was not UTF-8 on disk: the decoder turns each invalid byte into U+FFFD, and
 * UTF-16 (Excel's "Unicode text") has a NUL beside every ASCII letter. Neither is ever part of a
 * bar file, and naming the line beats a puzzling "not a number" further on. The bytes are
 * checked by native scans; only a file that fails one is decoded, to name the line.
 */
function checkText(bytes: Buffer, file: string): void {
  if (isUtf8(bytes) && bytes.indexOf(0) < 0 && bytes.indexOf(REPLACEMENT_CHARACTER) < 0) return;
  const text = bytes.toString('utf8');
  for (const [char, reason] of [
    ['\uFFFD', 'bytes that are not UTF-8 text: save the file as UTF-8'],
    ['\u0000', 'a NUL byte: the file is binary or UTF-16; save it as UTF-8 text'],
  ] as const) {
    const at = text.indexOf(char);
    if (at >= 0) throw new MarketDataError(reason, file, lineAt(text, at));
  }
}

const REPLACEMENT_CHARACTER = Buffer.from('\uFFFD', 'utf8');

/** 1-based line number of the character at `index`. */
function lineAt(text: string, index: number): number {
  let line = 1;
  for (let at = text.indexOf('\n'); at >= 0 && at < index; at = text.indexOf('\n', at + 1)) line += 1;
  return line;
}

function parseHeader(line: string, file: string): Columns {
  const names = stripCr(line)
    .replace(/^\uFEFF/, '')
    .split(',')
    .map((name) => name.trim().toLowerCase().replace(/[\s_]+/g, ''));
  const position = new Map<string, number>();
  names.forEach((name, index) => {
    if (position.has(name)) throw new MarketDataError(`column "${name}" appears twice in the header`, file, 1);
    position.set(name, index);
  });
  const unknown = names.filter((name) => !['time', 'date', 'volume', ...PRICE_COLUMNS].includes(name) && !IGNORED_COLUMNS.has(name));
  if (unknown.length > 0) {
    throw new MarketDataError(`unknown column(s) ${unknown.map((n) => `"${n}"`).join(', ')}: expected time,open,high,low,close,volume or Date,Open,High,Low,Close,Volume`, file, 1);
  }
  if (position.has('time') && position.has('date')) throw new MarketDataError('both "time" and "date" columns: keep one', file, 1);
  const find = (name: string): number => {
    const at = position.get(name);
    if (at === undefined) throw new MarketDataError(`missing column "${name}" in the header "${stripCr(line)}"`, file, 1);
    return at;
  };
  const columns = {
    time: position.get('date') ?? find('time'),
    open: find('open'),
    high: find('high'),
    low: find('low'),
    close: find('close'),
    volume: find('volume'),
  };
  const roles = new Int8Array(names.length).fill(IGNORED);
  roles[columns.time] = TIME;
  roles[columns.open] = OPEN;
  roles[columns.high] = HIGH;
  roles[columns.low] = LOW;
  roles[columns.close] = CLOSE;
  roles[columns.volume] = VOLUME;
  return { count: names.length, roles, ...columns };
}

// Where each field of the row being read starts; the next entry, less one, is where it ends.
// One array for the whole file: a row is read without making a string per field. The offsets are
// into the whole text, as rows are read where they lie in it.
const fieldStarts: number[] = [];

/**
 * Reads the row text[from, to) (its "\r" included, if any) into row `row` of the gathered
 * columns, or throws naming what is wrong with it. Any row readPlainRow does not take comes here.
 */
function parseRow(text: string, from: number, to: number, columns: Columns, file: string, lineNo: number, gathered: Float64Array, capacity: number, row: number): void {
  const stop = to > from && text.charCodeAt(to - 1) === 13 ? to - 1 : to;
  let count = 0;
  fieldStarts[count++] = from;
  for (let comma = text.indexOf(',', from); comma >= 0 && comma < stop; comma = text.indexOf(',', comma + 1)) fieldStarts[count++] = comma + 1;
  fieldStarts[count] = stop + 1;
  if (count < columns.count) {
    if (text.slice(from, stop).trim() === '') throw new MarketDataError('blank line in the middle of the file', file, lineNo);
    throw new MarketDataError(`row cut short: ${count} of ${columns.count} fields (is the file truncated?)`, file, lineNo);
  }
  if (count > columns.count) throw new MarketDataError(`${count} fields, the header has ${columns.count}`, file, lineNo);
  const start = (index: number): number => fieldStarts[index]!;
  const end = (index: number): number => fieldStarts[index + 1]! - 1;

  const time = timeIn(text, start(columns.time), end(columns.time));
  if (time === undefined) {
    throw new MarketDataError(`unparseable time "${trimmed(text.slice(start(columns.time), end(columns.time)))}": use 2025-11-14T14:30:00Z (UTC) or 2025-11-14`, file, lineNo);
  }
  const open = price(text, start(columns.open), end(columns.open), 'open', file, lineNo);
  const high = price(text, start(columns.high), end(columns.high), 'high', file, lineNo);
  const low = price(text, start(columns.low), end(columns.low), 'low', file, lineNo);
  const close = price(text, start(columns.close), end(columns.close), 'close', file, lineNo);
  const volume = number(text, start(columns.volume), end(columns.volume), 'volume', file, lineNo);
  if (volume < 0) throw new MarketDataError(`negative volume ${volume}`, file, lineNo);

  if (high < low) throw new MarketDataError(`high ${high} is below low ${low}`, file, lineNo);
  const slack = high * RANGE_TOLERANCE;
  if (open < low - slack || open > high + slack) throw new MarketDataError(`open ${open} is outside the bar's range [${low}, ${high}]`, file, lineNo);
  if (close < low - slack || close > high + slack) throw new MarketDataError(`close ${close} is outside the bar's range [${low}, ${high}]`, file, lineNo);
  gathered[TIME * capacity + row] = time;
  gathered[OPEN * capacity + row] = open;
  gathered[HIGH * capacity + row] = high;
  gathered[LOW * capacity + row] = low;
  gathered[CLOSE * capacity + row] = close;
  gathered[VOLUME * capacity + row] = volume;
}

// Where a row's fields go in the `row` that readPlainRow and parseRow fill; IGNORED fields go nowhere.
const TIME = 0;
const OPEN = 1;
const HIGH = 2;
const LOW = 3;
const CLOSE = 4;
const VOLUME = 5;
const ROW_FIELDS = 6;
const IGNORED = -1;

/**
 * The row at `from` read in one pass over its bytes into row `row` of the gathered columns, when
 * it is what bar files almost always hold: a `YYYY-MM-DD` date or a time with no spaces, plain
 * decimals of at most 15 digits, and a bar that passes parseRow's checks. Returns where the next row starts, or -1 for
 * any other row, which parseRow then reads (and refuses, naming the defect). Values equal
 * parseRow's bit for bit: the same arithmetic as plainDecimal, the same checks, and dates read by
 * parseBarDateIn, which equals parseBarTimeIn.
 */
function readPlainRow(bytes: Buffer, from: number, roles: Int8Array, gathered: Float64Array, capacity: number, row: number): number {
  const last = roles.length - 1;
  let offset = from;
  let code = 0;
  for (let field = 0; field <= last; field += 1) {
    const role = roles[field]!;
    if (role === TIME || role === IGNORED) {
      const start = offset;
      code = byteAt(bytes, offset);
      while (code > 32 && code < 127 && code !== COMMA) code = byteAt(bytes, ++offset);
      if (role === TIME) {
        // Only printable ASCII was read, so the bytes decode to the same characters one for one.
        const time = offset - start === 10 ? parseBarDateIn(bytes, start) : parseBarTime(bytes.toString('latin1', start, offset));
        if (time === undefined) return -1;
        gathered[TIME * capacity + row] = time;
      }
    } else {
      // Digits beyond 15 may not make an exact integer: plainDecimal's rule, counted more simply.
      const start = offset;
      let mantissa = 0;
      let decimals = 0;
      let point = -1;
      code = byteAt(bytes, offset);
      while (code >= 48 && code <= 57) {
        mantissa = mantissa * 10 + (code - 48);
        code = byteAt(bytes, ++offset);
      }
      if (code === DOT) {
        point = offset;
        code = byteAt(bytes, ++offset);
        while (code >= 48 && code <= 57) {
          mantissa = mantissa * 10 + (code - 48);
          code = byteAt(bytes, ++offset);
        }
        decimals = offset - point - 1;
      }
      const digits = offset - start - (point < 0 ? 0 : 1);
      if (digits === 0 || digits > 15) return -1;
      gathered[role * capacity + row] = decimals === 0 ? mantissa : mantissa / POWERS_OF_TEN[decimals]!;
    }
    if (field < last) {
      if (code !== COMMA) return -1;
      offset += 1;
    }
  }
  const next = code === LF ? offset + 1 : code === CR && byteAt(bytes, offset + 1) === LF ? offset + 2 : -1;
  if (next < 0 || !isPlausibleBar(gathered[OPEN * capacity + row]!, gathered[HIGH * capacity + row]!, gathered[LOW * capacity + row]!, gathered[CLOSE * capacity + row]!)) return -1;
  return next;
}

/** The byte at `offset`, and past the end a line feed, as if every file ended with one. */
function byteAt(bytes: Buffer, offset: number): number {
  return offset < bytes.length ? bytes[offset]! : LF;
}

/** The checks parseRow makes of a bar's prices, which it makes again to name the one that fails. */
function isPlausibleBar(open: number, high: number, low: number, close: number): boolean {
  const slack = high * RANGE_TOLERANCE;
  return (
    open > 0 && open <= MAX_PRICE && high > 0 && high <= MAX_PRICE && low > 0 && low <= MAX_PRICE && close > 0 && close <= MAX_PRICE &&
    !(high < low) && !(open < low - slack || open > high + slack) && !(close < low - slack || close > high + slack)
  );
}

/** The time in text[start, end), read in place unless spaces surround it (trimmed as the field would be). */
function timeIn(text: string, start: number, end: number): number | undefined {
  const first = text.charCodeAt(start);
  const last = text.charCodeAt(end - 1);
  if (end > start && first > 32 && first < 127 && last > 32 && last < 127) return parseBarTimeIn(text, start, end);
  return parseBarTime(trimmed(text.slice(start, end)));
}

/** The field without surrounding spaces; most fields have none, and are returned as they are. */
function trimmed(field: string): string {
  const first = field.charCodeAt(0);
  const last = field.charCodeAt(field.length - 1);
  return first > 32 && first < 127 && last > 32 && last < 127 ? field : field.trim();
}

// 10^0 … 10^22: each exact in a double.
const POWERS_OF_TEN = Array.from({ length: 23 }, (_, k) => 10 ** k);

/**
 * The plain decimal in line[start, end) ("123.45", "7", ".5") read without Number(), or NaN when
 * the text is anything else (a sign, an exponent, spaces, more than 15 digits), which number()
 * then reads the slow way. With at most 15 digits the digits form an exact integer and
 * 10^decimals is exact, so one division gives the double nearest to the decimal: the same value
 * as Number(), without a string per field. Files hold millions of such fields.
 */
function plainDecimal(line: string, start: number, end: number): number {
  let digits = 0;
  let mantissa = 0;
  let decimals = -1;
  for (let i = start; i < end; i += 1) {
    const code = line.charCodeAt(i);
    if (code === 46) {
      if (decimals >= 0) return Number.NaN;
      decimals = 0;
      continue;
    }
    const digit = code - 48;
    if (digit < 0 || digit > 9) return Number.NaN;
    if (mantissa !== 0 || digit !== 0) digits += 1;
    if (digits > 15) return Number.NaN;
    mantissa = mantissa * 10 + digit;
    if (decimals >= 0) decimals += 1;
  }
  if (end === start || (end - start === 1 && decimals === 0)) return Number.NaN;
  if (decimals <= 0) return mantissa;
  return decimals < POWERS_OF_TEN.length ? mantissa / POWERS_OF_TEN[decimals]! : Number.NaN;
}

function number(line: string, start: number, end: number, name: string, file: string, lineNo: number): number {
  const fast = plainDecimal(line, start, end);
  if (fast === fast) return fast; // not NaN: a plain decimal, read exactly as Number() would
  const text = trimmed(line.slice(start, end));
  if (text === '') throw new MarketDataError(`empty ${name}`, file, lineNo);
  const value = Number(text);
  // Number() also reads "Infinity" and hexadecimal, binary and octal literals ("0x1F"), which no
  // price or volume is written as; checking two characters is cheaper than a regular expression.
  if (Number.isNaN(value) || isRadixLiteral(text)) throw new MarketDataError(`${name} "${text}" is not a number`, file, lineNo);
  if (!Number.isFinite(value)) throw new MarketDataError(`${name} "${text}" is not a finite number`, file, lineNo);
  return value;
}

function price(line: string, start: number, end: number, name: string, file: string, lineNo: number): number {
  const value = number(line, start, end, name, file, lineNo);
  if (value <= 0) throw new MarketDataError(`${name} ${value} must be positive`, file, lineNo);
  if (value > MAX_PRICE) throw new MarketDataError(`${name} ${value} is absurd (above ${MAX_PRICE})`, file, lineNo);
  return value;
}

function isRadixLiteral(text: string): boolean {
  const letter = text.charCodeAt(1) | 32;
  return text[0] === '0' && (letter === 120 || letter === 98 || letter === 111);
}

function stripCr(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}
