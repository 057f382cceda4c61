import { fromMinor, toMinor, type Currency } from '../domain/money.js';
import type { Fill } from '../domain/order.js';
import type { InstrumentTerms } from './entries-from.js';
import type { LedgerEntry } from './ledger-entry.js';
import type { ReconcileLine } from './reconcile.js';

/** The tag of a trade made outside autofolio (by hand at the broker) once it is adopted. */
export const EXTERNAL_TAG = 'external';

/** Execution ids autofolio makes itself start with one of these, never a broker's id. */
export const EXTERNAL_EXEC_PREFIX = 'external:';

export interface AdoptedTrade {
  readonly fill: Fill;
  readonly entry: LedgerEntry;
  /** How the price was found: from the cash the broker's account moved, or the market price (no such cash move). */
  readonly pricedBy: 'cash' | 'market';
}

export interface AdoptionPlan {
  readonly trades: readonly AdoptedTrade[];
  /** Cash differences no adopted trade explains: cash flows, for `autofolio cashflow add`. */
  readonly cashLeft: readonly { readonly currency: Currency; readonly difference: number }[];
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
 * The broker's differences against the ledger as external trades: each position difference
 * becomes a buy or sell of the difference. A manual trade moves the cash of its currency by its
 * value and commission; where the cash difference of that currency has the direction and about
 * the size the trades would have at the market, the trades take it exactly (in proportion to
 * their market values, commission included in the price), so the ledger then agrees to the cent.
 * Otherwise they are valued at the reference price and the cash difference stays for
 * `cashflow add`. Pure: the caller records the result.
 */
export function adoptDifferences(options: {
  readonly lines: readonly ReconcileLine[];
  readonly terms: (symbol: string) => InstrumentTerms;
  /** Price per unit to value a trade at when the cash says nothing: the market's, else the broker's average cost. */
  readonly referencePrice: (line: ReconcileLine) => number | undefined;
  readonly runId: string;
  readonly time: number;
}): AdoptionPlan {
  const { lines, terms, runId, time } = options;
  const legsByCurrency = new Map<Currency, Leg[]>();
  for (const line of lines.filter((l) => l.kind === 'position' && !l.withinTolerance)) {
    const t = terms(line.key);
    const price = options.referencePrice(line);
    if (price === undefined || !(price > 0)) throw new Error(`no price to value the external trade of ${line.key} at: neither a quote nor an average cost at the broker`);
    const leg: Leg = { line, terms: t, cashSign: line.difference > 0 ? -1 : 1, marketMinor: toMinor(Math.abs(line.difference) * price * t.multiplier, t.currency) };
    legsByCurrency.set(t.currency, [...(legsByCurrency.get(t.currency) ?? []), leg]);
  }
  const cashDifference = new Map(lines.filter((l) => l.kind === 'cash').map((l) => [l.key, toMinor(l.difference, l.key)]));
  const trades: AdoptedTrade[] = [];
  const cashLeft: { currency: Currency; difference: number }[] = [];
  for (const currency of new Set([...legsByCurrency.keys(), ...cashDifference.keys()])) {
    const legs = legsByCurrency.get(currency) ?? [];
    const cash = cashDifference.get(currency) ?? 0;
    const atMarket = legs.reduce((sum, leg) => sum + leg.cashSign * leg.marketMinor, 0);
    const factor = atMarket !== 0 ? cash / atMarket : 0;
    const shared = legs.length > 0 && factor >= 1 / MAX_PRICE_FACTOR && factor <= MAX_PRICE_FACTOR ? shareOut(legs, cash, factor) : undefined;
    const byCash = shared !== undefined && shared.every((value) => value > 0);
    const values = byCash ? shared : legs.map((leg) => leg.marketMinor);
    legs.forEach((leg, i) => trades.push(externalTrade(leg, values[i]!, byCash ? 'cash' : 'market', runId, time)));
    const left = cash - legs.reduce((sum, leg, i) => sum + leg.cashSign * values[i]!, 0);
    if (left !== 0) cashLeft.push({ currency, difference: fromMinor(left, currency) });
  }
  return { trades, cashLeft };
}

/** Values whose signed sum is exactly `cash`: the market values scaled, the rounding remainder on the largest. */
function shareOut(legs: readonly Leg[], cash: number, factor: number): number[] {
  const values = legs.map((leg) => Math.round(leg.marketMinor * factor));
  const remainder = cash - legs.reduce((sum, leg, i) => sum + leg.cashSign * values[i]!, 0);
  const largest = values.indexOf(Math.max(...values));
  values[largest] = values[largest]! + remainder * legs[largest]!.cashSign;
  return values;
}

function externalTrade(leg: Leg, valueMinor: number, pricedBy: AdoptedTrade['pricedBy'], runId: string, time: number): AdoptedTrade {
  const { line, terms } = leg;
  const quantity = Math.abs(line.difference);
  const price = fromMinor(valueMinor, terms.currency) / (quantity * terms.multiplier);
  const execId = `${EXTERNAL_EXEC_PREFIX}${runId}:${line.key}`;
  const side = line.difference > 0 ? 'BUY' : 'SELL';
  const fill: Fill = { execId, brokerOrderId: '', tag: EXTERNAL_TAG, symbol: line.key, side, quantity, price, commission: 0, currency: terms.currency, time };
  const entry: LedgerEntry = {
    kind: 'fill',
    time,
    currency: terms.currency,
    amountMinor: valueMinor,
    symbol: line.key,
    quantity: line.difference,
    price,
    multiplier: terms.multiplier,
    commissionMinor: 0,
    execId,
    note: `external trade adopted by \`autofolio ledger adopt\`, priced ${pricedBy === 'cash' ? 'by the cash it moved at the broker (commission included)' : 'at the market (no matching cash move)'}`,
  };
  return { fill, entry, pricedBy };
}
