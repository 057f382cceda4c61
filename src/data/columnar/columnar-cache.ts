import { createHash } from 'node:crypto';
import { closeSync, fstatSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { parseBarColumns } from '../csv/parse-bars-csv.js';
import { unreadableBarFile } from '../csv/unreadable-bar-file.js';
import { BAR_COLUMNS, type BarColumn, type ColumnarBars } from './columnar-bars.js';
import { encodePack, readPackColumn, readPackIndex, type PackEntry, type PackIndex, type SourceStamp } from './columnar-file.js';

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
    const blocks = new Map<BarColumn, Float64Array[]>();
    for (const column of wanted) {
      const block = pack ? readPackColumn(pack.fd, pack.index, column) : undefined;
      if (block) blocks.set(column, block);
    }
    const EMPTY = new Float64Array(0);
    const fromPack = (i: number): ColumnarBars => Object.fromEntries(BAR_COLUMNS.map((c) => [c, blocks.get(c)?.[i] ?? EMPTY])) as unknown as ColumnarBars;
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
