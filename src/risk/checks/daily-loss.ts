import { netPnl, pnlRatio } from '../../analytics/net-pnl.js';
import type { RiskCheck } from '../risk-types.js';

export const DAILY_LOSS = 'daily-loss';

/**
 * Circuit breaker: once the day's trading loss passes dailyLossLimitPct of the capital the day
 * started with (the start-of-day NLV plus the deposits and withdrawals since, as the P&L today
 * is measured everywhere), trading stops for the day. A withdrawal is not a loss. It applies to
 * empty plans too, so the breach is reported every run.
 */
export const dailyLossCheck: RiskCheck = (input) => {
  const start = input.startOfDayNlv;
  if (start === undefined) return [];
  const flows = input.startOfDayFlows ?? 0;
  const nlv = input.account.netLiquidation;
  const pnl = netPnl(start, nlv, flows);
  const capital = start + flows;
  const floor = capital * (1 - input.limits.dailyLossLimitPct / 100);
  if (nlv >= floor) return [];
  const ratio = pnlRatio(pnl, nlv);
  const lossPct = Number.isFinite(ratio) ? -ratio * 100 : Number.POSITIVE_INFINITY;
  const adjusted = flows !== 0 ? ` adjusted by ${flows > 0 ? '+' : ''}${flows.toFixed(2)} of deposits and withdrawals since, ${capital.toFixed(2)}` : '';
  return [
    {
      check: DAILY_LOSS,
      message: `NLV ${nlv.toFixed(2)} is ${lossPct.toFixed(2)}% below the start of day (${start.toFixed(2)}${adjusted}), past the ${input.limits.dailyLossLimitPct}% daily loss limit`,
    },
  ];
};
