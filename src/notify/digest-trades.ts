import type { Fill } from '../domain/order.js';
import { signedTenths } from './decimal-format.js';
import { formatMoney, formatPrice, formatQuantity, formatSignedMoney, formatZoned } from './format.js';
import type { Column } from './text-table.js';
import { slippageBps, slippageCost } from './trade-slippage.js';
import { byCodeUnits } from '../domain/code-unit-order.js';

/** A fill with the reference price of the order it filled (orders.reference_price by tag). */
export interface TradeWithReference {
  readonly fill: Fill;
  readonly referencePrice?: number;
}

export interface TradesSection {
  readonly title: string;
  readonly columns: readonly Column[];
  readonly rows: readonly string[][];
  /** Slippage cost per currency, e.g. "+12.30 USD, -1.00 CAD"; empty without references. */
  readonly slippageTotal: string;
}

const slip = signedTenths;

// Both tables open with what was traded and close with what it cost; the day's table adds the
// reference price and the slippage in between.
const FILL_COLUMNS: readonly Column[] = [{ header: 'Time' }, { header: 'Side' }, { header: 'Quantity', align: 'right' }, { header: 'Symbol' }, { header: 'Price', align: 'right' }];
const COST_COLUMNS: readonly Column[] = [{ header: 'Commission', align: 'right' }, { header: 'Ccy' }];

/**
 * The digest's trade table. With the day's trades and their reference prices it shows the
 * slippage of each fill against the price the plan was made at; otherwise the run's fills.
 */
export function tradesSection(runFills: readonly Fill[], dayTrades: readonly TradeWithReference[] | undefined, timeZone?: string): TradesSection {
  const time = (f: Fill): string => formatZoned(f.time, timeZone, { seconds: true });
  if (!dayTrades) {
    const columns: readonly Column[] = [...FILL_COLUMNS, ...COST_COLUMNS];
    const rows = [...runFills].sort((a, b) => a.time - b.time).map((f) => [time(f), f.side, formatQuantity(f.quantity), f.symbol, formatPrice(f.price), formatMoney(f.commission), f.currency]);
    return { title: `Trades this run (${rows.length})`, columns, rows, slippageTotal: '' };
  }
  const columns: readonly Column[] = [...FILL_COLUMNS, { header: 'Reference', align: 'right' }, { header: 'Slippage (bp)', align: 'right' }, ...COST_COLUMNS];
  const sorted = [...dayTrades].sort((a, b) => a.fill.time - b.fill.time || byCodeUnits(a.fill.execId, b.fill.execId));
  const totals = new Map<string, number>();
  const rows = sorted.map(({ fill: f, referencePrice }) => {
    const bps = slippageBps(f.side, f.price, referencePrice);
    const cost = slippageCost(f.side, f.price, referencePrice, f.quantity);
    if (Number.isFinite(cost)) totals.set(f.currency, (totals.get(f.currency) ?? 0) + cost);
    return [time(f), f.side, formatQuantity(f.quantity), f.symbol, formatPrice(f.price), referencePrice === undefined ? 'n/a' : formatPrice(referencePrice), Number.isFinite(bps) ? slip(bps) : 'n/a', formatMoney(f.commission), f.currency];
  });
  const slippageTotal = [...totals.entries()]
    .sort(([a], [b]) => byCodeUnits(a, b))
    .map(([currency, amount]) => `${formatSignedMoney(amount)} ${currency}`)
    .join(', ');
  return { title: `Trades today (${rows.length})`, columns, rows, slippageTotal };
}
