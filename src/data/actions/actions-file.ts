import { join } from 'node:path';
import type { CorporateAction } from '../../domain/corporate-action.js';
import { actionsFileName } from '../csv/parse-actions-csv.js';
import { byCodeUnits } from '../../domain/code-unit-order.js';

// Writing the actions file kept beside the bars; reading it is parse-actions-csv.ts, shared by
// the runs, the backtests and the fetch that merges into it.

export const ACTIONS_HEADER = 'Date,Action,Value';

/** `<dataDir>/<SYMBOL>.actions.csv`: the splits and dividends kept beside the bars. */
export function actionsFileOf(dataDir: string, symbol: string): string {
  return join(dataDir, actionsFileName(symbol));
}

/** The file's text: header, then one row per action, oldest first. */
export function formatActions(actions: readonly CorporateAction[]): string {
  return `${[ACTIONS_HEADER, ...sortActions(actions).map((a) => `${a.date},${a.kind},${formatNumber(a.value)}`)].join('\n')}\n`;
}

/** What is there, with the fetched actions added; a fetched action replaces the one of the same date and kind. */
export function mergeActions(existing: readonly CorporateAction[], fetched: readonly CorporateAction[]): CorporateAction[] {
  const byKey = new Map(existing.map((a) => [`${a.date}|${a.kind}`, a]));
  for (const action of fetched) byKey.set(`${action.date}|${action.kind}`, action);
  return sortActions([...byKey.values()]);
}

function sortActions(actions: readonly CorporateAction[]): CorporateAction[] {
  return [...actions].sort((a, b) => (a.date !== b.date ? (a.date < b.date ? -1 : 1) : byCodeUnits(a.kind, b.kind)));
}

/** Twelve significant digits: drops the binary noise of a ratio or a converted amount (0.30000000000000004) and keeps every real digit. */
export function formatNumber(value: number): string {
  return String(Number(value.toPrecision(12)));
}
