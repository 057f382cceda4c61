import { midPrice } from '../../domain/bar.js';
import type { RiskCheck, RiskReason } from '../risk-types.js';
import { gateFacts } from '../valuation.js';

export const PRICE_BAND = 'price-band';

/**
 * A limit further than priceBandBps from the reference is refused: it is a fat finger or a
 * bad quote. The reference is the current mid quote, so that a wrong reference carried by
 * the order cannot vouch for its own limit; the order's reference is used only without a quote.
 */
export const priceBandCheck: RiskCheck = (input) => {
  const reasons: RiskReason[] = [];
  const band = input.limits.priceBandBps / 10_000;
  const { orders } = input;
  const { ofOrder } = gateFacts(input);
  for (let i = 0; i < orders.length; i++) {
    const order = orders[i]!;
    const { quote } = ofOrder[i]!;
    const reference = quote ? midPrice(quote) : order.referencePrice;
    if (!(reference > 0) || !Number.isFinite(reference)) {
      reasons.push({ check: PRICE_BAND, message: `${order.symbol}: no usable reference price to judge the limit ${order.limitPrice}`, symbol: order.symbol });
      continue;
    }
    const distance = Math.abs(order.limitPrice - reference) / reference;
    if (!(distance <= band)) {
      reasons.push({
        check: PRICE_BAND,
        message: `${order.symbol}: limit ${order.limitPrice} is ${(distance * 10_000).toFixed(1)} bps from the reference ${reference}, outside the ${input.limits.priceBandBps} bps band`,
        symbol: order.symbol,
      });
    }
  }
  return reasons;
};
