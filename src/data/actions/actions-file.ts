import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CorporateAction } from '../sources/market-data-source.js';

export const ACTIONS_HEADER = 'Date,Action,Value';

/** `<dataDir>/<SYMBOL>.actions.csv`: the splits and dividends kept beside the bars. */
export function actionsFileOf(dataDir: string, symbol: string): string {
  return join(dataDir, `${symbol}.actions.csv`);
}

/** A malformed actions file, named with its line. */
export class ActionsFileError extends Error {
  constructor(readonly file: string, readonly line: number, reason: string) {
    super(`${file}:${line}: ${reason}`);
    this.name = 'ActionsFileError';
  }
}

/**
 * Reads an actions file (`Date,Action,Value`, rows like `2024-06-10,split,4` or
 * `2024-03-15,dividend,0.52`, oldest first); a missing file is no actions.
 */
export async function readActionsFile(file: string): Promise<CorporateAction[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new ActionsFileError(file, 1, `cannot be read: ${(error as Error).message}`);
  }
  return parseActions(text, file);
}

export function parseActions(text: string, file: string): CorporateAction[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (lines[0]?.trim() !== ACTIONS_HEADER) throw new ActionsFileError(file, 1, `the header must be "${ACTIONS_HEADER}", not ${JSON.stringify(lines[0] ?? '')}`);
  const actions: CorporateAction[] = [];
  lines.slice(1).forEach((line, index) => {
    if (line.trim() === '') return;
    const lineNo = index + 2;
    const [date, action, value, extra] = line.split(',');
    if (extra !== undefined || value === undefined) throw new ActionsFileError(file, lineNo, `expected 3 fields (date, action, value): ${JSON.stringify(line)}`);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date!) || Number.isNaN(Date.parse(`${date}T00:00:00Z`))) throw new ActionsFileError(file, lineNo, `date ${JSON.stringify(date)} is not YYYY-MM-DD`);
    if (action !== 'split' && action !== 'dividend') throw new ActionsFileError(file, lineNo, `action ${JSON.stringify(action)} is neither split nor dividend`);
    const amount = Number(value);
    if (value.trim() === '' || !Number.isFinite(amount) || amount < 0 || (action === 'split' && amount === 0)) {
      throw new ActionsFileError(file, lineNo, `value ${JSON.stringify(value)} is not ${action === 'split' ? 'a positive ratio of new shares per old share' : 'a cash amount per share'}`);
    }
    actions.push({ date: date!, action, value: amount });
  });
  return sortActions(actions);
}

/** The file's text: header, then one row per action, oldest first. */
export function formatActions(actions: readonly CorporateAction[]): string {
  return `${[ACTIONS_HEADER, ...sortActions(actions).map((a) => `${a.date},${a.action},${formatNumber(a.value)}`)].join('\n')}\n`;
}

/** What is there, with the fetched actions added; a fetched action replaces the one of the same date and kind. */
export function mergeActions(existing: readonly CorporateAction[], fetched: readonly CorporateAction[]): CorporateAction[] {
  const byKey = new Map(existing.map((a) => [`${a.date}|${a.action}`, a]));
  for (const action of fetched) byKey.set(`${action.date}|${action.action}`, action);
  return sortActions([...byKey.values()]);
}

function sortActions(actions: readonly CorporateAction[]): CorporateAction[] {
  return [...actions].sort((a, b) => (a.date !== b.date ? (a.date < b.date ? -1 : 1) : a.action.localeCompare(b.action)));
}

/** Twelve significant digits: drops the binary noise of a ratio or a converted amount (0.30000000000000004) and keeps every real digit. */
export function formatNumber(value: number): string {
  return String(Number(value.toPrecision(12)));
}
