import type { Instrument } from '../domain/instrument.js';
import type { OrderIntent } from '../domain/order.js';
import { roundToLot } from '../domain/rounding.js';

/** A sell of the run after its ladder: what it filled in all, and what it had filled before this run planned it. */
export interface SellOutcome {
  readonly intent: OrderIntent;
  readonly filled: number;
  readonly alreadyFilled: number;
}

export interface ResizeInput {
  readonly sells: readonly SellOutcome[];
  readonly buys: readonly OrderIntent[];
  readonly instruments: ReadonlyMap<string, Instrument>;
  readonly toBase: (amount: number, currency: string) => number;
}

/**
 * The buys sized to the cash the sells actually freed. The plan sized the buys on the sells'
 * proceeds; a sell that filled short freed less, so every buy is scaled down by one factor
 * (the shortfall's share of the buys' value) and rounded down to its lot, which never spends
 * more than the sells freed. Returns the buys by tag; a buy scaled to nothing is left out.
 */
export function resizeBuysToFreedCash(input: ResizeInput): Map<string, OrderIntent> {
  const valueBase = (intent: OrderIntent, quantity: number, price: number): number => {
    const instrument = input.instruments.get(intent.symbol);
    return instrument ? input.toBase(quantity * price * instrument.multiplier, instrument.currency) : 0;
  };
  let shortfall = 0;
  for (const sell of input.sells) {
    const missing = Math.max(0, sell.intent.quantity - (sell.filled - sell.alreadyFilled));
    shortfall += valueBase(sell.intent, missing, sell.intent.referencePrice);
  }
  const resized = new Map(input.buys.map((buy) => [buy.tag, buy]));
  if (!(shortfall > 0)) return resized;
  const buysValue = input.buys.reduce((sum, buy) => sum + valueBase(buy, buy.quantity, buy.limitPrice), 0);
  const factor = buysValue > 0 ? Math.max(0, 1 - shortfall / buysValue) : 0;
  for (const buy of input.buys) {
    const lot = input.instruments.get(buy.symbol)?.lotSize ?? 1;
    const quantity = roundToLot(buy.quantity * factor, lot);
    if (quantity > 0) resized.set(buy.tag, { ...buy, quantity });
    else resized.delete(buy.tag);
  }
  return resized;
}
