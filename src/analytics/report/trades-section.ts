import type { FillObservation } from '../fill-observation.js';
import { summariseTrades } from '../trade-summary.js';
import { escapeHtml } from './escape-html.js';

/** A list shown folded under the trades summary, e.g. a backtest's orders. */
export interface FoldedTable {
  readonly caption: string;
  readonly head: readonly string[];
  readonly rows: readonly (readonly unknown[])[];
  /** How many there are in all; the rows may be the last of them. */
  readonly total: number;
}

// A page of more rows than this is slow to open; the JSON output holds them all.
export const MAX_FOLDED_ROWS = 2_000;

const money = (n: number): string => n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const day = (t: number): string => new Date(t).toISOString().slice(0, 10);
const when = (time: string | number): string => new Date(typeof time === 'number' ? time : Date.parse(time)).toISOString().replace('.000Z', 'Z');

/** A folded list: its summary line says what and how many, the rows open on a click. */
export function foldedTable(table: FoldedTable): string {
  const shown = table.rows.slice(-MAX_FOLDED_ROWS);
  const more = table.total > shown.length ? ` (the last ${shown.length.toLocaleString('en-US')} shown)` : '';
  const head = table.head.map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const body = shown.map((r) => `<tr>${r.map((v) => `<td>${escapeHtml(String(v ?? ''))}</td>`).join('')}</tr>`).join('');
  return `<details><summary>${escapeHtml(table.caption)}: ${table.total}${escapeHtml(more)}</summary><table class="metrics list"><tr>${head}</tr>${body}</table></details>`;
}

/** The trades of the period: one line per symbol, then every fill (and any other list) folded. */
export function tradesSection(fills: readonly FillObservation[], baseCurrency: string, folded: readonly FoldedTable[] = []): string {
  if (fills.length === 0) return `<h2>Trades</h2><p class="empty">No fills in this period.</p>${folded.map(foldedTable).join('')}`;
  const rows = summariseTrades(fills)
    .map((t) => `<tr><th>${escapeHtml(t.symbol)}</th><td>${t.fills}</td><td>${t.bought.toLocaleString('en-US')}</td><td>${t.sold.toLocaleString('en-US')}</td><td>${money(t.tradedBase)}</td><td>${money(t.commission)} ${escapeHtml(t.currency)}</td><td>${day(t.first)} – ${day(t.last)}</td></tr>`)
    .join('');
  const summary = `<table class="metrics wide"><tr><th>Symbol</th><th>Fills</th><th>Bought</th><th>Sold</th><th>Traded (${escapeHtml(baseCurrency)})</th><th>Commission</th><th>First – last fill</th></tr>${rows}</table>`;
  const list = foldedTable({
    caption: 'All fills',
    head: ['time (UTC)', 'symbol', 'side', 'quantity', 'price', 'commission', 'currency'],
    rows: fills.map((f) => [when(f.time), f.symbol, f.side, f.quantity, f.price, f.commission.toFixed(2), f.currency]),
    total: fills.length,
  });
  return `<h2>Trades</h2>${summary}${list}${folded.map(foldedTable).join('')}`;
}
