import { midPrice } from '../domain/bar.js';
import type { Instrument } from '../domain/instrument.js';
import type { OrderIntent } from '../domain/order.js';
import { instrumentsBySymbol } from '../planning/instrument-index.js';
import { postTradePositions } from '../planning/post-trade.js';
import type { RiskInput } from './risk-types.js';

/** A value in the base currency, or why it could not be worked out. */
export type Valued = { readonly value: number } | { readonly problem: string };

/** What the checks ask of one gate's input again and again, worked out once for it. */
interface InputFacts {
  readonly instruments: ReadonlyMap<string, Instrument>;
  readonly positionOrders: readonly OrderIntent[];
  readonly fxOrders: readonly OrderIntent[];
  postTradeQuantities?: ReadonlyMap<string, number>;
  postTradeValues?: ReadonlyMap<string, Valued>;
}

// Several checks walk the orders, split into position and FX orders, and value the post-trade
// portfolio: kept per input, a gate over N orders looks each order's instrument up once, not
// once per check, and costs O(N), not O(N²).
const factsByInput = new WeakMap<RiskInput, InputFacts>();

function factsOf(input: RiskInput): InputFacts {
  let facts = factsByInput.get(input);
  if (!facts) {
    const instruments = instrumentsBySymbol(input.instruments);
    const isFx = (order: OrderIntent): boolean => instruments.get(order.symbol)?.secType === 'CASH';
    const fxOrders = input.orders.filter(isFx);
    facts = { instruments, fxOrders, positionOrders: fxOrders.length > 0 ? input.orders.filter((order) => !isFx(order)) : input.orders };
    factsByInput.set(input, facts);
  }
  return facts;
}

export function findInstrument(input: RiskInput, symbol: string): Instrument | undefined {
  return factsOf(input).instruments.get(symbol);
}

/**
 * Value in base of `quantity` units of `symbol` at `price` (the mid quote when omitted).
 * Returns a problem instead of throwing so that a check can fail closed with a reason.
 */
export function valueInBase(input: RiskInput, symbol: string, quantity: number, price?: number): Valued {
  return valueOf(input, factsOf(input).instruments.get(symbol), symbol, quantity, price);
}

function valueOf(input: RiskInput, instrument: Instrument | undefined, symbol: string, quantity: number, price?: number): Valued {
  if (!instrument) return { problem: `${symbol} is not a configured instrument, so its value is unknown` };
  let unitPrice = price;
  if (unitPrice === undefined) {
    const quote = input.quotes.get(symbol);
    if (!quote) return { problem: `no quote for ${symbol}, so its value is unknown` };
    unitPrice = midPrice(quote);
  }
  if (!(unitPrice > 0) || !Number.isFinite(unitPrice)) return { problem: `price of ${symbol} (${unitPrice}) is not a positive number` };
  const { fx } = input;
  // The base currency always has its rate (1): only another currency's is looked up.
  if (!fx || (instrument.currency !== fx.base && !fx.has(instrument.currency))) return { problem: `no FX rate from ${instrument.currency} to the base currency to value ${symbol}` };
  const value = fx.toBase(quantity * unitPrice * instrument.multiplier, instrument.currency);
  if (!Number.isFinite(value)) return { problem: `value of ${symbol} is not a finite number` };
  return { value };
}

/**
 * Order value in base at the larger of its limit and reference price, so that a sell
 * (whose limit sits below the reference) is not understated against the size cap.
 */
export function orderValueInBase(input: RiskInput, order: OrderIntent): Valued {
  return valueInBase(input, order.symbol, order.quantity, Math.max(order.limitPrice, order.referencePrice));
}

/**
 * The orders that change positions: an FX conversion moves cash from one currency to another
 * and leaves no position, so the position caps never see it; the FX caps judge it instead.
 */
export function positionOrders(input: RiskInput): readonly OrderIntent[] {
  return factsOf(input).positionOrders;
}

/** The orders that convert currencies (an FX pair, secType CASH) rather than buy or sell a position, in their order. */
export function fxOrders(input: RiskInput): readonly OrderIntent[] {
  return factsOf(input).fxOrders;
}

/** Signed quantity per symbol once every position order has filled in full (see postTradePositions). */
export function postTradeQuantities(input: RiskInput): ReadonlyMap<string, number> {
  const facts = factsOf(input);
  return (facts.postTradeQuantities ??= postTradePositions(input.account, facts.positionOrders));
}

/** Post-trade position values in base at mid quotes, assuming every order fills in full. */
export function postTradeValues(input: RiskInput): ReadonlyMap<string, Valued> {
  const facts = factsOf(input);
  if (facts.postTradeValues) return facts.postTradeValues;
  const values = new Map<string, Valued>();
  for (const [symbol, quantity] of postTradeQuantities(input)) {
    // A flat position has no value whatever its price, so a missing quote does not matter.
    values.set(symbol, quantity === 0 ? { value: 0 } : valueOf(input, facts.instruments.get(symbol), symbol, quantity));
  }
  facts.postTradeValues = values;
  return values;
}

/** NLV when it can be divided by; checks that need it pass and leave the complaint to non-positive-nlv. */
export function usableNlv(input: RiskInput): number | undefined {
  const nlv = input.account.netLiquidation;
  return nlv > 0 && Number.isFinite(nlv) ? nlv : undefined;
}
