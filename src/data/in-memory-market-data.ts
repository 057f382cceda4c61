import type { Bar } from '../domain/bar.js';
import type { CorporateAction } from '../domain/corporate-action.js';
import { BarSeries, type BarWindow } from './bar-series.js';
import { MarketDataError, type MarketData } from './market-data.js';
import { WindowsUntil } from './windows-until.js';

// The answer for a symbol without splits or dividends, shared: a run's history check asks for
// every symbol's actions, nearly always none, and an array was made for each.
const NO_ACTIONS: readonly CorporateAction[] = Object.freeze([]);

/** Market data held in memory: for tests and for the backtester, which loads history once. */
export class InMemoryMarketData implements MarketData {
  readonly #series: ReadonlyMap<string, BarSeries>;
  readonly #actions: ReadonlyMap<string, readonly CorporateAction[]>;
  readonly #empty = new BarSeries({ time: new Float64Array(0), open: new Float64Array(0), high: new Float64Array(0), low: new Float64Array(0), close: new Float64Array(0), volume: new Float64Array(0) });

  /** Arrays of bars must be sorted by strictly increasing start time; they are copied into columns. */
  constructor(series: ReadonlyMap<string, readonly Bar[] | BarSeries>, actions: ReadonlyMap<string, readonly CorporateAction[]> = new Map()) {
    this.#actions = actions;
    this.#series = new Map([...series].map(([symbol, bars]) => {
      try {
        return [symbol, bars instanceof BarSeries ? bars : BarSeries.fromBars(bars)];
      } catch (error) {
        throw new MarketDataError(`${symbol}: ${(error as Error).message}`);
      }
    }));
  }

  /** A symbol without data has no bars; callers decide whether that is an error. */
  async bars(symbol: string, until: number): Promise<BarWindow> {
    return this.barsNow(symbol, until);
  }

  async barsOf(symbols: readonly string[], until: number): Promise<ReadonlyMap<string, BarWindow>> {
    return this.barsOfNow(symbols, until);
  }

  barsOfNow(symbols: readonly string[], until: number): ReadonlyMap<string, BarWindow> {
    const { series, index } = this.#seriesOf(symbols);
    return new WindowsUntil(series, index, until);
  }

  // A caller that asks at every bar (the paper broker in a backtest) or at every run (the
  // strategy) passes the same list each time: its series are looked up once per list, for each
  // of the lists that take turns.
  readonly #asked = new WeakMap<readonly string[], { series: BarSeries[]; index: Map<string, number> }>();

  #seriesOf(symbols: readonly string[]): { series: BarSeries[]; index: Map<string, number> } {
    let asked = this.#asked.get(symbols);
    if (!asked) {
      const index = new Map<string, number>();
      for (const symbol of symbols) if (!index.has(symbol)) index.set(symbol, index.size);
      asked = { index, series: [...index.keys()].map((symbol) => this.#series.get(symbol) ?? this.#empty) };
      this.#asked.set(symbols, asked);
    }
    return asked;
  }

  /** The same answer without a promise, for the backtester's own loop. */
  barsNow(symbol: string, until: number): BarWindow {
    return (this.#series.get(symbol) ?? this.#empty).windowUntil(until);
  }

  async actions(symbol: string): Promise<readonly CorporateAction[]> {
    return this.#actions.get(symbol) ?? NO_ACTIONS;
  }

  /** Every symbol's actions are in memory: one array, and no promise per symbol. */
  async actionsOf(symbols: readonly string[]): Promise<readonly (readonly CorporateAction[])[]> {
    const actions = this.#actions;
    const found: (readonly CorporateAction[])[] = new Array(symbols.length);
    for (let k = 0; k < symbols.length; k++) found[k] = actions.get(symbols[k]!) ?? NO_ACTIONS;
    return found;
  }

  async latestBarTime(): Promise<number | undefined> {
    let latest: number | undefined;
    for (const series of this.#series.values()) {
      const time = series.columns.time[series.length - 1];
      if (time !== undefined && (latest === undefined || time > latest)) latest = time;
    }
    return latest;
  }
}
