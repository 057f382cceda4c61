import type { RiskCheck, RiskReason } from '../risk-types.js';
import { gateFacts, isFx } from '../valuation.js';

export const NO_SHORT = 'no-short';

/**
 * With allowShort false, no sell may leave a negative position. A buy that covers part of
 * an existing short is allowed: it reduces risk, and blocking it would keep the short open.
 */
export const noShortCheck: RiskCheck = (input) => {
  if (input.limits.allowShort) return [];
  const { orders } = input;
  const { ofOrder } = gateFacts(input);
  const reasons: RiskReason[] = [];
  let reported: Set<string> | undefined;
  for (let i = 0; i < orders.length; i++) {
    const order = orders[i]!;
    // Selling an FX pair converts its first currency into the second: a cash move, not a short.
    if (order.side !== 'SELL' || isFx(ofOrder[i]!) || reported?.has(order.symbol)) continue;
    const { quantity } = ofOrder[i]!;
    // A tolerance of a billionth of the order keeps float noise in fractional lots from counting as a short.
    if (quantity < -1e-9 * order.quantity) {
      (reported ??= new Set()).add(order.symbol);
      reasons.push({ check: NO_SHORT, message: `selling ${order.quantity} ${order.symbol} would leave a short position of ${quantity}, and shorting is not allowed`, symbol: order.symbol });
    }
  }
  return reasons;
};
