import type { RiskCheck, RiskReason } from '../risk-types.js';
import { positionOrderCount, postTradeValues, usableNlv } from '../valuation.js';

export const MAX_GROSS_LEVERAGE = 'max-gross-leverage';

/**
 * Σ |position value| / NLV once every order has filled may not exceed maxGrossLeverage.
 * It judges the portfolio the plan leaves, so it passes an empty plan. A position it cannot
 * value fails closed: its exposure could be anything.
 */
export const maxGrossLeverageCheck: RiskCheck = (input) => {
  if (positionOrderCount(input) === 0) return [];
  const nlv = usableNlv(input);
  if (nlv === undefined) return [];
  const reasons: RiskReason[] = [];
  let gross = 0;
  // An indexed loop: the gate runs once per run, too seldom to be optimised, where for…of makes an iterator result per position.
  const after = postTradeValues(input);
  for (let i = 0; i < after.length; i++) {
    const { symbol, valued } = after[i]!;
    if (typeof valued === 'string') reasons.push({ check: MAX_GROSS_LEVERAGE, message: `cannot measure leverage: ${valued}`, symbol });
    else gross += Math.abs(valued);
  }
  const leverage = gross / nlv;
  if (leverage > input.limits.maxGrossLeverage) {
    reasons.push({ check: MAX_GROSS_LEVERAGE, message: `gross leverage after the plan would be ${leverage.toFixed(3)}, over the cap of ${input.limits.maxGrossLeverage}` });
  }
  return reasons;
};
