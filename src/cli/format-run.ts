import { describeOrders } from '../cycle/steps/describe-orders.js';
import type { CycleResult } from '../cycle/run-cycle.js';

const money = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** One line per run: time, NLV, leverage, orders sent, fills, outcome. */
export function formatRunLine(result: CycleResult): string {
  const time = new Date(result.time).toISOString().replace('T', ' ').slice(0, 16) + 'Z';
  const snapshot = result.snapshot;
  const nlv = snapshot ? `NLV ${money.format(snapshot.nlv).padStart(14)} ${snapshot.baseCurrency}` : 'NLV'.padEnd(22) + ' ?';
  const leverage = snapshot ? `lev ${snapshot.grossLeverage.toFixed(2)}` : 'lev ?   ';
  return `${time}  ${nlv}  ${leverage}  orders ${String(result.ordersSent).padStart(3)}/${String(result.ordersPlanned).padEnd(3)} fills ${String(result.fills).padStart(3)}  ${result.outcome}`;
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
