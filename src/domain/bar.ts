/**
 * One OHLCV bar. `time` is the bar's start in epoch milliseconds, UTC (the convention of IB
 * and of Yahoo's daily files). A bar's close is known only once the bar has ended.
 */
export interface Bar {
  readonly time: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
}

export interface Quote {
  readonly symbol: string;
  readonly bid: number;
  readonly ask: number;
  readonly last: number;
  /** When the price was observed, epoch ms UTC; for a price-only quote, when that trade happened. */
  readonly time: number;
  /**
   * Set when the source had no bid and ask, only a last trade price: bid and ask are then that
   * one price and say nothing of the spread. Such a quote values a position; the stale-quote
   * check refuses to trade on it.
   */
  readonly priceOnly?: 'last';
  /** An option's delta as the quote's source computed it (IB's model greeks; the paper broker's Black–Scholes). */
  readonly delta?: number;
  /** An option's implied volatility, when the source sent one (IB's model greeks), e.g. 0.2. */
  readonly impliedVolatility?: number;
}

export function midPrice(quote: Quote): number {
  return (quote.bid + quote.ask) / 2;
}
