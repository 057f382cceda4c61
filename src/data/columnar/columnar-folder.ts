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

function listFolder(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch (error) {
    throw new MarketDataError(`cannot list the data folder: ${(error as Error).message}`, dir);
  }
}

function csvFiles(names: readonly string[]): Map<string, string> {
  // A symbol's corporate actions (`<SYMBOL>.actions.csv`) sit beside its bars and are no symbol of their own.
  return new Map(names.filter((name) => /\.csv$/i.test(name) && !/\.actions\.csv$/i.test(name) && name.length > 4).map((name) => [name.slice(0, -4), name]));
}

/** Symbols of the `<SYMBOL>.csv` files in a folder (the extension in any case), sorted; actions files are not symbols. */
export function csvSymbolsIn(dir: string): string[] {
  return sortedSymbols(csvFiles(listFolder(dir)), dir);
}

function sortedSymbols(files: ReadonlyMap<string, string>, dir: string): string[] {
  const symbols = [...files.keys()].sort();
  if (symbols.length === 0) throw new MarketDataError('no <SYMBOL>.csv files in the data folder', dir);
  return symbols;
}

/** Loads one CSV per symbol through the columnar cache; `symbols` default to every CSV in the folder. */
export function loadColumnarFolder(dir: string, symbols?: readonly string[], options: ColumnarCacheOptions & { readonly columns?: readonly BarColumn[] } = {}): ColumnarFolder {
  const listed = listFolder(dir);
  const files = csvFiles(listed);
  const wanted = symbols ?? sortedSymbols(files, dir);
  const names = wanted.map((symbol) => files.get(symbol) ?? `${symbol}.csv`);
  const { columns, cacheHits } = loadColumnarFiles(dir, names, options);
  // Actions files are a few rows each: read as they are rather than through the cache. Beside
  // a listed bar file, only an actions file the listing holds is opened: a folder of hundreds of
  // symbols usually has none, and each failed open cost an error with its stack. Names are
  // compared in lower case, so that a case-insensitive disk still reads what an open by the
  // exact name finds there; a symbol whose bars the listing does not hold is tried as before.
  const listedLower = new Set(listed.map((name) => name.toLowerCase()));
  const actions = new Map<string, readonly CorporateAction[]>();
  for (const symbol of wanted) {
    const name = actionsFileName(symbol);
    if (files.has(symbol) && !listedLower.has(name.toLowerCase())) continue;
    const found = readActionsFileSync(join(dir, name));
    if (found.length > 0) actions.set(symbol, found);
  }
  return { series: new Map(wanted.map((symbol, i) => [symbol, columns.get(names[i]!)!])), actions, cacheHits, parsed: wanted.length - cacheHits };
}
