import type { FxExposureRow } from '../domain/fx-exposure.js';
import type { Snapshot } from '../domain/snapshot.js';
import { twoDecimals } from './decimal-format.js';
import type { Column } from './text-table.js';

/**
 * The exposure rows of a snapshot with the targets of the hedge policy in force now: the
 * assets and cash are what the run saw, the ratio is the config's, so a ratio just changed
 * shows its target before the next run trades to it. Currencies the policy lists but the
 * account does not hold show with nothing in them.
 */
export function exposureNow(snapshot: Pick<Snapshot, 'fx'> | undefined, ratios: Readonly<Record<string, number>>): FxExposureRow[] {
  const rows = new Map((snapshot?.fx ?? []).map((row) => [row.currency, row]));
  for (const currency of Object.keys(ratios)) if (!rows.has(currency)) rows.set(currency, { currency, assets: 0, cash: 0, exposure: 0, target: 0, ratio: 0 });
  return [...rows.values()]
    .sort((a, b) => (a.currency < b.currency ? -1 : 1))
    .map((row) => {
      const ratio = ratios[row.currency] ?? 0;
      return { ...row, ratio, target: Math.round((1 - ratio) * row.assets * 100) / 100 };
    });
}

export function fxExposureColumns(baseCurrency: string): readonly Column[] {
  return [
    { header: 'Currency' },
    { header: `Assets (${baseCurrency})`, align: 'right' },
    { header: `Cash (${baseCurrency})`, align: 'right' },
    { header: 'Exposure', align: 'right' },
    { header: 'Target', align: 'right' },
    { header: 'Hedge ratio', align: 'right' },
  ];
}

const money = twoDecimals;

export function fxExposureCells(row: FxExposureRow): string[] {
  return [row.currency, money(row.assets), money(row.cash), money(row.exposure), money(row.target), `${Math.round(row.ratio * 100)} %`];
}
