import type { RiskCheck } from '../risk-types.js';
import { gateFacts, isFx, orderValueInBase, usableNlv } from '../valuation.js';

export const MAX_FX_PER_RUN = 'max-fx-per-run';

/**
 * All the FX conversions of one run together may not be worth more than risk.maxFxPerRunPct of
 * NLV: a hedge that wants more than that at once is more likely a wrong rate or position than a
 * real need. An order it cannot value is left to max-fx-trade, which names it.
 */
export const maxFxPerRunCheck: RiskCheck = (input) => {
  const nlv = usableNlv(input);
  if (nlv === undefined) return [];
  let total = 0;
  let count = 0;
  const { orders } = input;
  const { ofOrder, fxCount } = gateFacts(input);
  for (let i = 0; fxCount > 0 && i < orders.length; i++) {
    if (!isFx(ofOrder[i]!)) continue;
    const valued = orderValueInBase(input, orders[i]!, ofOrder[i]!);
    if (typeof valued === 'number') total += Math.abs(valued);
    count += 1;
  }
  const cap = (input.limits.maxFxPerRunPct / 100) * nlv;
  if (total <= cap) return [];
  return [{ check: MAX_FX_PER_RUN, message: `${count} FX trade${count === 1 ? '' : 's'} worth ${total.toFixed(2)} ${input.account.baseCurrency} in all, over the cap of ${input.limits.maxFxPerRunPct}% of NLV per run (${cap.toFixed(2)}): raise risk.maxFxPerRunPct or check fxHedge` }];
};
