import type { RiskCheck, RiskReason } from '../risk-types.js';
import { positionOrderCount, postTradeValues, usableNlv } from '../valuation.js';

export const MAX_WEIGHT = 'max-weight';

/**
 * No instrument may hold more than maxWeight × NLV (long or short) once every order has
 * filled. Like the leverage cap it judges the portfolio the plan leaves, so it passes an
 * empty plan and fails closed on a position it cannot value.
 */
export const maxWeightCheck: RiskCheck = (input) => {
  if (positionOrderCount(input) === 0) return [];
  const nlv = usableNlv(input);
  if (nlv === undefined) return [];
  const reasons: RiskReason[] = [];
  // An indexed loop: the gate runs once per run, too seldom to be optimised, where for…of makes an iterator result per position.
  const after = postTradeValues(input);
  for (let i = 0; i < after.length; i++) {
    const { symbol, valued } = after[i]!;
    if (typeof valued === 'string') {
      reasons.push({ check: MAX_WEIGHT, message: `cannot measure the weight: ${valued}`, symbol });
      continue;
    }
    const weight = Math.abs(valued) / nlv;
    if (weight > input.limits.maxWeight) {
      reasons.push({ check: MAX_WEIGHT, message: `${symbol} would be ${(weight * 100).toFixed(2)}% of NLV after the plan, over the cap of ${input.limits.maxWeight * 100}%`, symbol });
    }
  }
  return reasons;
};
