import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { parseBarsCsv } from '../csv/parse-bars-csv.js';
import { MarketDataError } from '../market-data.js';
import { columnsFromBars, type ColumnarBars } from './columnar-bars.js';
import { decodeColumnar, encodeColumnar, type SourceStamp } from './columnar-file.js';

export const DEFAULT_CACHE_FOLDER = '.autofolio-cache';

export interface ColumnarCacheOptions {
  /** Where cache files go; default a `.autofolio-cache` folder beside the CSV. */
  readonly cacheDir?: string;
}

export interface LoadedColumns {
  readonly columns: ColumnarBars;
  /** True when the columns came from the cache, false when the CSV was parsed. */
  readonly cached: boolean;
}

/** The cache file of a CSV: its name plus a hash of its full path, so one cache folder can serve many data folders. */
export function cacheFileFor(csvFile: string, options: ColumnarCacheOptions = {}): string {
  const full = resolve(csvFile);
  const folder = options.cacheDir ? resolve(options.cacheDir) : join(dirname(full), DEFAULT_CACHE_FOLDER);
  const tag = createHash('sha1').update(full).digest('hex').slice(0, 10);
  return join(folder, `${basename(full)}.${tag}.bars`);
}

/**
 * One CSV of bars as columns. The CSV is parsed (and fully validated) once; later calls map the
 * cache file instead, as long as the CSV's size, modification time and SHA-1 are what the cache
 * recorded. Hashing still reads the CSV, but reading bytes is a small part of parsing text, and
 * it catches an edit that kept the size and the time stamp (a copy with `cp -p`, a coarse clock).
 */
export function loadColumnar(csvFile: string, options: ColumnarCacheOptions = {}): LoadedColumns {
  let bytes: Buffer;
  let size: number;
  let mtimeMs: number;
  try {
    const stat = statSync(csvFile);
    size = stat.size;
    mtimeMs = stat.mtimeMs;
    bytes = readFileSync(csvFile);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new MarketDataError(code === 'ENOENT' ? 'missing file: add it or remove the symbol' : `cannot read: ${(error as Error).message}`, csvFile);
  }
  const hash = createHash('sha1').update(bytes).digest('hex');
  const cacheFile = cacheFileFor(csvFile, options);
  const cached = readCache(cacheFile);
  if (cached && cached.source.size === size && cached.source.mtimeMs === mtimeMs && cached.source.hash === hash) {
    return { columns: cached.columns, cached: true };
  }
  const columns = columnsFromBars(parseBarsCsv(bytes.toString('utf8'), csvFile));
  writeCache(cacheFile, encodeColumnar(columns, { size, mtimeMs, hash } satisfies SourceStamp));
  return { columns, cached: false };
}

function readCache(file: string): ReturnType<typeof decodeColumnar> {
  try {
    return decodeColumnar(readFileSync(file));
  } catch {
    return undefined;
  }
}

/**
 * Best effort and without fsync: the cache only saves time, a read-only data folder must not
 * stop a backtest, and a torn file fails decoding (its length is checked) and is rebuilt.
 */
function writeCache(file: string, data: Buffer): void {
  const temp = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(temp, data);
    renameSync(temp, file);
  } catch {
    try {
      rmSync(temp, { force: true });
    } catch {
      // The folder itself is unusable (a file in its place): nothing was written to remove.
    }
  }
}
