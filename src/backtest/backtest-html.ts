import { renderReport } from '../analytics/render-report.js';
import { MAX_FOLDED_ROWS } from '../analytics/report/trades-section.js';
import { analyticsInput, day } from './backtest-report.js';
import type { BacktestResult } from './results.js';

// Apart from the metrics and the JSON (backtest-report.ts): only `backtest --report` renders,
// and the report's modules are no cost to a backtest that prints.

/** The report of `autofolio report` for the backtest: its trades summarised, every fill and order folded. */
export function backtestHtml(result: BacktestResult, title: string): string {
  const input = analyticsInput(result);
  const orders = {
    caption: 'All orders',
    head: ['time (UTC)', 'symbol', 'side', 'quantity', 'type', 'limit', 'filled', 'status'],
    rows: result.orders.slice(-MAX_FOLDED_ROWS).map((o) => [new Date(o.time).toISOString().replace('.000Z', 'Z'), o.symbol, o.side, o.quantity, o.type, o.limitPrice, o.filledQuantity, o.status]),
    total: result.orders.length,
  };
  const benchmark = result.benchmark ? `, benchmark ${result.benchmark.symbol}` : '';
  return renderReport(input, { title, subtitle: `backtest ${day(result.from)} – ${day(result.to)}, ${result.symbols.length} symbols, base currency ${result.baseCurrency}${benchmark}`, generatedAt: new Date().toISOString(), folded: [orders] });
}
