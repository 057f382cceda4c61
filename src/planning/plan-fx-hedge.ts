import type { FxHedgeConfig } from '../config/schema.js';
import type { AccountSnapshot } from '../domain/account.js';
import type { Quote } from '../domain/bar.js';
import type { Instrument } from '../domain/instrument.js';
import type { Currency, FxRates } from '../domain/money.js';
import { orderTag, type OrderIntent, type Side } from '../domain/order.js';
import { roundToTick } from '../domain/rounding.js';
import { fxExposure, type FxExposureRow, type ValuedHolding } from '../domain/fx-exposure.js';
import { limitPrice } from './limit-price.js';
import type { PlanLine } from './plan-types.js';
import { postTradePositions } from './post-trade.js';
import { referencePrice } from './size-line.js';

export interface FxHedgeInput {
  readonly runId: string;
  readonly account: AccountSnapshot;
  /** The instruments the plan trades (stocks and ETFs), by symbol. */
  readonly instruments: ReadonlyMap<string, Instrument>;
  /** The CASH pairs of the config: the hedge trades the one between each currency and the base. */
  readonly pairs: readonly Instrument[];
  /** Quotes of the instruments and of the pairs. */
  readonly quotes: ReadonlyMap<string, Quote>;
  readonly fx: FxRates;
  /** The stock orders of the plan: the exposure is judged as if they all filled at their limits. */
  readonly orders: readonly OrderIntent[];
  readonly policy: FxHedgeConfig;
  readonly limitOffsetBps: number;
}

/** What the hedge decided for one currency. */
export interface FxHedgeLine {
  readonly currency: Currency;
  /** The pair it trades; undefined when the config has none between this currency and the base. */
  readonly pair?: string;
  /** The exposure once the plan's stock orders have filled, before any FX trade. */
  readonly before: FxExposureRow;
  readonly order?: OrderIntent;
  /** The exposure's change the order makes at its limit price, in the base currency. */
  readonly change: number;
  /** Why there is no order, or what was changed. */
  readonly reason?: string;
}

export interface FxHedgePlan {
  /** One per currency to trade, after the stock orders they fund or hedge. */
  readonly orders: readonly OrderIntent[];
  readonly lines: readonly FxHedgeLine[];
}

/**
 * The CASH pair between `currency` and the base: USDCAD or CADUSD for CAD against USD.
 * Undefined when the config lists none.
 */
export function pairFor(pairs: readonly Instrument[], base: Currency, currency: Currency): Instrument | undefined {
  return pairs.find((p) => p.symbol === `${base}${currency}` || p.symbol === `${currency}${base}`);
}

/**
 * Per foreign currency, the holdings and cash once every stock order has filled: holdings at the
 * mid quote, cash moved by each order at its limit, the worst price it may trade at (a buy
 * pays at most its limit, a sell gets at least its own). So when the plan funds buys, the cash
 * it converts covers what they can cost.
 */
export function exposureAfterOrders(input: Pick<FxHedgeInput, 'account' | 'instruments' | 'quotes' | 'fx' | 'orders'>, ratios: Readonly<Record<Currency, number>>): FxExposureRow[] {
  const { fx, instruments } = input;
  const holdings: ValuedHolding[] = [];
  for (const [symbol, quantity] of postTradePositions(input.account, input.orders)) {
    const instrument = instruments.get(symbol);
    if (!instrument || quantity === 0 || instrument.currency === fx.base) continue;
    const price = referencePrice(symbol, input.quotes.get(symbol));
    holdings.push({ currency: instrument.currency, value: fx.toBase(quantity * price * instrument.multiplier, instrument.currency) });
  }
  const cash: Record<Currency, number> = { ...input.account.cash };
  for (const order of input.orders) {
    const instrument = instruments.get(order.symbol);
    if (!instrument) continue;
    const value = order.quantity * order.limitPrice * instrument.multiplier;
    cash[instrument.currency] = (cash[instrument.currency] ?? 0) + (order.side === 'BUY' ? -value : value);
  }
  return fxExposure(fx, holdings, cash, ratios);
}

/** Whether the account holds, owes or trades anything outside its base currency: only then is there a hedge to plan. */
export function hasForeignCurrency(input: Pick<FxHedgeInput, 'account' | 'instruments' | 'fx' | 'policy'>): boolean {
  const base = input.fx.base;
  if (Object.keys(input.policy.ratios).length > 0) return true;
  for (const [currency, amount] of Object.entries(input.account.cash)) if (currency !== base && amount !== 0) return true;
  for (const instrument of input.instruments.values()) if (instrument.currency !== base) return true;
  return false;
}

/**
 * The FX trades of one run (the hedge step of planning): for every foreign currency whose
 * exposure after the stock orders lies further than `bandPct` of NLV from its target
 * ((1 − ratio) × assets), one limit order on its pair that brings the exposure to the target.
 * The quantity is in the pair's own units, sized at the order's limit price and rounded up to
 * the pair's lot, so at the limit it moves the exposure to the target or past it by less than
 * one lot, never the wrong way; a fill at a better price than the limit moves it less far when
 * it reduces the currency and further when it buys it, so a buy funded at ratio 0 never leaves
 * the currency owed. Pure.
 *
 * @throws PlanningError when a currency to trade has a pair without a usable quote.
 */
export function planFxHedge(input: FxHedgeInput): FxHedgePlan {
  const { fx, policy } = input;
  const base = fx.base;
  const nlv = input.account.netLiquidation;
  const band = (policy.bandPct / 100) * nlv;
  const lines: FxHedgeLine[] = [];
  const orders: OrderIntent[] = [];
  for (const before of exposureAfterOrders(input, policy.ratios)) {
    const { currency } = before;
    const pair = pairFor(input.pairs, base, currency);
    const gap = before.target - before.exposure;
    if (!pair) {
      lines.push({ currency, before, change: 0, reason: `no CASH pair ${base}${currency} in the config: not hedged` });
      continue;
    }
    if (Math.abs(gap) <= band) {
      lines.push({ currency, pair: pair.symbol, before, change: 0, reason: `within band: exposure ${before.exposure.toFixed(2)} is ${Math.abs(gap).toFixed(2)} ${base} from its target, within ${policy.bandPct}% of NLV (${band.toFixed(2)})` });
      continue;
    }
    const sized = sizeConversion(pair, currency, gap / fx.rate(currency), referencePrice(pair.symbol, input.quotes.get(pair.symbol)), input.limitOffsetBps);
    if (!sized) {
      lines.push({ currency, pair: pair.symbol, before, change: 0, reason: `limit price of ${pair.symbol} rounds to 0 at tick ${pair.tickSize}` });
      continue;
    }
    const change = sized.currencyChange * fx.rate(currency);
    const value = Math.abs(change);
    if (value < policy.minimumValue && policy.belowMinimum === 'skip') {
      lines.push({ currency, pair: pair.symbol, before, change: 0, reason: `FX trade of ${value.toFixed(2)} ${base} is below IDEALPRO's minimum of ${policy.minimumValue} and fxHedge.belowMinimum is skip: not sent` });
      continue;
    }
    const order: OrderIntent = { tag: orderTag(input.runId, pair.symbol), symbol: pair.symbol, side: sized.side, quantity: sized.quantity, limitPrice: sized.limit, referencePrice: sized.reference };
    orders.push(order);
    lines.push({ currency, pair: pair.symbol, before, order, change, ...(value < policy.minimumValue ? { reason: `odd lot: ${value.toFixed(2)} ${base} is below IDEALPRO's minimum of ${policy.minimumValue}` } : {}) });
  }
  return { orders, lines };
}

interface SizedConversion {
  readonly side: Side;
  readonly quantity: number;
  readonly limit: number;
  readonly reference: number;
  /** Units of the currency gained (+) or given (−) if the order fills at its limit. */
  readonly currencyChange: number;
}

/**
 * The order on `pair` (one unit of its first currency costs `reference` units of its second)
 * that changes the holding of `currency` by `wanted` units: buying the pair gains its first
 * currency and gives the second. Rounded up to the pair's lot, so at least `wanted` moves.
 */
function sizeConversion(pair: Instrument, currency: Currency, wanted: number, reference: number, offsetBps: number): SizedConversion | undefined {
  const currencyFirst = pair.symbol.slice(0, 3) === currency;
  // Gaining the first currency means buying the pair; gaining the second means selling it.
  const side: Side = (wanted > 0) === currencyFirst ? 'BUY' : 'SELL';
  const limit = limitPrice(reference, side, offsetBps, pair.tickSize);
  if (!(limit > 0)) return undefined;
  const units = currencyFirst ? Math.abs(wanted) : Math.abs(wanted) / limit;
  // Up to the next whole lot: the trade reaches the target rather than stopping short of it.
  const quantity = roundToTick(units, pair.lotSize, 'up');
  const moved = currencyFirst ? quantity : quantity * limit;
  return { side, quantity, limit, reference, currencyChange: Math.sign(wanted) * moved };
}

/** The hedge's orders as lines of the order file, after the stock lines: each says which exposure it moves and where to. */
export function fxHedgeLines(hedge: FxHedgePlan, base: Currency): PlanLine[] {
  return hedge.lines.flatMap((line): PlanLine[] => {
    const order = line.order;
    if (!order) return [];
    const { before } = line;
    const why = `FX hedge of ${line.currency}: exposure ${before.exposure.toFixed(2)} ${base} to its target ${before.target.toFixed(2)} (ratio ${before.ratio})${line.reason ? `; ${line.reason}` : ''}`;
    return [{ symbol: order.symbol, tag: order.tag, action: order.side, quantity: order.quantity, limitPrice: order.limitPrice, referencePrice: order.referencePrice, currentQuantity: 0, targetQuantity: 0, targetWeight: 0, reason: why }];
  });
}
