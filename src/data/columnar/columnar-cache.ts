import { createHash } from 'node:crypto';
import { closeSync, fstatSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { parseBarColumns } from '../csv/parse-bars-csv.js';
import { unreadableBarFile } from '../csv/unreadable-bar-file.js';
import { MarketDataError } from '../market-data.js';
import { BAR_COLUMNS, type BarColumn, type ColumnarBars } from './columnar-bars.js';
import { encodePack, readPackColumn, readPackIndex, type EntryHeader, type PackEntry, type PackIndex, type SourceStamp } from './columnar-file.js';

export const DEFAULT_CACHE_FOLDER = '.autofolio-cache';

export interface ColumnarCacheOptions {
  /** Where the cache goes; default a `.autofolio-cache` folder inside the data folder. */
  readonly cacheDir?: string;
}

export interface CachedFolder {
  /** File name → columns, in the order asked for. */
  readonly columns: ReadonlyMap<string, ColumnarBars>;
  /** How many came from the cache; the rest were parsed. */
  readonly cacheHits: number;
}

/** The cache file of a data folder: named by a hash of the folder's full path, so one cache folder can serve many. */
export function cacheFileFor(dataDir: string, options: ColumnarCacheOptions = {}): string {
  const full = resolve(dataDir);
  const folder = options.cacheDir ? resolve(options.cacheDir) : join(full, DEFAULT_CACHE_FOLDER);
  return join(folder, `${basename(full)}.${createHash('sha1').update(full).digest('hex').slice(0, 10)}.pack`);
}

const sha1 = (bytes: Buffer): string => createHash('sha1').update(bytes).digest('hex');

function statOf(file: string): { size: number; mtimeMs: number; ctimeMs: number; ino: number } {
  try {
    const { size, mtimeMs, ctimeMs, ino } = statSync(file);
    return { size, mtimeMs, ctimeMs, ino };
  } catch (error) {
    throw unreadableBarFile(file, error);
  }
}

/**
 * The CSV files `names` of `dataDir` as columns. Each CSV is parsed (and fully validated) once;
 * later loads take its columns from the folder's cache file while the CSV is unchanged. A CSV
 * whose size, modification and change times and inode are as recorded is unchanged without
 * being read (any write, or setting the mtime back, moves the change time); otherwise it is read
 * and its SHA-1 decides: the same bytes keep the cached columns, other bytes are parsed again.
 * Only `columns` are read from the cache (the others come back empty) unless it must be rewritten.
 */
export function loadColumnarFiles(dataDir: string, names: readonly string[], options: ColumnarCacheOptions & { readonly columns?: readonly BarColumn[] } = {}): CachedFolder {
  const cacheFile = cacheFileFor(dataDir, options);
  const pack = openPack(cacheFile);
  try {
    const cached = new Map((pack?.index.entries ?? []).map((entry, i) => [entry.name, { entry, i }]));
    const fresh = new Map<string, PackEntry>();
    const stamps = new Map<string, SourceStamp>();
    for (const name of names) {
      const file = join(dataDir, name);
      const stat = statOf(file);
      const old = cached.get(name)?.entry.source;
      if (old && old.size === stat.size && old.mtimeMs === stat.mtimeMs && old.ctimeMs === stat.ctimeMs && old.ino === stat.ino) continue;
      const bytes = readFileSync(file);
      const source: SourceStamp = { ...stat, size: bytes.length, hash: sha1(bytes) };
      if (old?.hash === source.hash) stamps.set(name, source);
      else fresh.set(name, { name, source, columns: parseBarColumns(bytes, file) });
    }
    const rewrite = fresh.size > 0 || stamps.size > 0;
    const wanted = rewrite ? BAR_COLUMNS : (options.columns ?? BAR_COLUMNS);
    // High and low only when first asked for: only fills at a limit read them, and a backtest
    // of market orders would otherwise hold two of the six columns (and their pages) unread.
    const later = pack && !rewrite ? new LaterColumns(cacheFile, dataDir, pack.index, wanted.filter((c) => LATER.includes(c))) : undefined;
    const blocks = new Map<BarColumn, Float64Array[]>();
    for (const column of wanted) {
      if (later?.holds(column)) continue;
      const block = pack ? readPackColumn(pack.fd, pack.index, column) : undefined;
      if (block) blocks.set(column, block);
    }
    const fromPack = (i: number): ColumnarBars => {
      const column = (c: BarColumn): Float64Array => blocks.get(c)?.[i] ?? EMPTY;
      if (!later) return { time: column('time'), open: column('open'), high: column('high'), low: column('low'), close: column('close'), volume: column('volume') };
      later.serve(i);
      return new PackBars(column('time'), column('open'), column('close'), column('volume'), later, i);
    };
    const columns = new Map<string, ColumnarBars>();
    let cacheHits = 0;
    for (const name of names) {
      const made = fresh.get(name);
      if (made) {
        columns.set(name, made.columns);
      } else {
        columns.set(name, fromPack(cached.get(name)!.i));
        cacheHits += 1;
      }
    }
    if (rewrite) {
      const entries = new Map<string, PackEntry>();
      for (const [name, { entry, i }] of cached) entries.set(name, { name, source: stamps.get(name) ?? entry.source, columns: fromPack(i) });
      for (const [name, entry] of fresh) entries.set(name, entry);
      writePack(cacheFile, [...entries.values()]);
    }
    return { columns, cacheHits };
  } finally {
    if (pack) closeSync(pack.fd);
  }
}

const EMPTY = new Float64Array(0);
const LATER: readonly BarColumn[] = ['high', 'low'];

/** Columns of one entry of a pack, high and low read when first asked for (LaterColumns). */
class PackBars implements ColumnarBars {
  readonly time: Float64Array;
  readonly open: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
  readonly #later: LaterColumns;
  readonly #entry: number;

  constructor(time: Float64Array, open: Float64Array, close: Float64Array, volume: Float64Array, later: LaterColumns, entry: number) {
    this.time = time;
    this.open = open;
    this.close = close;
    this.volume = volume;
    this.#later = later;
    this.#entry = entry;
  }

  get high(): Float64Array {
    return this.#later.column('high', this.#entry);
  }

  get low(): Float64Array {
    return this.#later.column('low', this.#entry);
  }
}

/**
 * Columns of a pack's entries read when first asked for, every entry's at once. The pack may
 * have been rewritten since it was loaded (another run added files): its columns are still
 * these entries' when each entry of the same name holds as many rows from a CSV of the same
 * SHA-1, since they are what the parser makes of those bytes, and a pack of another layout or
 * parser has another magic. Otherwise the CSVs themselves are parsed again, if their bytes are
 * still the ones loaded.
 */
class LaterColumns {
  readonly #file: string;
  readonly #dataDir: string;
  readonly #entries: readonly EntryHeader[];
  // Which entries of the index were handed out: only theirs are read.
  readonly #served: number[] = [];
  readonly #columns: ReadonlyMap<BarColumn, Float64Array[] | undefined>;

  constructor(file: string, dataDir: string, index: PackIndex, columns: readonly BarColumn[]) {
    this.#file = file;
    this.#dataDir = dataDir;
    this.#entries = index.entries;
    this.#columns = new Map(columns.map((c) => [c, undefined]));
  }

  /** Entry `i` of the index is handed out: its columns are to be read with the others'. */
  serve(i: number): void {
    this.#served.push(i);
  }

  holds(column: BarColumn): boolean {
    return this.#columns.has(column);
  }

  /** The column of entry `i` of the index loaded, empty when it was not asked for. */
  column(column: BarColumn, i: number): Float64Array {
    if (!this.#columns.has(column)) return EMPTY;
    let block = this.#columns.get(column);
    if (!block) (this.#columns as Map<BarColumn, Float64Array[]>).set(column, (block = this.#fromPack(column) ?? this.#fromCsvs(column)));
    return block[i]!;
  }

  #fromPack(column: BarColumn): Float64Array[] | undefined {
    const pack = openPack(this.#file);
    if (!pack) return undefined;
    try {
      const now = new Map(pack.index.entries.map((entry, i) => [entry.name, { entry, i }]));
      const at: number[] = [];
      for (const i of this.#served) {
        const { name, rows, source } = this.#entries[i]!;
        const found = now.get(name);
        if (!found || found.entry.rows !== rows || found.entry.source.hash !== source.hash) return undefined;
        at[i] = found.i;
      }
      const block = readPackColumn(pack.fd, pack.index, column);
      if (!block) return undefined;
      const columns: Float64Array[] = [];
      for (const i of this.#served) columns[i] = block[at[i]!]!;
      return columns;
    } finally {
      closeSync(pack.fd);
    }
  }

  #fromCsvs(column: BarColumn): Float64Array[] {
    const columns: Float64Array[] = [];
    for (const i of this.#served) {
      const { name, source } = this.#entries[i]!;
      const file = join(this.#dataDir, name);
      let bytes: Buffer;
      try {
        bytes = readFileSync(file);
      } catch (error) {
        throw unreadableBarFile(file, error);
      }
      if (sha1(bytes) !== source.hash) throw new MarketDataError(`changed while its bars were in use; its ${column} prices are no longer the ones loaded: run again`, file);
      columns[i] = parseBarColumns(bytes, file)[column];
    }
    return columns;
  }
}

function openPack(file: string): { fd: number; index: PackIndex } | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const index = readPackIndex(fd, fstatSync(fd).size);
    if (index) return { fd, index };
  } catch {
    // No cache yet, or an unreadable one: parse the CSVs.
  }
  if (fd !== undefined) closeSync(fd);
  return undefined;
}

/**
 * Best effort and without fsync: the cache only saves time, a read-only data folder must not
 * stop a backtest, and a torn file fails decoding (its length is checked) and is rebuilt.
 */
function writePack(file: string, entries: readonly PackEntry[]): void {
  const temp = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(resolve(file, '..'), { recursive: true });
    writeChunks(temp, encodePack(entries));
    renameSync(temp, file);
  } catch {
    try {
      rmSync(temp, { force: true });
    } catch {
      // The folder itself is unusable (a file in its place): nothing was written to remove.
    }
  }
}

function writeChunks(file: string, chunks: readonly Uint8Array[]): void {
  const fd = openSync(file, 'w');
  try {
    for (const chunk of chunks) {
      for (let done = 0; done < chunk.byteLength; ) done += writeSync(fd, chunk, done, chunk.byteLength - done);
    }
  } finally {
    closeSync(fd);
  }
}
