import type { OptionModelConfig } from '../../config/schema.js';
import type { KnownPrice } from '../../data/bar-series.js';
import type { Quote } from '../../domain/bar.js';
import { parseOptionSymbol, type OptionInstrument } from '../../domain/option.js';
import { blackScholesPrice } from '../../options/black-scholes.js';
import { modelDelta, yearsToExpiry } from '../../options/leg-delta.js';
import type { MarketView } from './market-view.js';
import { roundDownToStep, roundUpToStep } from './steps.js';

/** The model's price of an option at `now`, from its underlying's last known price. */
export function optionModelPrice(option: Pick<OptionInstrument, 'right' | 'strike' | 'expiry' | 'exchange'>, spot: number, now: number, model: OptionModelConfig): number {
  return blackScholesPrice({ right: option.right, spot, strike: option.strike, years: yearsToExpiry(option, now), volatility: model.volatility, rate: model.riskFreeRate });
}

/** A paper option quote: the model price ± half the configured spread, at least one tick each side, the bid never below 0; its delta the model's. */
export function paperOptionQuote(option: OptionInstrument, underlying: KnownPrice, now: number, model: OptionModelConfig): Quote {
  const price = optionModelPrice(option, underlying.price, now, model);
  const half = Math.max(option.tickSize, (price * model.spreadPct) / 200);
  return {
    symbol: option.symbol,
    bid: Math.max(0, roundDownToStep(price - half, option.tickSize)),
    ask: roundUpToStep(Math.max(price + half, option.tickSize), option.tickSize),
    last: price,
    time: underlying.time,
    delta: modelDelta(option, underlying.price, now, model.volatility, model),
  };
}

/**
 * The market view with option prices: an option symbol is priced by the model from its
 * underlying's bars, at the view's time, so valuation and matching see options like any
 * other instrument.
 */
export class OptionPricedView implements MarketView {
  readonly #inner: MarketView;
  readonly #model: OptionModelConfig;
  readonly #exchangeOf: (underlying: string) => string | undefined;

  constructor(inner: MarketView, model: OptionModelConfig, exchangeOf: (underlying: string) => string | undefined) {
    this.#inner = inner;
    this.#model = model;
    this.#exchangeOf = exchangeOf;
  }

  get now(): number {
    return this.#inner.now;
  }

  price(symbol: string): KnownPrice | undefined {
    const option = parseOptionSymbol(symbol);
    if (!option) return this.#inner.price(symbol);
    const exchange = this.#exchangeOf(option.underlying);
    const spot = exchange === undefined ? undefined : this.#inner.price(option.underlying);
    if (!spot || exchange === undefined) return undefined;
    return { ...spot, price: optionModelPrice({ ...option, exchange }, spot.price, this.now, this.#model) };
  }

  priceValue(symbol: string): number | undefined {
    return parseOptionSymbol(symbol) ? this.price(symbol)?.price : this.#inner.priceValue(symbol);
  }

  lastCompletedVolume(symbol: string): number | undefined {
    return parseOptionSymbol(symbol) ? undefined : this.#inner.lastCompletedVolume(symbol);
  }
}
