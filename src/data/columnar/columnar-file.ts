import { readSync } from 'node:fs';
import { BAR_COLUMNS, type BarColumn, type ColumnarBars } from './columnar-bars.js';
import { equalColumns } from './equal-columns.js';

/** What the cache remembers of a CSV it was made from. */
export interface SourceStamp {
  readonly size: number;
  readonly mtimeMs: number;
  /** Changes on every write and on every change of the mtime, which a user cannot set back. */
  readonly ctimeMs: number;
  readonly ino: number;
  /** SHA-1 of the CSV's bytes, hex. */
  readonly hash: string;
}

export interface PackEntry {
  /** The CSV's file name within its folder. */
  readonly name: string;
  readonly source: SourceStamp;
  readonly columns: ColumnarBars;
}

export interface EntryHeader {
  readonly name: string;
  readonly source: SourceStamp;
  readonly rows: number;
  /** Which of the pack's time columns is this entry's. */
  readonly time: number;
}

export interface PackIndex {
  readonly entries: readonly EntryHeader[];
  /** Rows of each time column stored, in the order stored. */
  readonly times: readonly number[];
  /** Byte offset of the first column block. */
  readonly start: number;
  readonly totalRows: number;
  readonly timeRows: number;
}

// The version is part of the magic: a cache written by an older layout or parser is a miss.
const MAGIC = Buffer.from('AFPACK03', 'latin1');
const HEADER_AT = MAGIC.length + 4;
const PRICE_COLUMNS = BAR_COLUMNS.filter((c) => c !== 'time');

/**
 * The distinct time columns of the entries, each stored once, and which one is each entry's. A
 * folder's files usually share their dates: five hundred symbols of ten years are one column,
 * not five hundred copies. Only columns equal bit for bit are one (equal-columns.ts).
 */
function distinctTimes(entries: readonly PackEntry[]): { times: Float64Array[]; of: number[] } {
  const times: Float64Array[] = [];
  // Candidates by length and last time, so that a folder of different dates compares few pairs.
  const byShape = new Map<string, number[]>();
  const of = entries.map(({ columns: { time } }) => {
    const shape = `${time.length}:${time[time.length - 1] ?? ''}`;
    const candidates = byShape.get(shape) ?? [];
    const found = candidates.find((k) => equalColumns(times[k]!, time));
    if (found !== undefined) return found;
    candidates.push(times.length);
    byShape.set(shape, candidates);
    times.push(time);
    return times.length - 1;
  });
  return { times, of };
}

/**
 * One file for a whole data folder: 8-byte magic, uint32 length of a JSON header (the rows of
 * each time column stored, and each CSV's name, source stamp, rows and time column), padded so
 * the data starts on an 8-byte boundary, then one block per column: the time columns, each
 * stored once however many CSVs share it, then open, high, low, close and volume, each holding
 * that column of every CSV in turn, all as little-endian Float64. One file, because opening and
 * reading many small files costs far more than one large read; blocks by column, so a reader that
 * needs three columns (the backtrader mode: time, open, close) reads only those.
 */
export function encodePack(entries: readonly PackEntry[]): Uint8Array[] {
  const { times, of } = distinctTimes(entries);
  const header = { times: times.map((t) => t.length), entries: entries.map((e, i): EntryHeader => ({ name: e.name, source: e.source, rows: e.columns.time.length, time: of[i]! })) };
  let json = JSON.stringify(header);
  json += ' '.repeat((8 - ((HEADER_AT + Buffer.byteLength(json)) % 8)) % 8);
  const text = Buffer.from(json, 'utf8');
  const head = Buffer.allocUnsafe(HEADER_AT + text.length);
  MAGIC.copy(head, 0);
  head.writeUInt32LE(text.length, MAGIC.length);
  text.copy(head, HEADER_AT);
  // The columns as views of their own memory, not copied into one buffer: a cold load of a
  // large folder would otherwise hold every bar twice at its peak.
  const bytes = (column: Float64Array): Uint8Array => new Uint8Array(column.buffer, column.byteOffset, column.byteLength);
  const chunks: Uint8Array[] = [head, ...times.map(bytes)];
  for (const name of PRICE_COLUMNS) {
    for (const entry of entries) chunks.push(bytes(entry.columns[name]));
  }
  return chunks;
}

function readExactly(fd: number, target: Uint8Array, position: number): boolean {
  let done = 0;
  while (done < target.length) {
    const n = readSync(fd, target, done, target.length - done, position + done);
    if (n === 0) return false;
    done += n;
  }
  return true;
}

const isCount = (n: unknown): n is number => Number.isInteger(n) && (n as number) >= 0;

/** The header of an open pack file of `size` bytes, or undefined when it is not a whole pack of this version. */
export function readPackIndex(fd: number, size: number): PackIndex | undefined {
  const head = Buffer.alloc(HEADER_AT);
  if (size < HEADER_AT || !readExactly(fd, head, 0) || !head.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
  const length = head.readUInt32LE(MAGIC.length);
  const start = HEADER_AT + length;
  if (start > size) return undefined;
  const json = Buffer.alloc(length);
  if (!readExactly(fd, json, HEADER_AT)) return undefined;
  let header: { times: number[]; entries: EntryHeader[] };
  try {
    header = JSON.parse(json.toString('utf8')) as typeof header;
  } catch {
    return undefined;
  }
  const { times, entries } = header ?? {};
  if (!Array.isArray(times) || !times.every(isCount) || !Array.isArray(entries)) return undefined;
  if (!entries.every((e) => e && typeof e.name === 'string' && isCount(e.rows) && isCount(e.time) && times[e.time] === e.rows && e.source && typeof e.source.hash === 'string')) return undefined;
  const totalRows = entries.reduce((sum, e) => sum + e.rows, 0);
  const timeRows = times.reduce((sum, rows) => sum + rows, 0);
  if (size !== start + (timeRows + totalRows * PRICE_COLUMNS.length) * 8) return undefined;
  return { entries, times, start, totalRows, timeRows };
}

/**
 * One column of every entry, read in one go; `undefined` when the file is cut short. Entries
 * that share their times get the same time column.
 */
export function readPackColumn(fd: number, index: PackIndex, column: BarColumn): Float64Array[] | undefined {
  if (column === 'time') {
    const block = readBlock(fd, index.start, index.timeRows);
    if (!block) return undefined;
    const times = views(block, index.times);
    return index.entries.map((entry) => times[entry.time]!);
  }
  const position = index.start + (index.timeRows + PRICE_COLUMNS.indexOf(column) * index.totalRows) * 8;
  const block = readBlock(fd, position, index.totalRows);
  return block && views(block, index.entries.map((entry) => entry.rows));
}

function readBlock(fd: number, position: number, rows: number): Float64Array | undefined {
  const block = new Float64Array(rows);
  return readExactly(fd, new Uint8Array(block.buffer), position) ? block : undefined;
}

/** The block cut into consecutive columns of these lengths. */
function views(block: Float64Array, lengths: readonly number[]): Float64Array[] {
  let row = 0;
  return lengths.map((rows) => {
    const view = block.subarray(row, row + rows);
    row += rows;
    return view;
  });
}
