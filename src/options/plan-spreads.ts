import { midPrice, type Quote } from '../domain/bar.js';
import type { ComboInstrument } from '../domain/option.js';
import { orderTag, type OrderIntent, type Side } from '../domain/order.js';
import { roundToTick } from '../domain/rounding.js';
import type { SpreadTarget } from '../domain/spread.js';
import { PlanningError, type PlanLine } from '../planning/plan-types.js';
import { comboQuote } from './combo-quote.js';

/** One spread of the forecast with what the account holds of it and the legs a new one would take. */
export interface SpreadSituation {
  readonly target: SpreadTarget;
  /** The legs the spread is held with, or, when none is held, the legs chosen from the chain now. */
  readonly combo: ComboInstrument;
  /** Whole spreads held. */
  readonly held: number;
}

export interface SpreadPlan {
  /** One combination order per spread whose quantity changes. */
  readonly orders: readonly OrderIntent[];
  /** A line per spread, traded or not, for the order file. */
  readonly lines: readonly PlanLine[];
  /** The combinations by name, for sending and for the risk gate. */
  readonly combos: ReadonlyMap<string, ComboInstrument>;
}

/**
 * Plans the spreads (step 6 of the cycle, beside the weights): for each, the difference between
 * the quantity the forecast asks for and the spreads held is one combination order, bought
 * (opening) or sold (closing) at a net limit: the net mid moved `offsetShare` of the way toward
 * the net far touch, rounded to the combo's tick on the safe side (a buy down, a sell up), and
 * never below one tick. Pure.
 *
 * @throws PlanningError when a leg has no quote.
 */
export function planSpreads(runId: string, situations: readonly SpreadSituation[], quoteOf: (symbol: string) => Quote | undefined, offsetShare: number): SpreadPlan {
  const orders: OrderIntent[] = [];
  const lines: PlanLine[] = [];
  const combos = new Map<string, ComboInstrument>();
  for (const { target, combo, held } of situations) {
    combos.set(combo.symbol, combo);
    const tag = orderTag(runId, combo.symbol);
    const change = target.quantity - held;
    const base = { symbol: combo.symbol, tag, currentQuantity: held, targetQuantity: target.quantity, targetWeight: 0 };
    const quote = comboQuote(combo, quoteOf);
    if (change === 0) {
      // The net mid values the spread held, for the risk gate's premium cap.
      lines.push({ ...base, action: 'NONE', quantity: 0, limitPrice: 0, referencePrice: quote ? midPrice(quote) : 0, reason: `spread ${describeCombo(combo)}: holding ${held}` });
      continue;
    }
    if (!quote) throw new PlanningError(`spread ${combo.symbol}: no quote for every leg of ${describeCombo(combo)}, so it cannot be priced`, combo.symbol);
    const side: Side = change > 0 ? 'BUY' : 'SELL';
    const limitPrice = netLimit(quote, side, offsetShare, combo.tickSize);
    const order: OrderIntent = { tag, symbol: combo.symbol, side, quantity: Math.abs(change), limitPrice, referencePrice: midPrice(quote) };
    orders.push(order);
    lines.push({ ...base, action: side, quantity: order.quantity, limitPrice, referencePrice: order.referencePrice, reason: `spread ${describeCombo(combo)}` });
  }
  return { orders, lines, combos };
}

/** The net limit of a combination order on `side`, on its tick, at least one tick. */
export function netLimit(quote: Quote, side: Side, offsetShare: number, tick: number): number {
  const mid = midPrice(quote);
  const cap = side === 'BUY' ? mid + offsetShare * (quote.ask - mid) : mid - offsetShare * (mid - quote.bid);
  return Math.max(tick, roundToTick(cap, tick, side === 'BUY' ? 'down' : 'up'));
}

/** "BUY 1 SPY-20270115-C-450 + BUY 1 SPY-20270115-P-450": the legs of one unit, as people read them. */
export function describeCombo(combo: ComboInstrument): string {
  return combo.legs.map((leg) => `${leg.action} ${leg.ratio} ${leg.instrument.symbol}`).join(' + ');
}
