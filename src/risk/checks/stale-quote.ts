import type { RiskCheck, RiskReason } from '../risk-types.js';
import { gateFacts } from '../valuation.js';

export const STALE_QUOTE = 'stale-quote';

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

/** An age people read: minutes below a day, days beyond ("549922.6 minutes" says nothing). */
function age(ms: number): string {
  return ms < DAY_MS ? `${(ms / MINUTE_MS).toFixed(1)} minutes` : `${(ms / DAY_MS).toFixed(1)} days`;
}

/**
 * An order priced off an old quote (or none) may be far from the market, and a position
 * valued at an old price makes the NLV, and so every order's size, wrong: refuse both. Held
 * instruments are checked even when the plan is empty, so a data feed that stopped is noticed
 * in the next run rather than when an order finally depends on it. A quote without a time
 * cannot be shown fresh, and one without a bid and an ask (a last price only) says nothing of
 * where the market is now: both are refused like no quote.
 * When every quote is old the
 * data as a whole ends before the clock (old files on the wall clock, a feed that stopped): that
 * is said once, with how far back it ends and what to do, rather than once per symbol.
 */
export const staleQuoteCheck: RiskCheck = (input) => {
  const reasons: RiskReason[] = [];
  const maxAgeMs = input.limits.maxQuoteAgeMinutes * MINUTE_MS;
  // The orders' symbols, then the held ones, each once.
  const symbols = gateFacts(input).quoted;
  const stale: { symbol: string; time: number }[] = [];
  // An indexed loop: the gate runs once per run, too seldom to be optimised, where for…of makes an iterator result per symbol.
  for (let i = 0; i < symbols.length; i++) {
    const { symbol, quote } = symbols[i]!;
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
      stale.push({ symbol, time: quote.time });
      reasons.push({ check: STALE_QUOTE, message: `${symbol}: quote is ${age(ageMs)} old, older than ${input.limits.maxQuoteAgeMinutes} minutes`, symbol });
    }
  }
  if (stale.length > 1 && stale.length === symbols.length) {
    const newest = Math.max(...stale.map((s) => s.time));
    const message =
      `all ${stale.length} quotes are old: the market data ends ${new Date(newest).toISOString()}, ${age(input.now - newest)} before the run's clock (${new Date(input.now).toISOString()}). ` +
      'Bring the data up to date (refresh the files in dataDir, or check the broker\'s data feed); to trade the files as they are, set clock: data';
    return [{ check: STALE_QUOTE, message }];
  }
  return reasons;
};
