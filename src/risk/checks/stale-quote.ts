import type { RiskCheck, RiskReason } from '../risk-types.js';

export const STALE_QUOTE = 'stale-quote';

/**
 * An order priced off an old quote (or none) may be far from the market, and a position
 * valued at an old price makes the NLV, and so every order's size, wrong: refuse both. Held
 * instruments are checked even when the plan is empty, so a data feed that stopped is noticed
 * in the next run rather than when an order finally depends on it. A quote without a time
 * cannot be shown fresh, and one without a bid and an ask (a last price only) says nothing of
 * where the market is now: both are refused like no quote.
 */
export const staleQuoteCheck: RiskCheck = (input) => {
  const reasons: RiskReason[] = [];
  const maxAgeMs = input.limits.maxQuoteAgeMinutes * 60_000;
  const tradable = new Set(input.instruments.map((i) => i.symbol));
  const held = input.account.positions.filter((p) => p.quantity !== 0 && tradable.has(p.symbol)).map((p) => p.symbol);
  const symbols = [...new Set([...input.orders.map((o) => o.symbol), ...held])];
  for (const symbol of symbols) {
    const quote = input.quotes.get(symbol);
    if (!quote) {
      reasons.push({ check: STALE_QUOTE, message: `${symbol}: no quote`, symbol });
      continue;
    }
    if (!Number.isFinite(quote.time)) {
      reasons.push({ check: STALE_QUOTE, message: `${symbol}: the quote has no time, so its age is unknown`, symbol });
      continue;
    }
    if (quote.priceOnly) {
      reasons.push({ check: STALE_QUOTE, message: `${symbol}: no bid/ask, only a ${quote.priceOnly} price from ${new Date(quote.time).toISOString()}: no quote to trade on`, symbol });
      continue;
    }
    const ageMs = input.now - quote.time;
    if (!(ageMs <= maxAgeMs)) {
      reasons.push({ check: STALE_QUOTE, message: `${symbol}: quote is ${(ageMs / 60_000).toFixed(1)} minutes old, older than ${input.limits.maxQuoteAgeMinutes}`, symbol });
    }
  }
  return reasons;
};
