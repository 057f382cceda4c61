import { lastCompletedBar, lastKnownPrice, lastKnownPriceValue, type BarSeries, type BarWindow, type KnownPrice } from '../../data/bar-series.js';
import type { Quote } from '../../domain/bar.js';
import type { Instrument } from '../../domain/instrument.js';
import { WindowsUntil } from '../../data/windows-until.js';
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
  /**
   * Optional, for valuing at every bar: the series whose knownPriceValueAt(now) is
   * priceValue(symbol), valid for every view with the same `seriesSource`.
   */
  seriesOf?(symbol: string): BarSeries | undefined;
  readonly seriesSource?: object | undefined;
}

/** A view over series of bars, e.g. fetched from MarketData for one broker call or held by the backtester. */
export class BarsMarketView implements MarketView {
  readonly now: number;
  readonly #series: ReadonlyMap<string, BarWindow>;
  // Windows cut at or after `now` hold every bar started by `now`: their series answer as the
  // windows would, without a window object per symbol and bar (the paper broker's hot path).
  readonly #whole: WindowsUntil | undefined;

  constructor(series: ReadonlyMap<string, BarWindow>, now: number) {
    this.#series = series;
    this.now = now;
    this.#whole = series instanceof WindowsUntil && series.until >= now ? series : undefined;
  }

  get seriesSource(): object | undefined {
    return this.#whole?.source;
  }

  seriesOf(symbol: string): BarSeries | undefined {
    return this.#whole?.seriesOf(symbol);
  }

  price(symbol: string): KnownPrice | undefined {
    if (this.#whole) return this.#whole.seriesOf(symbol)?.knownPriceAt(this.now);
    const bars = this.#series.get(symbol);
    return bars ? lastKnownPrice(bars, this.now) : undefined;
  }

  priceValue(symbol: string): number | undefined {
    if (this.#whole) return this.#whole.seriesOf(symbol)?.knownPriceValueAt(this.now);
    const bars = this.#series.get(symbol);
    return bars ? lastKnownPriceValue(bars, this.now) : undefined;
  }

  lastCompletedVolume(symbol: string): number | undefined {
    if (this.#whole) {
      const series = this.#whole.seriesOf(symbol);
      const index = series ? series.lastCompletedAt(this.now) : -1;
      return index < 0 ? undefined : series!.columns.volume[index];
    }
    const bars = this.#series.get(symbol);
    if (!bars) return undefined;
    const index = lastCompletedBar(bars, this.now);
    return index < 0 ? undefined : bars.volume(index);
  }
}

/** A quote around a known price: the half-spread each side, bid rounded down and ask up to the tick. */
export function paperQuote(instrument: Instrument, known: KnownPrice, spreadBps: number): Quote {
  return paperQuoteAt(instrument, known.price, known.time, spreadBps);
}

/** paperQuote of `price`, known since `time`, without a KnownPrice object. */
export function paperQuoteAt(instrument: Instrument, price: number, time: number, spreadBps: number): Quote {
  return new PaperQuote(instrument.symbol, paperBid(instrument, price, spreadBps), paperAsk(instrument, price, spreadBps), price, time);
}

/** paperQuote of the price `series` knows at `now` (its knownPriceAt), or undefined when it knows none. */
export function seriesQuote(instrument: Instrument, series: BarSeries, now: number, spreadBps: number): Quote | undefined {
  const price = series.knownPriceValueAt(now);
  return price === undefined ? undefined : paperQuoteAt(instrument, price, series.knownPriceTimeAt(now)!, spreadBps);
}

// A class rather than an object literal: V8 tracks where a literal's objects are made and, seeing
// quotes kept (a broker holds its last quotes for the same time), switched the site to old-space
// allocation mid-run, throwing away the code of paperQuote and of its callers. Objects made by a
// constructor carry no such site. The fields are Quote's, in its order, as JSON writes them.
class PaperQuote implements Quote {
  constructor(
    readonly symbol: string,
    readonly bid: number,
    readonly ask: number,
    readonly last: number,
    readonly time: number,
  ) {}
}

/** paperQuote's bid alone, for a fill that needs no quote object. */
export function paperBid(instrument: Instrument, price: number, spreadBps: number): number {
  return roundDownToStep(price * (1 - spreadBps / 2 / 10_000), instrument.tickSize);
}

/** paperQuote's ask alone. */
export function paperAsk(instrument: Instrument, price: number, spreadBps: number): number {
  return roundUpToStep(price * (1 + spreadBps / 2 / 10_000), instrument.tickSize);
}
