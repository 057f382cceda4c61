import { lastCompletedBar, lastKnownPrice, lastKnownPriceValue, type BarWindow, type KnownPrice } from '../../data/bar-series.js';
import type { Quote } from '../../domain/bar.js';
import type { Instrument } from '../../domain/instrument.js';
import { roundDownToStep, roundUpToStep } from './steps.js';

/** What the matching engine may know of the market at one moment: nothing after `now`. */
export interface MarketView {
  readonly now: number;
  /** The latest price knowable now (see lastKnownPrice), or undefined without data. */
  price(symbol: string): KnownPrice | undefined;
  /** The same price alone, for valuing: no object per position. */
  priceValue(symbol: string): number | undefined;
  /** Volume of the last bar that has ended, or undefined when none has. */
  lastCompletedVolume(symbol: string): number | undefined;
}

/** A view over series of bars, e.g. fetched from MarketData for one broker call or held by the backtester. */
export class BarsMarketView implements MarketView {
  readonly now: number;
  readonly #series: ReadonlyMap<string, BarWindow>;

  constructor(series: ReadonlyMap<string, BarWindow>, now: number) {
    this.#series = series;
    this.now = now;
  }

  price(symbol: string): KnownPrice | undefined {
    const bars = this.#series.get(symbol);
    return bars ? lastKnownPrice(bars, this.now) : undefined;
  }

  priceValue(symbol: string): number | undefined {
    const bars = this.#series.get(symbol);
    return bars ? lastKnownPriceValue(bars, this.now) : undefined;
  }

  lastCompletedVolume(symbol: string): number | undefined {
    const bars = this.#series.get(symbol);
    if (!bars) return undefined;
    const index = lastCompletedBar(bars, this.now);
    return index < 0 ? undefined : bars.volume(index);
  }
}

/** A quote around a known price: the half-spread each side, bid rounded down and ask up to the tick. */
export function paperQuote(instrument: Instrument, known: KnownPrice, spreadBps: number): Quote {
  const half = spreadBps / 2 / 10_000;
  return {
    symbol: instrument.symbol,
    bid: roundDownToStep(known.price * (1 - half), instrument.tickSize),
    ask: roundUpToStep(known.price * (1 + half), instrument.tickSize),
    last: known.price,
    time: known.time,
  };
}
