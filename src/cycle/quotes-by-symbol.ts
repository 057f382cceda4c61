import type { Quote } from '../domain/bar.js';

/** Quotes by symbol (the last of a symbol quoted twice, as `new Map` keeps it), without a pair array per quote: a run reads hundreds. */
export function quotesBySymbol(quotes: readonly Quote[]): Map<string, Quote> {
  const bySymbol = new Map<string, Quote>();
  for (const quote of quotes) bySymbol.set(quote.symbol, quote);
  return bySymbol;
}
