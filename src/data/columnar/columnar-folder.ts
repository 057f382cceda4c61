import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { MarketDataError } from '../market-data.js';
import type { ColumnarBars } from './columnar-bars.js';
import { loadColumnar, type ColumnarCacheOptions } from './columnar-cache.js';

export interface ColumnarFolder {
  /** Symbol → its bars, symbols in the order asked for (or sorted when read from the folder). */
  readonly series: ReadonlyMap<string, ColumnarBars>;
  readonly cacheHits: number;
  readonly parsed: number;
}

/** Symbols of the `<SYMBOL>.csv` files in a folder (the extension in any case), sorted. */
export function csvSymbolsIn(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (error) {
    throw new MarketDataError(`cannot list the data folder: ${(error as Error).message}`, dir);
  }
  const symbols = names.filter((name) => /\.csv$/i.test(name) && name.length > 4).map((name) => name.slice(0, -4));
  if (symbols.length === 0) throw new MarketDataError('no <SYMBOL>.csv files in the data folder', dir);
  return symbols.sort();
}

/** Loads one CSV per symbol through the columnar cache; `symbols` default to every CSV in the folder. */
export function loadColumnarFolder(dir: string, symbols: readonly string[] = csvSymbolsIn(dir), options: ColumnarCacheOptions = {}): ColumnarFolder {
  const files = new Map(readdirSync(dir).filter((name) => /\.csv$/i.test(name)).map((name) => [name.slice(0, -4), name]));
  const series = new Map<string, ColumnarBars>();
  let cacheHits = 0;
  for (const symbol of symbols) {
    const loaded = loadColumnar(join(dir, files.get(symbol) ?? `${symbol}.csv`), options);
    if (loaded.cached) cacheHits += 1;
    series.set(symbol, loaded.columns);
  }
  return { series, cacheHits, parsed: symbols.length - cacheHits };
}
