import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { CorporateAction } from '../../domain/corporate-action.js';
import { actionsFileName, readActionsFileSync } from '../csv/parse-actions-csv.js';
import { MarketDataError } from '../market-data.js';
import type { BarColumn, ColumnarBars } from './columnar-bars.js';
import { loadColumnarFiles, type ColumnarCacheOptions } from './columnar-cache.js';

export interface ColumnarFolder {
  /** Symbol → its bars, in the order asked for (sorted when read from the folder). */
  readonly series: ReadonlyMap<string, ColumnarBars>;
  /** Symbol → its splits and dividends (`<SYMBOL>.actions.csv`), for the symbols that have any. */
  readonly actions: ReadonlyMap<string, readonly CorporateAction[]>;
  readonly cacheHits: number;
  readonly parsed: number;
}

function csvFiles(dir: string): Map<string, string> {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (error) {
    throw new MarketDataError(`cannot list the data folder: ${(error as Error).message}`, dir);
  }
  // A symbol's corporate actions (`<SYMBOL>.actions.csv`) sit beside its bars and are no symbol of their own.
  return new Map(names.filter((name) => /\.csv$/i.test(name) && !/\.actions\.csv$/i.test(name) && name.length > 4).map((name) => [name.slice(0, -4), name]));
}

/** Symbols of the `<SYMBOL>.csv` files in a folder (the extension in any case), sorted; actions files are not symbols. */
export function csvSymbolsIn(dir: string): string[] {
  const symbols = [...csvFiles(dir).keys()].sort();
  if (symbols.length === 0) throw new MarketDataError('no <SYMBOL>.csv files in the data folder', dir);
  return symbols;
}

/** Loads one CSV per symbol through the columnar cache; `symbols` default to every CSV in the folder. */
export function loadColumnarFolder(dir: string, symbols?: readonly string[], options: ColumnarCacheOptions & { readonly columns?: readonly BarColumn[] } = {}): ColumnarFolder {
  const files = csvFiles(dir);
  const wanted = symbols ?? csvSymbolsIn(dir);
  const names = wanted.map((symbol) => files.get(symbol) ?? `${symbol}.csv`);
  const { columns, cacheHits } = loadColumnarFiles(dir, names, options);
  // Actions files are a few rows each: read as they are rather than through the cache.
  const actions = new Map<string, readonly CorporateAction[]>();
  for (const symbol of wanted) {
    const found = readActionsFileSync(join(dir, actionsFileName(symbol)));
    if (found.length > 0) actions.set(symbol, found);
  }
  return { series: new Map(wanted.map((symbol, i) => [symbol, columns.get(names[i]!)!])), actions, cacheHits, parsed: wanted.length - cacheHits };
}
