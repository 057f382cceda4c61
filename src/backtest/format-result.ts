import type { Metrics } from '../analytics/compute-metrics.js';
import { decimalFormat } from '../notify/decimal-format.js';
import type { BacktestResult } from './results.js';

const money = decimalFormat({ minimumFractionDigits: 2, maximumFractionDigits: 2 });
const day = (t: number): string => new Date(t).toISOString().slice(0, 10);
const pct = (v: number | null): string => (v === null ? '–' : `${(v * 100).toFixed(2)} %`);
const num = (v: number | null): string => (v === null ? '–' : v.toFixed(2));

/**
 * Commissions as charged, currency by currency, and their total in the base currency at each
 * fill's rate: "commissions 12.00 CAD + 700.29 USD = 709.05 USD".
 */
export function formatCommissions(metrics: Pick<Metrics, 'commissions' | 'commissionsByCurrency'>, baseCurrency: string): string {
  const parts = Object.entries(metrics.commissionsByCurrency).map(([currency, amount]) => `${money(amount)} ${currency}`);
  const total = `${money(metrics.commissions)} ${baseCurrency}`;
  if (parts.length === 0) return `commissions 0.00 ${baseCurrency}`;
  if (parts.length === 1 && Object.keys(metrics.commissionsByCurrency)[0] === baseCurrency) return `commissions ${total}`;
  return `commissions ${parts.join(' + ')} = ${total}`;
}

/** The summary a person reads after a backtest: period, equity, trading, metrics, the benchmark, and the last fills. */
export function formatSummary(result: BacktestResult, metrics: Metrics): string[] {
  const unfilled = result.orders.filter((o) => o.filledQuantity < o.quantity).length;
  const b = metrics.benchmark;
  const lines = [
    `backtest ${day(result.from)} → ${day(result.to)}: ${result.symbols.length} symbols, ${result.bars} bars`,
    `equity ${money(result.initialEquity)} → ${money(result.finalEquity)} ${result.baseCurrency} (${pct(result.finalEquity / result.initialEquity - 1)})`,
    `${result.orders.length} orders (${unfilled} not or not fully filled), ${result.fills.length} fills, ${formatCommissions(metrics, result.baseCurrency)}`,
    `TWR ${pct(metrics.twr)}, CAGR ${pct(metrics.cagr)}, volatility ${pct(metrics.volatility)}, Sharpe ${num(metrics.sharpe)}, Sortino ${num(metrics.sortino)}, max drawdown ${pct(metrics.maxDrawdown)} (${metrics.maxDrawdownDays ?? '–'} days), turnover ${num(metrics.turnover)}`,
  ];
  if (b) lines.push(`benchmark ${b.name}: TWR ${pct(b.twr)}, CAGR ${pct(b.cagr)}, max drawdown ${pct(b.maxDrawdown)}; excess return ${pct(b.excessReturn)}, beta ${num(b.beta)}, alpha ${pct(b.alpha)} a year`);
  else if (result.benchmark) lines.push(`benchmark ${result.benchmark.symbol}: no price at the start of the backtest, so no comparison`);
  if (result.problems.length > 0) {
    lines.push(`${result.problems.length} runs blocked or failed; the first:`);
    for (const problem of result.problems.slice(0, 5)) lines.push(`  ${problem}`);
  }
  const last = result.fills.slice(-5);
  if (last.length > 0) {
    lines.push('last fills:');
    for (const f of last) lines.push(`  ${new Date(f.time).toISOString()} ${f.side.padEnd(4)} ${String(f.quantity).padStart(8)} ${f.symbol.padEnd(8)} @ ${f.price} ${f.currency} (commission ${f.commission.toFixed(2)} ${f.currency})`);
  }
  return lines;
}
