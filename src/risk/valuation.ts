import { midPrice } from '../domain/bar.js';
import type { Instrument } from '../domain/instrument.js';
import type { OrderIntent } from '../domain/order.js';
import { instrumentsBySymbol } from '../planning/instrument-index.js';
import { postTradePositions } from '../planning/post-trade.js';
import type { RiskInput } from './risk-types.js';

/** A value in the base currency, or why it could not be worked out. */
export type Valued = { readonly value: number } | { readonly problem: string };

// The checks look instruments up once per order and value the post-trade portfolio twice:
// indexed and kept per input, a gate over N orders costs O(N), not O(N²).
const postTradeByInput = new WeakMap<RiskInput, Map<string, Valued>>();

export function findInstrument(input: RiskInput, symbol: string): Instrument | undefined {
  return instrumentsBySymbol(input.instruments).get(symbol);
}

/**
 * Value in base of `quantity` units of `symbol` at `price` (the mid quote when omitted).
 * Returns a problem instead of throwing so that a check can fail closed with a reason.
 */
export function valueInBase(input: RiskInput, symbol: string, quantity: number, price?: number): Valued {
  const instrument = findInstrument(input, symbol);
  if (!instrument) return { problem: `${symbol} is not a configured instrument, so its value is unknown` };
  let unitPrice = price;
  if (unitPrice === undefined) {
    const quote = input.quotes.get(symbol);
    if (!quote) return { problem: `no quote for ${symbol}, so its value is unknown` };
    unitPrice = midPrice(quote);
  }
  if (!(unitPrice > 0) || !Number.isFinite(unitPrice)) return { problem: `price of ${symbol} (${unitPrice}) is not a positive number` };
  const { fx } = input;
  if (!fx?.has(instrument.currency)) return { problem: `no FX rate from ${instrument.currency} to the base currency to value ${symbol}` };
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

/** Whether an order converts currencies (an FX pair, secType CASH) rather than buying or selling a position. */
export function isFxOrder(input: RiskInput, order: OrderIntent): boolean {
  return findInstrument(input, order.symbol)?.secType === 'CASH';
}

/**
 * The orders that change positions: an FX conversion moves cash from one currency to another
 * and leaves no position, so the position caps never see it; the FX caps judge it instead.
 */
export function positionOrders(input: RiskInput): readonly OrderIntent[] {
  return input.orders.some((order) => isFxOrder(input, order)) ? input.orders.filter((order) => !isFxOrder(input, order)) : input.orders;
}

/** Post-trade position values in base at mid quotes, assuming every order fills in full. */
export function postTradeValues(input: RiskInput): ReadonlyMap<string, Valued> {
  const known = postTradeByInput.get(input);
  if (known) return known;
  const values = new Map<string, Valued>();
  postTradeByInput.set(input, values);
  for (const [symbol, quantity] of postTradePositions(input.account, positionOrders(input))) {
    // A flat position has no value whatever its price, so a missing quote does not matter.
    values.set(symbol, quantity === 0 ? { value: 0 } : valueInBase(input, symbol, quantity));
  }
  return values;
}

/** NLV when it can be divided by; checks that need it pass and leave the complaint to non-positive-nlv. */
export function usableNlv(input: RiskInput): number | undefined {
  const nlv = input.account.netLiquidation;
  return nlv > 0 && Number.isFinite(nlv) ? nlv : undefined;
}
