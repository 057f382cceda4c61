import { readSync } from 'node:fs';
import { BAR_COLUMNS, type BarColumn, type ColumnarBars } from './columnar-bars.js';

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

interface EntryHeader {
  readonly name: string;
  readonly source: SourceStamp;
  readonly rows: number;
}

export interface PackIndex {
  readonly entries: readonly EntryHeader[];
  /** Byte offset of the first column block. */
  readonly start: number;
  readonly totalRows: number;
}

// The version is part of the magic: a cache written by an older layout or parser is a miss.
const MAGIC = Buffer.from('AFPACK02', 'latin1');
const HEADER_AT = MAGIC.length + 4;

/**
 * One file for a whole data folder: 8-byte magic, uint32 length of a JSON header (each CSV's
 * name, source stamp and rows), padded so the data starts on an 8-byte boundary, then one block
 * per column (time, open, high, low, close, volume), each holding that column of every CSV in
 * turn as little-endian Float64. One file, because opening and reading many small files costs
 * far more than one large read; blocks by column, so a reader that needs three columns (the
 * backtrader mode: time, open, close) reads half the file in three reads.
 */
export function encodePack(entries: readonly PackEntry[]): Uint8Array[] {
  const headers: EntryHeader[] = entries.map((e) => ({ name: e.name, source: e.source, rows: e.columns.time.length }));
  let json = JSON.stringify(headers);
  json += ' '.repeat((8 - ((HEADER_AT + Buffer.byteLength(json)) % 8)) % 8);
  const header = Buffer.from(json, 'utf8');
  const head = Buffer.allocUnsafe(HEADER_AT + header.length);
  MAGIC.copy(head, 0);
  head.writeUInt32LE(header.length, MAGIC.length);
  header.copy(head, HEADER_AT);
  // The columns as views of their own memory, not copied into one buffer: a cold load of a
  // large folder would otherwise hold every bar twice at its peak.
  const chunks: Uint8Array[] = [head];
  for (const name of BAR_COLUMNS) {
    for (const entry of entries) {
      const column = entry.columns[name];
      chunks.push(new Uint8Array(column.buffer, column.byteOffset, column.byteLength));
    }
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

/** The header of an open pack file of `size` bytes, or undefined when it is not a whole pack of this version. */
export function readPackIndex(fd: number, size: number): PackIndex | undefined {
  const head = Buffer.alloc(HEADER_AT);
  if (size < HEADER_AT || !readExactly(fd, head, 0) || !head.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
  const length = head.readUInt32LE(MAGIC.length);
  const start = HEADER_AT + length;
  if (start > size) return undefined;
  const json = Buffer.alloc(length);
  if (!readExactly(fd, json, HEADER_AT)) return undefined;
  let entries: EntryHeader[];
  try {
    entries = JSON.parse(json.toString('utf8')) as EntryHeader[];
  } catch {
    return undefined;
  }
  if (!Array.isArray(entries) || !entries.every((e) => e && typeof e.name === 'string' && Number.isInteger(e.rows) && e.rows >= 0 && e.source && typeof e.source.hash === 'string')) return undefined;
  const totalRows = entries.reduce((sum, e) => sum + e.rows, 0);
  if (size !== start + totalRows * 8 * BAR_COLUMNS.length) return undefined;
  return { entries, start, totalRows };
}

/** One column of every entry, read in one go; `undefined` when the file is cut short. */
export function readPackColumn(fd: number, index: PackIndex, column: BarColumn): Float64Array[] | undefined {
  const block = new Float64Array(index.totalRows);
  const position = index.start + BAR_COLUMNS.indexOf(column) * index.totalRows * 8;
  if (!readExactly(fd, new Uint8Array(block.buffer), position)) return undefined;
  let row = 0;
  return index.entries.map((entry) => {
    const view = block.subarray(row, row + entry.rows);
    row += entry.rows;
    return view;
  });
}
