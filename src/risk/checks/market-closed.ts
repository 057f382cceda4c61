import type { RiskCheck, RiskReason } from '../risk-types.js';
import { gateFacts } from '../valuation.js';

export const MARKET_CLOSED = 'market-closed';

/** An order for a market that is closed would rest overnight at a stale limit: refuse it. */
export const marketClosedCheck: RiskCheck = (input) => {
  const reasons: RiskReason[] = [];
  const { orders } = input;
  const { ofOrder } = gateFacts(input);
  for (let i = 0; i < orders.length; i++) {
    const order = orders[i]!;
    const { instrument } = ofOrder[i]!;
    if (!instrument) {
      reasons.push({ check: MARKET_CLOSED, message: `${order.symbol} is not a configured instrument, so its trading hours are unknown`, symbol: order.symbol });
    } else if (!input.isMarketOpen(instrument, input.now)) {
      reasons.push({ check: MARKET_CLOSED, message: `${order.symbol}: market ${instrument.exchange} is closed`, symbol: order.symbol });
    }
  }
  return reasons;
};
