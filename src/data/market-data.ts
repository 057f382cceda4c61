import type { CorporateAction } from '../domain/corporate-action.js';
import type { BarWindow } from './bar-series.js';

/** A source of historical bars (CSV files, the broker, a web source). */
export interface MarketData {
  /** Bars of `symbol` that started at or before `until` (epoch ms UTC), oldest first: a window, never a copy. */
  bars(symbol: string, until: number): Promise<BarWindow>;
  /** The windows of several symbols at once: one wait for a whole portfolio (the paper broker reads every symbol at every call). */
  barsOf(symbols: readonly string[], until: number): Promise<ReadonlyMap<string, BarWindow>>;
  /**
   * barsOf's answer without a wait, from a source that holds its bars in memory (a backtest's):
   * the paper broker reads every symbol at every bar of a backtest, and a promise and its turn
   * of the event loop each time cost more than the read.
   */
  barsOfNow?(symbols: readonly string[], until: number): ReadonlyMap<string, BarWindow>;
  /** Start time of the newest bar of any symbol, for runs on the data's own clock. */
  latestBarTime(): Promise<number | undefined>;
  /** The splits and dividends of `symbol` known to this source, oldest first; none when it keeps none. */
  actions(symbol: string): Promise<readonly CorporateAction[]>;
  /**
   * The actions of each of `symbols`, in their order: one wait for a whole portfolio (the history
   * checks read every symbol's at every run). A read that fails fails the whole, with the failure
   * of the first symbol in the list whose read fails, as reads one after another would.
   */
  actionsOf(symbols: readonly string[]): Promise<readonly (readonly CorporateAction[])[]>;
}

/** actionsOf from a source's reads of one symbol at a time, all started at once. */
export function actionsOfEach(data: Pick<MarketData, 'actions'>, symbols: readonly string[]): Promise<readonly (readonly CorporateAction[])[]> {
  const reads = symbols.map((symbol) => data.actions(symbol));
  return Promise.all(reads).catch(() => firstFailure(reads));
}

/**
 * Once every read has settled, the failure of the first broken one in the order of the symbols,
 * as a read one after another would fail. Promise.all, which answers nearly every run, costs a
 * third of Promise.allSettled over hundreds of reads; it fails at the first failure in time.
 */
async function firstFailure(reads: readonly Promise<unknown>[]): Promise<never> {
  const settled = await Promise.allSettled(reads);
  const failed = settled.find((result) => result.status === 'rejected');
  throw failed!.reason;
}

export class MarketDataError extends Error {
  constructor(message: string, readonly file?: string, readonly line?: number) {
    super(file ? `${file}${line !== undefined ? `:${line}` : ''}: ${message}` : message);
    this.name = 'MarketDataError';
  }
}
