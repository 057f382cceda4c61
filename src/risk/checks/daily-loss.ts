import type { RiskCheck } from '../risk-types.js';

export const DAILY_LOSS = 'daily-loss';

/**
 * Circuit breaker: once NLV falls dailyLossLimitPct below the start-of-day NLV, trading
 * stops for the day. It applies to empty plans too, so the breach is reported every run.
 */
export const dailyLossCheck: RiskCheck = (input) => {
  const start = input.startOfDayNlv;
  if (start === undefined) return [];
  const floor = start * (1 - input.limits.dailyLossLimitPct / 100);
  const nlv = input.account.netLiquidation;
  if (nlv >= floor) return [];
  const lossPct = start > 0 ? ((start - nlv) / start) * 100 : Number.POSITIVE_INFINITY;
  return [
    {
      check: DAILY_LOSS,
      message: `NLV ${nlv.toFixed(2)} is ${lossPct.toFixed(2)}% below the start of day (${start.toFixed(2)}), past the ${input.limits.dailyLossLimitPct}% daily loss limit`,
    },
  ];
};
