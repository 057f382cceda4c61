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
// backtest makes hundreds of thousands.
function noneLine(symbol: string, tag: string, current: number, weight: number, referencePrice: number, targetQuantity: number, reason: string): PlanLine {
  return { symbol, tag, currentQuantity: current, targetWeight: weight, action: 'NONE', quantity: 0, limitPrice: 0, referencePrice, targetQuantity, reason };
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
  return { symbol, tag, currentQuantity: current, targetWeight: weight, action: side, quantity: Math.abs(trade), limitPrice: limit, referencePrice: reference, targetQuantity };
}
