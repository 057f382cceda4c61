import { BAR_COLUMNS, type ColumnarBars } from './columnar-bars.js';

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
  /** Byte offset of the entry's first column from the start of the data. */
  readonly offset: number;
}

// The version is part of the magic: a cache written by an older layout or parser is a miss.
const MAGIC = Buffer.from('AFPACK01', 'latin1');
const HEADER_AT = MAGIC.length + 4;

/**
 * One file for a whole data folder: 8-byte magic, uint32 length of a JSON header (the entries:
 * name, source stamp, rows, offset), the header padded so the data starts on an 8-byte boundary,
 * then each entry's six Float64 columns (little-endian) one after another. One file rather than
 * one per CSV because opening and reading many small files costs far more than one large read;
 * the reader maps the columns without copying them.
 */
export function encodePack(entries: readonly PackEntry[]): Buffer {
  let offset = 0;
  const headers: EntryHeader[] = entries.map((entry) => {
    const rows = entry.columns.time.length;
    const header = { name: entry.name, source: entry.source, rows, offset };
    offset += rows * 8 * BAR_COLUMNS.length;
    return header;
  });
  let json = JSON.stringify(headers);
  json += ' '.repeat((8 - ((HEADER_AT + Buffer.byteLength(json)) % 8)) % 8);
  const header = Buffer.from(json, 'utf8');
  const start = HEADER_AT + header.length;
  const out = Buffer.allocUnsafe(start + offset);
  MAGIC.copy(out, 0);
  out.writeUInt32LE(header.length, MAGIC.length);
  header.copy(out, HEADER_AT);
  entries.forEach((entry, i) => {
    let at = start + headers[i]!.offset;
    for (const name of BAR_COLUMNS) {
      const column = entry.columns[name];
      Buffer.from(column.buffer, column.byteOffset, column.byteLength).copy(out, at);
      at += column.byteLength;
    }
  });
  return out;
}

/** The entries of a pack, or undefined when the bytes are not a whole pack of this version. */
export function decodePack(file: Buffer): PackEntry[] | undefined {
  if (file.length < HEADER_AT || !file.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
  const start = HEADER_AT + file.readUInt32LE(MAGIC.length);
  if (start > file.length) return undefined;
  let headers: EntryHeader[];
  try {
    headers = JSON.parse(file.toString('utf8', HEADER_AT, start)) as EntryHeader[];
  } catch {
    return undefined;
  }
  if (!Array.isArray(headers)) return undefined;
  const total = headers.reduce((sum, h) => sum + (Number.isInteger(h?.rows) && h.rows >= 0 ? h.rows : Number.NaN) * 8 * BAR_COLUMNS.length, 0);
  if (file.length !== start + total) return undefined;
  // Float64Array views need an 8-byte aligned offset; a pooled small Buffer may not have one.
  const bytes: Uint8Array = (file.byteOffset + start) % 8 === 0 ? file : new Uint8Array(file);
  return headers.map(({ name, source, rows, offset }) => {
    const view = (index: number): Float64Array => new Float64Array(bytes.buffer, bytes.byteOffset + start + offset + index * rows * 8, rows);
    const [time, open, high, low, close, volume] = BAR_COLUMNS.map((_, index) => view(index)) as [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array];
    return { name, source, columns: { time, open, high, low, close, volume } };
  });
}
