import type { RiskCheck, RiskReason } from '../risk-types.js';

export const STALE_QUOTE = 'stale-quote';

/** An order priced off an old quote (or none) may be far from the market: refuse it. */
export const staleQuoteCheck: RiskCheck = (input) => {
  const reasons: RiskReason[] = [];
  const maxAgeMs = input.limits.maxQuoteAgeMinutes * 60_000;
  for (const order of input.orders) {
    const quote = input.quotes.get(order.symbol);
    if (!quote) {
      reasons.push({ check: STALE_QUOTE, message: `${order.symbol}: no quote`, symbol: order.symbol });
      continue;
    }
    const ageMs = input.now - quote.time;
    if (!(ageMs <= maxAgeMs)) {
      reasons.push({
        check: STALE_QUOTE,
        message: `${order.symbol}: quote is ${(ageMs / 60_000).toFixed(1)} minutes old, older than ${input.limits.maxQuoteAgeMinutes}`,
        symbol: order.symbol,
      });
    }
  }
  return reasons;
};
