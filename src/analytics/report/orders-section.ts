import { totalOrderSlippageBps, type OrderSlippage, type OrderStepSlippage } from '../order-slippage.js';
import { escapeHtml } from './escape-html.js';
import { orderDots } from './order-dots.js';
import { MAX_FOLDED_ROWS } from './trades-section.js';

// Said where there is no figure (no benchmark recorded, nothing filled in a step): never 0.
const NONE = '—';
// More orders than this are folded under their summary line, so the page opens on the totals.
const OPEN_ORDERS = 30;

const when = (t: number): string => new Date(t).toISOString().slice(0, 19).replace('T', ' ');
const price = (p: number | undefined): string => (p === undefined || !Number.isFinite(p) ? NONE : p.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 6 }));
const bps = (b: number | undefined): string => (b === undefined || !Number.isFinite(b) ? NONE : `${b > 0 ? '+' : ''}${b.toFixed(1)}`);
const quantity = (q: number): string => q.toLocaleString('en-US', { maximumFractionDigits: 8 });

const STEP_NAMES: Readonly<Record<OrderStepSlippage['reason'], string>> = { placed: 'placed', amended: 'amended by run', repriced: 're-priced', deadline: 'deadline' };

function cells(values: readonly string[], className?: string): string {
  return `<tr${className ? ` class="${className}"` : ''}>${values.map((v) => `<td>${escapeHtml(v)}</td>`).join('')}</tr>`;
}

function orderRows(o: OrderSlippage): string {
  const head = cells([when(o.firstFillAt), `${o.side} ${o.symbol}`, quantity(o.filledQuantity), price(o.averagePrice), '', price(o.decisionPrice), price(o.arrivalPrice), bps(o.vsDecisionBps), bps(o.vsArrivalBps), String(o.repriceSteps)], 'order');
  const day = when(o.firstFillAt).slice(0, 10);
  // A step on the order's day shows its time only; one of an earlier day (a working order amended by a later run) its date too.
  const stepTime = (t: number): string => (when(t).startsWith(day) ? when(t).slice(11) : when(t));
  const steps = o.steps.map((s) =>
    cells([stepTime(s.at), `↳ ${STEP_NAMES[s.reason]}${s.reason === 'amended' ? ` ${s.runId}` : ''}`, quantity(s.filledQuantity), price(s.averagePrice), price(s.limitPrice), price(s.decisionPrice), price(s.arrivalPrice), bps(s.vsDecisionBps), bps(s.vsArrivalBps), ''], 'step'),
  );
  return head + steps.join('');
}

/**
 * The report's orders: each order (one tag at the broker) measured whole against the decision
 * and arrival prices of its first version, then each of its versions (re-price steps, later
 * runs' amendments) with what filled under it, against that version's own prices. A chart of
 * both figures per order over time and the value-weighted totals come first.
 */
export function ordersSection(orders: readonly OrderSlippage[], baseCurrency: string): string {
  const title = '<h2>Orders: slippage against decision and arrival prices</h2>';
  if (orders.length === 0) return `${title}<p class="empty">No orders filled in this period.</p>`;
  const vsDecision = totalOrderSlippageBps(orders, 'vsDecisionBps');
  const vsArrival = totalOrderSlippageBps(orders, 'vsArrivalBps');
  const repriced = orders.filter((o) => o.repriceSteps > 0).length;
  const summary = `<table class="metrics"><tr><th>Orders filled</th><td>${orders.length} (${repriced} re-priced or amended)</td></tr><tr><th>Slippage vs decision price (value-weighted)</th><td>${bps(vsDecision)} bps</td></tr><tr><th>Slippage vs arrival price (value-weighted)</th><td>${bps(vsArrival)} bps</td></tr></table>`;
  const note = `<p class="note">Decision price: the mid quote the plan was made at. Arrival price: the mid quote when the order was sent. An order is measured against those of its first version, over everything it filled through every re-price: what the wait cost. Each step (↳) shows what filled under that version's limit, against its own prices. Positive = paid; ${NONE} = no such price was recorded (orders sent before arrival prices were kept). Totals are weighted by traded value in ${escapeHtml(baseCurrency)}.</p>`;
  const chart = orderDots(
    'Slippage per order (bps, cost positive)',
    orders.map((o) => `${when(o.firstFillAt).slice(0, 10)} ${o.side} ${o.symbol}`),
    [
      { name: 'vs decision price', color: '#0072b2', values: orders.map((o) => o.vsDecisionBps) },
      { name: 'vs arrival price', color: '#e69f00', values: orders.map((o) => o.vsArrivalBps), hollow: true },
    ],
    'bps',
    'No order has a decision or arrival price recorded.',
  );
  const shown = orders.slice(-MAX_FOLDED_ROWS);
  const head = ['time (UTC)', 'order / step', 'filled', 'avg price', 'limit', 'decision', 'arrival', 'vs decision (bps)', 'vs arrival (bps)', 're-prices'].map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const table = `<table class="metrics list orders"><tr>${head}</tr>${shown.map(orderRows).join('')}</table>`;
  const more = orders.length > shown.length ? ` (the last ${shown.length.toLocaleString('en-US')} shown)` : '';
  const list = orders.length > OPEN_ORDERS ? `<details><summary>Every order with its steps: ${orders.length}${escapeHtml(more)}</summary>${table}</details>` : table;
  return `${title}${summary}${note}${chart}${list}`;
}
