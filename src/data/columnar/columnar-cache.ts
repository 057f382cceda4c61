import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { parseBarsCsv } from '../csv/parse-bars-csv.js';
import { MarketDataError } from '../market-data.js';
import { columnsFromBars, type ColumnarBars } from './columnar-bars.js';
import { decodePack, encodePack, type PackEntry, type SourceStamp } from './columnar-file.js';

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
    const code = (error as NodeJS.ErrnoException).code;
    throw new MarketDataError(code === 'ENOENT' ? 'missing file: add it or remove the symbol' : `cannot read: ${(error as Error).message}`, file);
  }
}

/**
 * The CSV files `names` of `dataDir` as columns. Each CSV is parsed (and fully validated) once;
 * later loads take its columns from the folder's cache file while the CSV is unchanged. A CSV
 * whose size, modification and change times and inode are as recorded is unchanged without
 * being read (any write, or setting the mtime back, moves the change time); otherwise it is read
 * and its SHA-1 decides: the same bytes keep the cached columns, other bytes are parsed again.
 */
export function loadColumnarFiles(dataDir: string, names: readonly string[], options: ColumnarCacheOptions = {}): CachedFolder {
  const cacheFile = cacheFileFor(dataDir, options);
  const cached = new Map((readPack(cacheFile) ?? []).map((entry) => [entry.name, entry]));
  const columns = new Map<string, ColumnarBars>();
  let cacheHits = 0;
  let changed = false;
  for (const name of names) {
    const file = join(dataDir, name);
    const stat = statOf(file);
    const entry = cached.get(name);
    const old = entry?.source;
    if (entry && old && old.size === stat.size && old.mtimeMs === stat.mtimeMs && old.ctimeMs === stat.ctimeMs && old.ino === stat.ino) {
      columns.set(name, entry.columns);
      cacheHits += 1;
      continue;
    }
    const bytes = readFileSync(file);
    const source: SourceStamp = { ...stat, size: bytes.length, hash: sha1(bytes) };
    changed = true;
    if (entry && old?.hash === source.hash) {
      cached.set(name, { ...entry, source });
      columns.set(name, entry.columns);
      cacheHits += 1;
      continue;
    }
    const parsed = columnsFromBars(parseBarsCsv(bytes.toString('utf8'), file));
    cached.set(name, { name, source, columns: parsed });
    columns.set(name, parsed);
  }
  if (changed) writePack(cacheFile, [...cached.values()]);
  return { columns, cacheHits };
}

function readPack(file: string): PackEntry[] | undefined {
  try {
    return decodePack(readFileSync(file));
  } catch {
    return undefined;
  }
}

/**
 * Best effort and without fsync: the cache only saves time, a read-only data folder must not
 * stop a backtest, and a torn file fails decoding (its length is checked) and is rebuilt.
 */
function writePack(file: string, entries: readonly PackEntry[]): void {
  const temp = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(resolve(file, '..'), { recursive: true });
    writeFileSync(temp, encodePack(entries));
    renameSync(temp, file);
  } catch {
    try {
      rmSync(temp, { force: true });
    } catch {
      // The folder itself is unusable (a file in its place): nothing was written to remove.
    }
  }
}
