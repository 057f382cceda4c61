import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { CorporateAction } from '../../domain/corporate-action.js';
import { MarketDataError } from '../market-data.js';

/** The actions file kept beside a symbol's bars: `<SYMBOL>.actions.csv`. */
export function actionsFileName(symbol: string): string {
  return `${symbol}.actions.csv`;
}

// A split beyond 1:1000 or 1000:1 is a broken row (a date in the value column, a missing point).
const MAX_SPLIT_RATIO = 1000;

/**
 * Parses an actions file: the header `Date,Action,Value`, then rows such as `2024-06-10,split,4`
 * (new shares per old share) or `2024-03-15,dividend,0.52` (cash per share on the ex-date),
 * oldest first. One split per date at most; a dividend and a split may share a date. Any defect
 * throws a MarketDataError naming `file` and the line.
 */
export function parseActionsCsv(text: string, file: string): CorporateAction[] {
  const lines = text.replace(/^\uFEFF/, '').split('\n').map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
  let last = lines.length;
  while (last > 0 && lines[last - 1]!.trim() === '') last -= 1;
  if (last === 0) throw new MarketDataError('empty file: write the header Date,Action,Value (and no rows when there are no actions)', file, 1);
  const header = lines[0]!.split(',').map((name) => name.trim().toLowerCase());
  if (header.join(',') !== 'date,action,value') throw new MarketDataError(`header "${lines[0]}": expected Date,Action,Value`, file, 1);
  const actions: CorporateAction[] = [];
  const splitDates = new Set<string>();
  for (let index = 1; index < last; index += 1) {
    const lineNo = index + 1;
    const fields = lines[index]!.split(',').map((field) => field.trim());
    if (fields.length !== 3) throw new MarketDataError(fields.join('') === '' ? 'blank line in the middle of the file' : `${fields.length} fields, expected 3 (Date,Action,Value)`, file, lineNo);
    const [date, kindText, valueText] = fields as [string, string, string];
    const time = /^\d{4}-\d{2}-\d{2}$/.test(date) ? Date.parse(`${date}T00:00:00Z`) : Number.NaN;
    if (Number.isNaN(time) || new Date(time).toISOString().slice(0, 10) !== date) throw new MarketDataError(`date "${date}" is not a calendar date YYYY-MM-DD`, file, lineNo);
    const kind = kindText.toLowerCase();
    if (kind !== 'split' && kind !== 'dividend') throw new MarketDataError(`action "${kindText}": expected split or dividend`, file, lineNo);
    const value = valueText === '' || !/^[0-9.eE+-]+$/.test(valueText) ? Number.NaN : Number(valueText);
    if (!Number.isFinite(value) || value <= 0) throw new MarketDataError(`${kind} value "${valueText}" must be a positive number (${kind === 'split' ? 'new shares per old share: 4 for a 4-for-1 split, 0.1 for a 1-for-10' : 'cash per share'})`, file, lineNo);
    if (kind === 'split') {
      if (value === 1 || value > MAX_SPLIT_RATIO || value < 1 / MAX_SPLIT_RATIO) throw new MarketDataError(`split ratio ${value} is not a split (between 1/${MAX_SPLIT_RATIO} and ${MAX_SPLIT_RATIO}, not 1)`, file, lineNo);
      if (splitDates.has(date)) throw new MarketDataError(`a second split on ${date}: write the combined ratio on one row`, file, lineNo);
      splitDates.add(date);
    }
    const previous = actions[actions.length - 1];
    if (previous && time < previous.time) throw new MarketDataError(`date ${date} is before the previous row's (${previous.date}): rows must be oldest first`, file, lineNo);
    actions.push(Object.freeze({ kind, date, time, value }));
  }
  return actions;
}

/** The actions file of `path`; a file that does not exist means no actions. */
export async function readActionsFile(path: string): Promise<CorporateAction[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new MarketDataError(`cannot read the corporate actions: ${(error as Error).message}`, path);
  }
  return parseActionsCsv(text, path);
}

/** readActionsFile for loaders that read synchronously (the backtest's columnar folder). */
export function readActionsFileSync(path: string): CorporateAction[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new MarketDataError(`cannot read the corporate actions: ${(error as Error).message}`, path);
  }
  return parseActionsCsv(text, path);
}
