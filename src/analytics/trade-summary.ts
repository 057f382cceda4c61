import { fillValueBase, type FillObservation } from './fill-observation.js';

/** The fills of one symbol, added up. */
export interface SymbolTrades {
  readonly symbol: string;
  readonly currency: string;
  readonly fills: number;
  readonly bought: number;
  readonly sold: number;
  /** Σ |traded value| in the base currency. */
  readonly tradedBase: number;
  /** In the symbol's currency. */
  readonly commission: number;
  readonly first: number;
  readonly last: number;
}

const epoch = (time: string | number): number => (typeof time === 'number' ? time : Date.parse(time));

/** One row per symbol, the most traded value first: what a person reads before the list of fills. */
export function summariseTrades(fills: readonly FillObservation[]): SymbolTrades[] {
  const rows = new Map<string, { -readonly [K in keyof SymbolTrades]: SymbolTrades[K] }>();
  for (const f of fills) {
    const time = epoch(f.time);
    let row = rows.get(f.symbol);
    if (!row) rows.set(f.symbol, (row = { symbol: f.symbol, currency: f.currency, fills: 0, bought: 0, sold: 0, tradedBase: 0, commission: 0, first: time, last: time }));
    row.fills += 1;
    if (f.side === 'BUY') row.bought += f.quantity;
    else row.sold += f.quantity;
    row.tradedBase += fillValueBase(f);
    row.commission += f.commission;
    row.first = Math.min(row.first, time);
    row.last = Math.max(row.last, time);
  }
  return [...rows.values()].sort((a, b) => b.tradedBase - a.tradedBase || (a.symbol < b.symbol ? -1 : 1));
}
