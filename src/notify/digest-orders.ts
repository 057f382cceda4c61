import { totalOrderSlippageBps, type OrderSlippage } from '../analytics/order-slippage.js';
import { signedTenths } from './decimal-format.js';
import { formatPrice, formatQuantity, formatZoned } from './format.js';
import type { Column } from './text-table.js';

export interface OrdersSection {
  readonly title: string;
  readonly columns: readonly Column[];
  readonly rows: readonly string[][];
  /** The value-weighted totals in one sentence; empty without orders. */
  readonly total: string;
}

/** Said where a figure has no benchmark (an order sent before arrival prices were recorded): not the same as 0. */
export const NO_FIGURE = '—';

const bp = signedTenths;

export function formatBps(bps: number | undefined): string {
  return bps === undefined || !Number.isFinite(bps) ? NO_FIGURE : bp(bps);
}

const COLUMNS: readonly Column[] = [
  { header: 'First fill' },
  { header: 'Side' },
  { header: 'Filled', align: 'right' },
  { header: 'Symbol' },
  { header: 'Avg price', align: 'right' },
  { header: 'Decision', align: 'right' },
  { header: 'Arrival', align: 'right' },
  { header: 'vs decision (bp)', align: 'right' },
  { header: 'vs arrival (bp)', align: 'right' },
  { header: 'Re-prices', align: 'right' },
];

/**
 * The digest's per-order table: each order that filled today, through all its versions, with
 * its slippage against the price the plan decided at and the mid quote when it was sent, and
 * how many times it was re-priced; then the value-weighted totals. That is what patience cost.
 */
export function ordersSection(orders: readonly OrderSlippage[], timeZone?: string): OrdersSection {
  const rows = orders.map((o) => [
    formatZoned(o.firstFillAt, timeZone, { seconds: true }),
    o.side,
    formatQuantity(o.filledQuantity),
    o.symbol,
    formatPrice(o.averagePrice),
    o.decisionPrice === undefined ? NO_FIGURE : formatPrice(o.decisionPrice),
    o.arrivalPrice === undefined ? NO_FIGURE : formatPrice(o.arrivalPrice),
    formatBps(o.vsDecisionBps),
    formatBps(o.vsArrivalBps),
    String(o.repriceSteps),
  ]);
  const total = orders.length === 0 ? '' : `Value-weighted over the ${orders.length === 1 ? 'order' : `${orders.length} orders`}: ${formatBps(totalOrderSlippageBps(orders, 'vsDecisionBps'))} bp against the decision prices, ${formatBps(totalOrderSlippageBps(orders, 'vsArrivalBps'))} bp against the arrival prices (positive = paid).`;
  return { title: `Orders filled today (${orders.length}): slippage`, columns: COLUMNS, rows, total };
}
