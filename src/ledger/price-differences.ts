import { fromMinor, toMinor, type Currency } from '../domain/money.js';
import type { InstrumentTerms } from './entries-from.js';
import type { ReconcileLine } from './reconcile.js';

/** How a trade's value was found: from the cash the broker's account moved, or at the reference (market) price. */
export type PricedBy = 'cash' | 'market';

/** A position difference as a trade of the difference, with its value. */
export interface PricedDifference {
  readonly line: ReconcileLine;
  readonly terms: InstrumentTerms;
  /** |quantity × price × multiplier| in minor units. */
  readonly valueMinor: number;
  readonly pricedBy: PricedBy;
}

interface Leg {
  readonly line: ReconcileLine;
  readonly terms: InstrumentTerms;
  /** −1 for a buy (cash out), +1 for a sell. */
  readonly cashSign: number;
  /** The trade's value at the reference price, minor units, ≥ 0. */
  readonly marketMinor: number;
}

// A cash move more than twice or less than half the market value of the trades is not
// theirs: a deposit or a dividend happened too, and the trades are valued at the market.
const MAX_PRICE_FACTOR = 2;

/**
 * Values the trades that explain the position differences. A trade the ledger never saw moved
 * the cash of its currency by its value and commission; where the cash difference of that
 * currency has the direction and about the size the trades would have at the reference price,
 * the trades take it exactly (in proportion to their reference values, commission included in
 * the price), so that the ledger then agrees to the cent. Otherwise they are valued at the
 * reference price and the cash difference is left over. Pure.
 */
export function priceDifferences(options: {
  readonly lines: readonly ReconcileLine[];
  readonly terms: (symbol: string) => InstrumentTerms;
  /** Price per unit to value a trade at when the cash says nothing. */
  readonly referencePrice: (line: ReconcileLine) => number | undefined;
}): { priced: PricedDifference[]; cashLeft: { currency: Currency; difference: number }[] } {
  const { lines, terms } = options;
  const legsByCurrency = new Map<Currency, Leg[]>();
  for (const line of lines.filter((l) => l.kind === 'position' && l.difference !== 0)) {
    const t = terms(line.key);
    const price = options.referencePrice(line);
    if (price === undefined || !(price > 0)) throw new Error(`no price to value the trade of ${line.key} at: neither a quote nor an average cost at the broker`);
    const leg: Leg = { line, terms: t, cashSign: line.difference > 0 ? -1 : 1, marketMinor: toMinor(Math.abs(line.difference) * price * t.multiplier, t.currency) };
    legsByCurrency.set(t.currency, [...(legsByCurrency.get(t.currency) ?? []), leg]);
  }
  const cashDifference = new Map(lines.filter((l) => l.kind === 'cash').map((l) => [l.key, toMinor(l.difference, l.key)]));
  const priced: PricedDifference[] = [];
  const cashLeft: { currency: Currency; difference: number }[] = [];
  for (const currency of new Set([...legsByCurrency.keys(), ...cashDifference.keys()])) {
    const legs = legsByCurrency.get(currency) ?? [];
    const cash = cashDifference.get(currency) ?? 0;
    const atMarket = legs.reduce((sum, leg) => sum + leg.cashSign * leg.marketMinor, 0);
    const factor = atMarket !== 0 ? cash / atMarket : 0;
    const shared = legs.length > 0 && factor >= 1 / MAX_PRICE_FACTOR && factor <= MAX_PRICE_FACTOR ? shareOut(legs, cash, factor) : undefined;
    const byCash = shared !== undefined && shared.every((value) => value > 0);
    const values = byCash ? shared : legs.map((leg) => leg.marketMinor);
    legs.forEach((leg, i) => priced.push({ line: leg.line, terms: leg.terms, valueMinor: values[i]!, pricedBy: byCash ? 'cash' : 'market' }));
    const left = cash - legs.reduce((sum, leg, i) => sum + leg.cashSign * values[i]!, 0);
    if (left !== 0) cashLeft.push({ currency, difference: fromMinor(left, currency) });
  }
  return { priced, cashLeft };
}

/** Values whose signed sum is exactly `cash`: the reference values scaled, the rounding remainder on the largest. */
function shareOut(legs: readonly Leg[], cash: number, factor: number): number[] {
  const values = legs.map((leg) => Math.round(leg.marketMinor * factor));
  const remainder = cash - legs.reduce((sum, leg, i) => sum + leg.cashSign * values[i]!, 0);
  const largest = values.indexOf(Math.max(...values));
  values[largest] = values[largest]! + remainder * legs[largest]!.cashSign;
  return values;
}
