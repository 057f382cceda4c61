import type { SnapshotSpread } from '../domain/snapshot.js';
import { formatMoney, formatPrice, formatQuantity } from './format.js';
import type { Column } from './text-table.js';

/** The spreads of a snapshot as a table (digest and report): one row per spread, its legs listed in it. */
export function spreadTable(spreads: readonly SnapshotSpread[], baseCurrency: string): { readonly columns: readonly Column[]; readonly rows: string[][] } {
  return {
    columns: [
      { header: 'Spread' },
      { header: 'Held', align: 'right' },
      { header: 'Legs (contracts × multiplier @ avg cost)' },
      { header: 'Cost', align: 'right' },
      { header: `Value (${baseCurrency})`, align: 'right' },
    ],
    rows: spreads.map((s) => [
      s.name,
      formatQuantity(s.quantity),
      s.legs.map((leg) => `${formatQuantity(leg.quantity)} ${leg.symbol} × ${leg.multiplier} @ ${formatPrice(leg.avgCost)}`).join('; '),
      formatMoney(s.cost),
      formatMoney(s.value),
    ]),
  };
}
