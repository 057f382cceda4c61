import type { RiskCheck, RiskReason } from '../risk-types.js';
import { gateFacts, isFx, orderValueInBase, usableNlv } from '../valuation.js';

export const MAX_FX_TRADE = 'max-fx-trade';

/** No single FX conversion may be worth more than risk.maxFxTradePct of NLV (valued like any order, at the larger of limit and reference). */
export const maxFxTradeCheck: RiskCheck = (input) => {
  const nlv = usableNlv(input);
  if (nlv === undefined) return [];
  const cap = (input.limits.maxFxTradePct / 100) * nlv;
  const reasons: RiskReason[] = [];
  const { orders } = input;
  const { ofOrder, fxCount } = gateFacts(input);
  for (let i = 0; fxCount > 0 && i < orders.length; i++) {
    if (!isFx(ofOrder[i]!)) continue;
    const order = orders[i]!;
    const valued = orderValueInBase(input, order, ofOrder[i]!);
    if (typeof valued === 'string') {
      reasons.push({ check: MAX_FX_TRADE, message: valued, symbol: order.symbol });
    } else if (Math.abs(valued) > cap) {
      reasons.push({
        check: MAX_FX_TRADE,
        message: `FX ${order.side} ${order.quantity} ${order.symbol} is worth ${Math.abs(valued).toFixed(2)} ${input.account.baseCurrency}, over the cap of ${input.limits.maxFxTradePct}% of NLV (${cap.toFixed(2)}): raise risk.maxFxTradePct or check fxHedge`,
        symbol: order.symbol,
      });
    }
  }
  return reasons;
};
