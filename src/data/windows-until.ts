import type { BarSeries, BarWindow } from './bar-series.js';

/**
 * The windows of several series cut at one time, each cut when it is first read. The paper
 * broker asks for every symbol at every call, and a backtest calls it at every bar: building a
 * map of hundreds of windows each time cost more than the reads that followed, which often touch
 * only the symbols held or ordered. A cut is the series' own `windowUntil`, so a window read
 * here is the window an eager map would have held.
 */
export class WindowsUntil implements ReadonlyMap<string, BarWindow> {
  readonly #index: ReadonlyMap<string, number>;
  readonly #series: readonly BarSeries[];
  /** The time the windows are cut at. */
  readonly until: number;

  /** `index` gives each symbol its position in `series`; callers that ask often build it once. */
  constructor(series: readonly BarSeries[], index: ReadonlyMap<string, number>, until: number) {
    this.#series = series;
    this.#index = index;
    this.until = until;
  }

  /**
   * What the windows are cut from: a caller that passes the same series and index again (see
   * InMemoryMarketData.barsOf) gets windows over the same series, so that what it looked up in
   * one may serve for the next.
   */
  get source(): object {
    return this.#series;
  }

  get size(): number {
    return this.#index.size;
  }

  get(symbol: string): BarWindow | undefined {
    const at = this.#index.get(symbol);
    return at === undefined ? undefined : this.#series[at]!.windowUntil(this.until);
  }

  /**
   * The whole series of `symbol`, for readers that ask about a time at or before `until`: for
   * them the series answers as its window would, without a window object per question.
   */
  seriesOf(symbol: string): BarSeries | undefined {
    const at = this.#index.get(symbol);
    return at === undefined ? undefined : this.#series[at];
  }

  has(symbol: string): boolean {
    return this.#index.has(symbol);
  }

  entries(): MapIterator<[string, BarWindow]> {
    // A strategy reads every window at each run: an array's iterator costs less than a generator's.
    const entries: [string, BarWindow][] = [];
    for (const [symbol, at] of this.#index) entries.push([symbol, this.#series[at]!.windowUntil(this.until)]);
    return entries[Symbol.iterator]();
  }

  keys(): MapIterator<string> {
    return this.#index.keys();
  }

  *values(): MapIterator<BarWindow> {
    for (const [, window] of this.entries()) yield window;
  }

  [Symbol.iterator](): MapIterator<[string, BarWindow]> {
    return this.entries();
  }

  forEach(callback: (value: BarWindow, key: string, map: ReadonlyMap<string, BarWindow>) => void, thisArg?: unknown): void {
    // The history checks walk every window at each run: no pair, nor array of pairs, per symbol.
    const series = this.#series;
    const until = this.until;
    this.#index.forEach((at, symbol) => callback.call(thisArg, series[at]!.windowUntil(until), symbol, this));
  }
}
