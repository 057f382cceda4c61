import type { Quote } from '../domain/bar.js';
import type { ComboInstrument } from '../domain/option.js';

/**
 * The net quote of one unit of a combination bought: what its legs would cost at their asks
 * (bought legs) and bids (sold legs), and what they would fetch the other way. Undefined when
 * a leg has no quote: a combo is never priced from part of its legs.
 */
export function comboQuote(combo: ComboInstrument, quoteOf: (symbol: string) => Quote | undefined): Quote | undefined {
  let bid = 0;
  let ask = 0;
  let last = 0;
  let time = Number.POSITIVE_INFINITY;
  for (const leg of combo.legs) {
    const quote = quoteOf(leg.instrument.symbol);
    if (!quote) return undefined;
    const sign = leg.action === 'BUY' ? 1 : -1;
    bid += sign * leg.ratio * (sign > 0 ? quote.bid : quote.ask);
    ask += sign * leg.ratio * (sign > 0 ? quote.ask : quote.bid);
    last += sign * leg.ratio * quote.last;
    time = Math.min(time, quote.time);
  }
  // Sums of cent prices carry binary noise; the net is on the same cent grid.
  const clean = (x: number): number => Number(x.toFixed(8));
  return { symbol: combo.symbol, bid: clean(bid), ask: clean(ask), last: clean(last), time };
}
