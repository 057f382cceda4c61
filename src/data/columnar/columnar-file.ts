import { BAR_COLUMNS, type ColumnarBars } from './columnar-bars.js';

/** What the cache file remembers of the CSV it was made from; any difference means re-parse. */
export interface SourceStamp {
  readonly size: number;
  readonly mtimeMs: number;
  /** SHA-1 of the CSV's bytes, hex. */
  readonly hash: string;
}

// The version is part of the magic: a cache written by an older parser is simply a miss.
const MAGIC = Buffer.from('AFBARS02', 'latin1');
const HEADER_AT = MAGIC.length + 4;

/**
 * Layout: 8-byte magic, uint32 length of a JSON header, the header padded with spaces so the
 * columns start on an 8-byte boundary, then the six Float64 columns (little-endian) one after
 * another. A reader maps the columns without copying them.
 */
export function encodeColumnar(columns: ColumnarBars, source: SourceStamp): Buffer {
  const rows = columns.time.length;
  let json = JSON.stringify({ rows, source });
  const pad = (8 - ((HEADER_AT + Buffer.byteLength(json)) % 8)) % 8;
  json += ' '.repeat(pad);
  const header = Buffer.from(json, 'utf8');
  const out = Buffer.alloc(HEADER_AT + header.length + rows * 8 * BAR_COLUMNS.length);
  MAGIC.copy(out, 0);
  out.writeUInt32LE(header.length, MAGIC.length);
  header.copy(out, HEADER_AT);
  let at = HEADER_AT + header.length;
  for (const name of BAR_COLUMNS) {
    const column = columns[name];
    Buffer.from(column.buffer, column.byteOffset, column.byteLength).copy(out, at);
    at += column.byteLength;
  }
  return out;
}

/** The stamp and columns of a cache file, or undefined when it is not one or is cut short. */
export function decodeColumnar(file: Buffer): { source: SourceStamp; columns: ColumnarBars } | undefined {
  if (file.length < HEADER_AT || !file.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
  const headerLength = file.readUInt32LE(MAGIC.length);
  const start = HEADER_AT + headerLength;
  if (start > file.length) return undefined;
  let header: { rows?: unknown; source?: Partial<SourceStamp> };
  try {
    header = JSON.parse(file.toString('utf8', HEADER_AT, start)) as typeof header;
  } catch {
    return undefined;
  }
  const rows = header.rows;
  const source = header.source;
  if (typeof rows !== 'number' || !Number.isInteger(rows) || rows < 0 || !source || typeof source.hash !== 'string' || typeof source.size !== 'number' || typeof source.mtimeMs !== 'number') return undefined;
  if (file.length !== start + rows * 8 * BAR_COLUMNS.length) return undefined;
  // Float64Array views need an 8-byte aligned offset; a pooled small Buffer may not have one.
  const bytes: Uint8Array = (file.byteOffset + start) % 8 === 0 ? file : new Uint8Array(file);
  const view = (index: number): Float64Array => new Float64Array(bytes.buffer, bytes.byteOffset + start + index * rows * 8, rows);
  const [time, open, high, low, close, volume] = BAR_COLUMNS.map((_, index) => view(index)) as [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array];
  return { source: { size: source.size, mtimeMs: source.mtimeMs, hash: source.hash }, columns: { time, open, high, low, close, volume } };
}
