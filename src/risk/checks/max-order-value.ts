import type { RiskCheck, RiskReason } from '../risk-types.js';
import { orderValueInBase, positionOrders, usableNlv } from '../valuation.js';

export const MAX_ORDER_VALUE = 'max-order-value';

/** No single order (FX conversions have caps of their own) may be worth more than maxOrderValuePct of NLV (valued at the larger of limit and reference). */
export const maxOrderValueCheck: RiskCheck = (input) => {
  const nlv = usableNlv(input);
  if (nlv === undefined) return [];
  const cap = (input.limits.maxOrderValuePct / 100) * nlv;
  const reasons: RiskReason[] = [];
  for (const order of positionOrders(input)) {
    const valued = orderValueInBase(input, order);
    if ('problem' in valued) {
      reasons.push({ check: MAX_ORDER_VALUE, message: valued.problem, symbol: order.symbol });
    } else if (Math.abs(valued.value) > cap) {
      reasons.push({
        check: MAX_ORDER_VALUE,
        message: `${order.side} ${order.quantity} ${order.symbol} is worth ${Math.abs(valued.value).toFixed(2)} ${input.account.baseCurrency}, over the cap of ${input.limits.maxOrderValuePct}% of NLV (${cap.toFixed(2)})`,
        symbol: order.symbol,
      });
    }
  }
  return reasons;
};
