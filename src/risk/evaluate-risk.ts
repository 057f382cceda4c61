import { dailyLossCheck } from './checks/daily-loss.js';
import { errorFlagsCheck } from './checks/error-flags.js';
import { killSwitchCheck } from './checks/kill-switch.js';
import { marketClosedCheck } from './checks/market-closed.js';
import { maxFxPerRunCheck } from './checks/max-fx-per-run.js';
import { maxFxTradeCheck } from './checks/max-fx-trade.js';
import { maxGrossLeverageCheck } from './checks/max-gross-leverage.js';
import { maxOrderValueCheck } from './checks/max-order-value.js';
import { maxOrdersCheck } from './checks/max-orders.js';
import { maxWeightCheck } from './checks/max-weight.js';
import { noShortCheck } from './checks/no-short.js';
import { nonPositiveNlvCheck } from './checks/non-positive-nlv.js';
import { orderShapeCheck } from './checks/order-shape.js';
import { priceBandCheck } from './checks/price-band.js';
import { staleQuoteCheck } from './checks/stale-quote.js';
import type { RiskCheck, RiskInput, RiskReason, RiskVerdict } from './risk-types.js';

/**
 * The checks, in the order their reasons are reported. The first four judge the account and
 * the run, so they can block even an empty plan; the rest judge orders and pass when there
 * are none, except the stale-quote check, which also judges the prices of held positions.
 */
export const RISK_CHECKS: readonly (readonly [string, RiskCheck])[] = [
  ['error-flags', errorFlagsCheck],
  ['kill-switch', killSwitchCheck],
  ['daily-loss', dailyLossCheck],
  ['non-positive-nlv', nonPositiveNlvCheck],
  ['order-shape', orderShapeCheck],
  ['max-orders', maxOrdersCheck],
  ['max-order-value', maxOrderValueCheck],
  ['max-fx-trade', maxFxTradeCheck],
  ['max-fx-per-run', maxFxPerRunCheck],
  ['max-gross-leverage', maxGrossLeverageCheck],
  ['max-weight', maxWeightCheck],
  ['price-band', priceBandCheck],
  ['stale-quote', staleQuoteCheck],
  ['market-closed', marketClosedCheck],
  ['no-short', noShortCheck],
];

/**
 * The pre-trade gate (step 7 of the README's "One cycle"): runs every check and collects every failing
 * reason. Orders may be sent only when `allowed` is true. A check that throws (a bug, or a
 * market-hours callback failing) counts as a failure of that check: the gate fails closed.
 */
export function evaluateRisk(input: RiskInput): RiskVerdict {
  const reasons: RiskReason[] = [];
  for (let i = 0; i < RISK_CHECKS.length; i++) {
    // By index, not destructured: unoptimised code destructures an array through its iterator.
    const entry = RISK_CHECKS[i]!;
    const name = entry[0];
    const check = entry[1];
    try {
      // Most checks pass: nothing to spread into the list then.
      const failed = check(input);
      if (failed.length > 0) reasons.push(...failed);
    } catch (error) {
      reasons.push({ check: name, message: `the check could not run: ${error instanceof Error ? error.message : String(error)}` });
    }
  }
  return { allowed: reasons.length === 0, reasons };
}
