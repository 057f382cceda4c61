import type { Quote } from '../domain/bar.js';
import type { Instrument } from '../domain/instrument.js';
import { instrumentPlaces } from '../planning/instrument-index.js';

/**
 * Quotes by symbol (the last of a symbol quoted twice, as `new Map` keeps it), without a pair
 * array per quote: a run reads hundreds.
 *
 * `asked` is the list the quotes were read for, when it is one of the config's shared lists (a
 * list not kept from run to run would be indexed for nothing). A broker answers such a list
 * with one quote per instrument in its order; the quotes are then looked up through the list's
 * index, kept once per list, rather than through a map of hundreds of symbols made at every run.
 */
export function quotesBySymbol(quotes: readonly Quote[], asked?: readonly Instrument[]): ReadonlyMap<string, Quote> {
  if (asked !== undefined && inListOrder(quotes, asked)) {
    const { placeOf, instruments } = instrumentPlaces(asked);
    // A symbol listed twice has one place for two quotes: such a list gets a map.
    if (instruments.length === quotes.length) return new QuotesInListOrder(placeOf, quotes);
  }
  const bySymbol = new Map<string, Quote>();
  for (let i = 0; i < quotes.length; i++) bySymbol.set(quotes[i]!.symbol, quotes[i]!);
  return bySymbol;
}

function inListOrder(quotes: readonly Quote[], asked: readonly Instrument[]): boolean {
  if (quotes.length !== asked.length) return false;
  for (let i = 0; i < quotes.length; i++) if (quotes[i]!.symbol !== asked[i]!.symbol) return false;
  return true;
}

/** A read-only map of quotes whose symbols are those of a list of distinct symbols, in its order, each at its place. */
class QuotesInListOrder implements ReadonlyMap<string, Quote> {
  private readonly placeOf: ReadonlyMap<string, number>;
  private readonly quotes: readonly Quote[];

  constructor(placeOf: ReadonlyMap<string, number>, quotes: readonly Quote[]) {
    this.placeOf = placeOf;
    this.quotes = quotes;
  }

  get size(): number {
    return this.quotes.length;
  }

  get(symbol: string): Quote | undefined {
    const place = this.placeOf.get(symbol);
    return place === undefined ? undefined : this.quotes[place];
  }

  has(symbol: string): boolean {
    return this.placeOf.has(symbol);
  }

  forEach(callback: (quote: Quote, symbol: string, map: ReadonlyMap<string, Quote>) => void, thisArg?: unknown): void {
    const quotes = this.quotes;
    for (let i = 0; i < quotes.length; i++) callback.call(thisArg, quotes[i]!, quotes[i]!.symbol, this);
  }

  *entries(): MapIterator<[string, Quote]> {
    for (const quote of this.quotes) yield [quote.symbol, quote];
  }

  *keys(): MapIterator<string> {
    for (const quote of this.quotes) yield quote.symbol;
  }

  *values(): MapIterator<Quote> {
    yield* this.quotes;
  }

  [Symbol.iterator](): MapIterator<[string, Quote]> {
    return this.entries();
  }
}
