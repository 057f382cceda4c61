import type { Bar } from '../domain/bar.js';
import { lastBarAtOrBefore } from './bar-series.js';
import { MarketDataError, type MarketData } from './market-data.js';

/** Market data held in memory: for tests and for the backtester, which loads history once. */
export class InMemoryMarketData implements MarketData {
  readonly #series: ReadonlyMap<string, readonly Bar[]>;
  readonly #lastCut = new Map<string, readonly Bar[]>();

  /** Each series must be sorted by strictly increasing start time; it is copied, so later changes to the input do not leak in. */
  constructor(series: ReadonlyMap<string, readonly Bar[]>) {
    const copy = new Map<string, readonly Bar[]>();
    for (const [symbol, bars] of series) {
      for (let i = 1; i < bars.length; i++) {
        if (!(bars[i]!.time > bars[i - 1]!.time)) {
          throw new MarketDataError(`${symbol}: bar ${i} starts at ${bars[i]!.time}, not after the previous bar (${bars[i - 1]!.time}); sort the bars and remove duplicates`);
        }
      }
      copy.set(symbol, Object.freeze([...bars]));
    }
    this.#series = copy;
  }

  /** A symbol without data has no bars; callers decide whether that is an error. */
  async bars(symbol: string, until: number): Promise<readonly Bar[]> {
    const bars = this.#series.get(symbol);
    if (!bars) return [];
    const last = lastBarAtOrBefore(bars, until);
    // The same array for the same cut keeps per-array caches (typicalInterval) warm while a
    // simulated clock asks many times between two bars.
    if (last === bars.length - 1) return bars;
    const cut = this.#lastCut.get(symbol);
    if (cut && cut.length === last + 1) return cut;
    const fresh = Object.freeze(bars.slice(0, last + 1));
    this.#lastCut.set(symbol, fresh);
    return fresh;
  }

  async latestBarTime(): Promise<number | undefined> {
    let latest: number | undefined;
    for (const bars of this.#series.values()) {
      const time = bars[bars.length - 1]?.time;
      if (time !== undefined && (latest === undefined || time > latest)) latest = time;
    }
    return latest;
  }
}
