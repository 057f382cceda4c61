import { FxRates, type Currency } from './money.js';

/** A price of a CASH pair such as USDCAD: one unit of `base` costs `price` units of `quote`. */
export interface FxQuote {
  readonly pair: string;
  readonly price: number;
}

/** Rates into `base` from pair prices, using direct pairs in either orientation (USDCAD or CADUSD). */
export function fxRatesFromPairs(base: Currency, quotes: readonly FxQuote[], needed: readonly Currency[]): FxRates {
  const toBase: Record<Currency, number> = {};
  for (const { pair, price } of quotes) {
    const left = pair.slice(0, 3);
    const right = pair.slice(3, 6);
    if (left === base) toBase[right] = 1 / price;
    else if (right === base) toBase[left] = price;
  }
  const rates = new FxRates(base, toBase);
  for (const currency of needed) rates.rate(currency);
  return rates;
}
