import type { RiskCheck, RiskReason } from '../risk-types.js';
import { gateFacts, isFx, orderValueInBase, usableNlv } from '../valuation.js';

export const MAX_ORDER_VALUE = 'max-order-value';

/** No single order (FX conversions have caps of their own) may be worth more than maxOrderValuePct of NLV (valued at the larger of limit and reference). */
export const maxOrderValueCheck: RiskCheck = (input) => {
  const nlv = usableNlv(input);
  if (nlv === undefined) return [];
  const cap = (input.limits.maxOrderValuePct / 100) * nlv;
  const reasons: RiskReason[] = [];
  const { orders } = input;
  const { ofOrder } = gateFacts(input);
  for (let i = 0; i < orders.length; i++) {
    if (isFx(ofOrder[i]!)) continue;
    const order = orders[i]!;
    const valued = orderValueInBase(input, order, ofOrder[i]!);
    if (typeof valued === 'string') {
      reasons.push({ check: MAX_ORDER_VALUE, message: valued, symbol: order.symbol });
    } else if (Math.abs(valued) > cap) {
      reasons.push({
        check: MAX_ORDER_VALUE,
        message: `${order.side} ${order.quantity} ${order.symbol} is worth ${Math.abs(valued).toFixed(2)} ${input.account.baseCurrency}, over the cap of ${input.limits.maxOrderValuePct}% of NLV (${cap.toFixed(2)})`,
        symbol: order.symbol,
      });
    }
  }
  return reasons;
};
