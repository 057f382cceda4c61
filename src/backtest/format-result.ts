import type { BacktestResult } from './results.js';

const money = (n: number): string => n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const day = (t: number): string => new Date(t).toISOString().slice(0, 10);

/** The summary a person reads after a backtest: period, equity, trading, and the last fills. */
export function formatSummary(result: BacktestResult, metricsLines: readonly string[] = []): string[] {
  const commissions = result.fills.reduce((sum, f) => sum + f.commission, 0);
  const unfilled = result.orders.filter((o) => o.filledQuantity < o.quantity).length;
  const lines = [
    `backtest ${day(result.from)} → ${day(result.to)}: ${result.symbols.length} symbols, ${result.bars} bars`,
    `equity ${money(result.initialEquity)} → ${money(result.finalEquity)} (${(((result.finalEquity / result.initialEquity) - 1) * 100).toFixed(2)} %)`,
    `${result.orders.length} orders (${unfilled} not or not fully filled), ${result.fills.length} fills, commissions ${money(commissions)}`,
    ...metricsLines,
  ];
  if (result.problems.length > 0) {
    lines.push(`${result.problems.length} runs blocked or failed; the first:`);
    for (const problem of result.problems.slice(0, 5)) lines.push(`  ${problem}`);
  }
  const last = result.fills.slice(-5);
  if (last.length > 0) {
    lines.push('last fills:');
    for (const f of last) lines.push(`  ${new Date(f.time).toISOString()} ${f.side.padEnd(4)} ${String(f.quantity).padStart(8)} ${f.symbol.padEnd(8)} @ ${f.price} (commission ${f.commission.toFixed(2)})`);
  }
  return lines;
}
