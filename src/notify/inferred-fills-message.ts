import type { Fill } from '../domain/order.js';
import type { Notice } from './notifier.js';

/**
 * The alert that says plainly that fills were inferred rather than reported: the broker no
 * longer reported their executions, so their quantities come from its completed orders and
 * their prices from the cash that moved (or the order's limit), not from execution reports.
 */
export function inferredFillsNotice(input: { accountId: string; runId: string; time: number; fills: readonly Fill[] }): Notice {
  const lines = input.fills.map((f) => `  ${f.side} ${f.quantity} ${f.symbol} at about ${Number(f.price.toFixed(6))} ${f.currency} (order ${f.tag}, recorded as ${f.execId})`);
  const text = [
    `Run ${input.runId} of account ${input.accountId} recorded ${input.fills.length} fill(s) it had to INFER: the broker no longer reported their executions (its gateway restarted, or they are from an earlier day), but its completed orders show them filled.`,
    '',
    ...lines,
    '',
    'The quantities are the broker\'s; the prices are not execution prices: they come from the cash the account moved (commission included) or, failing that, from the order\'s limit. They are marked "inferred:" in the journal and trades.csv. Compare them with the broker\'s statement (activity report) for the day.',
    'To keep fills from having to be inferred, let the end-of-day job run after the close and before IB Gateway\'s daily restart (schedule.endOfDay).',
    '',
  ].join('\n');
  return { kind: 'alert', subject: `[autofolio] ${input.accountId} ${input.fills.length} fill(s) inferred from completed orders`, text, time: input.time };
}
