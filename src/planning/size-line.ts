import type { PlanningConfig } from '../config/schema.js';
import { midPrice, type Quote } from '../domain/bar.js';
import type { Instrument } from '../domain/instrument.js';
import type { FxRates } from '../domain/money.js';
import { orderTag } from '../domain/order.js';
import { limitPrice } from './limit-price.js';
import { PlanningError, type PlanLine } from './plan-types.js';
import { roundToLot } from '../domain/rounding.js';

export interface SizingContext {
  readonly runId: string;
  readonly nlv: number;
  readonly leverage: number;
  readonly fx: FxRates;
  readonly params: PlanningConfig;
}

/** Mid quote, or a PlanningError naming the symbol when there is no usable quote. */
export function referencePrice(symbol: string, quote: Quote | undefined): number {
  if (!quote) throw new PlanningError(`no quote for ${symbol}: it has a target or a position, so it cannot be planned`, symbol);
  const mid = midPrice(quote);
  if (!(mid > 0) || !Number.isFinite(mid)) throw new PlanningError(`quote for ${symbol} has no usable mid price (bid ${quote.bid}, ask ${quote.ask})`, symbol);
  return mid;
}

/** Value of `quantity` units at `price` in the base currency. */
export function valueInBase(instrument: Instrument, quantity: number, price: number, fx: FxRates): number {
  return fx.toBase(quantity * price * instrument.multiplier, instrument.currency);
}

// Lines are written out field by field rather than spread from a shared base, and without a
// function made per line for them: a plan makes one per instrument at every rebalance, and a
// backtest makes hundreds of thousands. They are made by constructors rather than object
// literals: V8 tracks where a literal's objects are made and, seeing a plan's lines kept,
// switched that site to old-space allocation mid-run, throwing away sizeLine's and planOrders'
// code. Objects made by a constructor carry no such site. The fields are in the order the
// literals had, as JSON writes them.
class NoneLine implements PlanLine {
  readonly symbol: string;
  readonly tag: string;
  readonly currentQuantity: number;
  readonly targetWeight: number;
  readonly action: 'NONE';
  readonly quantity: number;
  readonly limitPrice: number;
  readonly referencePrice: number;
  readonly targetQuantity: number;
  readonly reason: string;

  constructor(symbol: string, tag: string, current: number, weight: number, referencePrice: number, targetQuantity: number, reason: string) {
    this.symbol = symbol;
    this.tag = tag;
    this.currentQuantity = current;
    this.targetWeight = weight;
    this.action = 'NONE';
    this.quantity = 0;
    this.limitPrice = 0;
    this.referencePrice = referencePrice;
    this.targetQuantity = targetQuantity;
    this.reason = reason;
  }
}

class TradeLine implements PlanLine {
  readonly symbol: string;
  readonly tag: string;
  readonly currentQuantity: number;
  readonly targetWeight: number;
  readonly action: 'BUY' | 'SELL';
  readonly quantity: number;
  readonly limitPrice: number;
  readonly referencePrice: number;
  readonly targetQuantity: number;

  constructor(symbol: string, tag: string, current: number, weight: number, action: 'BUY' | 'SELL', quantity: number, limitPrice: number, referencePrice: number, targetQuantity: number) {
    this.symbol = symbol;
    this.tag = tag;
    this.currentQuantity = current;
    this.targetWeight = weight;
    this.action = action;
    this.quantity = quantity;
    this.limitPrice = limitPrice;
    this.referencePrice = referencePrice;
    this.targetQuantity = targetQuantity;
  }
}

function noneLine(symbol: string, tag: string, current: number, weight: number, referencePrice: number, targetQuantity: number, reason: string): PlanLine {
  return new NoneLine(symbol, tag, current, weight, referencePrice, targetQuantity, reason);
}

/**
 * Decides one instrument's line before the cash check: target quantity, trade, and whether
 * the trade is worth making (no-trade band, minimum order value).
 */
export function sizeLine(instrument: Instrument, weight: number, current: number, quote: Quote | undefined, ctx: SizingContext): PlanLine {
  const { symbol } = instrument;
  const tag = orderTag(ctx.runId, symbol);
  if (weight === 0 && current === 0) return noneLine(symbol, tag, current, weight, quote && midPrice(quote) > 0 ? midPrice(quote) : 0, 0, 'no target and no position');
  const reference = referencePrice(symbol, quote);

  const targetValue = ctx.fx.fromBase(ctx.nlv * ctx.leverage * weight, instrument.currency);
  const unitValue = reference * instrument.multiplier;
  let targetQuantity: number;
  let trade: number;
  if (ctx.params.sizing === 'value-difference') {
    // The value still missing (or in excess), in whole lots rounded toward zero.
    trade = roundToLot((targetValue - current * unitValue) / unitValue, instrument.lotSize);
    targetQuantity = current + trade;
  } else {
    targetQuantity = roundToLot(targetValue / unitValue, instrument.lotSize);
    // The trade is rounded to lots too: a holding that is not a whole number of lots keeps its
    // odd remainder rather than trading a quantity the exchange would refuse.
    trade = roundToLot(targetQuantity - current, instrument.lotSize);
  }
  if (trade === 0) return noneLine(symbol, tag, current, weight, reference, targetQuantity, targetQuantity === current ? 'at target' : 'trade smaller than one lot');

  const tradeValue = Math.abs(valueInBase(instrument, trade, reference, ctx.fx));
  const band = (ctx.params.noTradeBandPct / 100) * ctx.nlv;
  if (tradeValue < band) {
    return noneLine(symbol, tag, current, weight, reference, targetQuantity, `within no-trade band: trade value ${tradeValue.toFixed(2)} < ${ctx.params.noTradeBandPct}% of NLV (${band.toFixed(2)})`);
  }
  if (tradeValue < ctx.params.minOrderValue) {
    return noneLine(symbol, tag, current, weight, reference, targetQuantity, `below minimum order value: trade value ${tradeValue.toFixed(2)} < ${ctx.params.minOrderValue}`);
  }

  const side = trade > 0 ? 'BUY' : 'SELL';
  const limit = limitPrice(reference, side, ctx.params.limitOffsetBps, instrument.tickSize);
  // A buy whose cap is below one tick rounds to a limit of 0, which no broker accepts.
  if (!(limit > 0)) return noneLine(symbol, tag, current, weight, reference, targetQuantity, `limit price rounds to 0 at tick ${instrument.tickSize}`);
  return new TradeLine(symbol, tag, current, weight, side, Math.abs(trade), limit, reference, targetQuantity);
}
