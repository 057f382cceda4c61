import type { RiskCheck } from '../risk-types.js';

export const NON_POSITIVE_NLV = 'non-positive-nlv';

/**
 * An account with no positive net liquidation value cannot be sized against, and every
 * cap below is a fraction of NLV. It applies to empty plans too: the owner must be told.
 */
export const nonPositiveNlvCheck: RiskCheck = (input) => {
  const nlv = input.account.netLiquidation;
  return nlv > 0 && Number.isFinite(nlv) ? [] : [{ check: NON_POSITIVE_NLV, message: `net liquidation value is ${nlv}: nothing may trade until it is positive` }];
};
