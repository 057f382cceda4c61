import { describeOrders } from '../cycle/steps/describe-orders.js';
import type { CycleResult } from '../cycle/run-cycle.js';
import { twoDecimals } from '../notify/decimal-format.js';
import { formatPercent, formatPrice, formatQuantity, formatSignedMoney, formatSignedPercent, formatZoned } from '../notify/format.js';
import { textTable } from '../notify/text-table.js';

const money = twoDecimals;

/** One line per run: time in the exchange's zone, NLV, leverage, orders sent, fills, outcome; a dry run says so first. */
export function formatRunLine(result: CycleResult, timeZone?: string): string {
  const time = formatZoned(result.time, timeZone);
  const snapshot = result.snapshot;
  const nlv = snapshot ? `NLV ${money(snapshot.nlv).padStart(14)} ${snapshot.baseCurrency}` : 'NLV'.padEnd(22) + ' ?';
  const leverage = snapshot ? `lev ${snapshot.grossLeverage.toFixed(2)}` : 'lev ?   ';
  return `${time}  ${nlv}  ${leverage}  orders ${String(result.ordersSent).padStart(3)}/${String(result.ordersPlanned).padEnd(3)} fills ${String(result.fills).padStart(3)}  ${result.outcome}${result.dryRun ? '  DRY RUN: nothing was sent' : ''}`;
}

/** The plan as a table: every instrument with a target, a position or a trade. */
export function formatPlanTable(result: CycleResult, baseCurrency: string): string[] {
  const rows = (result.plan ?? []).filter((row) => row.targetWeight !== 0 || row.currentWeight !== 0 || row.action !== 'NONE');
  if (rows.length === 0) return result.plan ? ['  the plan trades nothing and holds nothing'] : [];
  const cells = rows.map((row) => [
    row.symbol,
    formatPercent(row.targetWeight),
    formatPercent(row.currentWeight),
    formatSignedPercent(row.currentWeight - row.targetWeight),
    row.action === 'NONE' ? (row.reason?.startsWith('held: ') ? 'held' : '-') : `${row.action} ${formatQuantity(row.quantity)}`,
    row.action === 'NONE' ? '' : formatPrice(row.limitPrice),
    row.action === 'NONE' ? '' : formatSignedMoney(row.tradeValue),
    row.reason ?? '',
  ]);
  return textTable(
    [{ header: 'Symbol' }, { header: 'Target', align: 'right' }, { header: 'Current', align: 'right' }, { header: 'Drift', align: 'right' }, { header: 'Trade' }, { header: 'Limit', align: 'right' }, { header: `Value (${baseCurrency})`, align: 'right' }, { header: 'Note' }],
    cells,
  ).split('\n');
}

/** Trades a closed market held back: said on their own line, as they were planned but not sent. */
export function formatHeld(result: CycleResult): string[] {
  if (result.ordersHeld.length === 0) return [];
  return [`  held until their market opens (${result.ordersHeld.length}): ${result.ordersHeld.map((row) => `${row.symbol} (${row.reason?.replace(/^held: /, '')})`).join('; ')}`];
}

export function formatProblems(result: CycleResult): string[] {
  return result.problems.map((p) => `  ! ${p}`);
}

/** Orders sent whose reply was lost: said apart from the orders not sent, so nobody sends them again by hand. */
export function formatOutcomeUnknown(result: CycleResult): string[] {
  if (result.ordersOutcomeUnknown.length === 0) return [];
  return [
    `  ? sent, outcome unknown (${result.ordersOutcomeUnknown.length}): ${describeOrders(result.ordersOutcomeUnknown)}`,
    '    the broker may have placed or filled them; do not send them again by hand: the next run looks them up by their tag',
  ];
}
