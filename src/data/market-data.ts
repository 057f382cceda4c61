import type { CorporateAction } from '../domain/corporate-action.js';
import type { BarWindow } from './bar-series.js';

/** A source of historical bars (CSV files, the broker, a web source). */
export interface MarketData {
  /** Bars of `symbol` that started at or before `until` (epoch ms UTC), oldest first: a window, never a copy. */
  bars(symbol: string, until: number): Promise<BarWindow>;
  /** The windows of several symbols at once: one wait for a whole portfolio (the paper broker reads every symbol at every call). */
  barsOf(symbols: readonly string[], until: number): Promise<ReadonlyMap<string, BarWindow>>;
  /** Start time of the newest bar of any symbol, for runs on the data's own clock. */
  latestBarTime(): Promise<number | undefined>;
  /** The splits and dividends of `symbol` known to this source, oldest first; none when it keeps none. */
  actions(symbol: string): Promise<readonly CorporateAction[]>;
}

export class MarketDataError extends Error {
  constructor(message: string, readonly file?: string, readonly line?: number) {
    super(file ? `${file}${line !== undefined ? `:${line}` : ''}: ${message}` : message);
    this.name = 'MarketDataError';
  }
}
