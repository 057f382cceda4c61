import type { CorporateAction } from '../domain/corporate-action.js';
import { adjustedSeries } from './adjusted-series.js';
import type { BarSeries, BarWindow } from './bar-series.js';
import type { MarketData } from './market-data.js';

/**
 * A source's bars back-adjusted for its splits and dividends (total-return history), for the
 * strategy and the history checks of paper and live runs: a split is no crash to them and a
 * dividend payer's return is whole. Each series is adjusted once, when first read; the windows
 * have the raw windows' lengths, so a window is as long as the data known at its time. Orders
 * are priced from the broker's quotes, which stay raw.
 */
export class AdjustedMarketData implements MarketData {
  readonly #raw: MarketData;
  readonly #adjusted = new WeakMap<BarSeries, BarSeries>();

  constructor(raw: MarketData) {
    this.#raw = raw;
  }

  async bars(symbol: string, until: number): Promise<BarWindow> {
    return this.#adjust(symbol, await this.#raw.bars(symbol, until));
  }

  async barsOf(symbols: readonly string[], until: number): Promise<ReadonlyMap<string, BarWindow>> {
    const windows = new Map<string, BarWindow>();
    for (const [symbol, window] of await this.#raw.barsOf(symbols, until)) windows.set(symbol, await this.#adjust(symbol, window));
    return windows;
  }

  latestBarTime(): Promise<number | undefined> {
    return this.#raw.latestBarTime();
  }

  actions(symbol: string): Promise<readonly CorporateAction[]> {
    return this.#raw.actions(symbol);
  }

  actionsOf(symbols: readonly string[]): Promise<readonly (readonly CorporateAction[])[]> {
    return this.#raw.actionsOf(symbols);
  }

  async #adjust(symbol: string, window: BarWindow): Promise<BarWindow> {
    const actions = await this.#raw.actions(symbol);
    if (actions.length === 0) return window;
    let adjusted = this.#adjusted.get(window.series);
    if (!adjusted) {
      adjusted = adjustedSeries(window.series, actions, symbol);
      this.#adjusted.set(window.series, adjusted);
    }
    return adjusted === window.series ? window : adjusted.window(window.length);
  }
}
