import { findCalendar } from '../../calendar/get-calendar.js';
import type { BarSeries, BarWindow } from '../../data/bar-series.js';
import { columnsFromBars } from '../../data/columnar/columnar-bars.js';
import { seriesInSessions } from '../../data/session-bars.js';
import { MarketDataError, type MarketData } from '../../data/market-data.js';
import type { Bar } from '../../domain/bar.js';
import type { CorporateAction } from '../../domain/corporate-action.js';
import type { Instrument } from '../../domain/instrument.js';

/** Where fetched bars are kept between runs (the account's database), keyed by symbol and bar size. */
export interface BarCacheStore {
  load(key: string): Promise<{ fetchedAt: number; bars: Bar[] } | undefined>;
  save(key: string, entry: { fetchedAt: number; bars: Bar[] }): Promise<void>;
}

export interface BarSource {
  /** Bars of the instrument over `duration`, newest last. */
  historicalBars(instrument: Instrument, options: { duration: string; barSize: string }): Promise<Bar[]>;
}

/**
 * IB's historical bars as a MarketData source for strategies. Bars are cached (in memory and
 * in the store) for `maxAgeMs`, so the hourly runs of one day ask IB once an hour at most
 * per instrument and stay far inside the historical pacing limits.
 */
export class IbMarketData implements MarketData {
  readonly #source: BarSource;
  readonly #instruments: ReadonlyMap<string, Instrument>;
  readonly #store: BarCacheStore | undefined;
  readonly #options: { duration: string; barSize: string; maxAgeMs: number; now: () => number };
  readonly #memory = new Map<string, { fetchedAt: number; bars: Bar[] }>();
  // The columns of each symbol's latest fetch, made once per fetch so that reads are windows.
  readonly #series = new Map<string, { bars: Bar[]; series: BarSeries }>();

  constructor(source: BarSource, instruments: readonly Instrument[], options: { duration?: string; barSize?: string; maxAgeMs?: number; now?: () => number; store?: BarCacheStore } = {}) {
    this.#source = source;
    this.#instruments = new Map(instruments.map((i) => [i.symbol, i]));
    this.#store = options.store;
    this.#options = { duration: options.duration ?? '1 Y', barSize: options.barSize ?? '1 day', maxAgeMs: options.maxAgeMs ?? 3_600_000, now: options.now ?? Date.now };
  }

  async bars(symbol: string, until: number): Promise<BarWindow> {
    await this.#cached(symbol);
    return this.#series.get(symbol)!.series.windowUntil(until);
  }

  async barsOf(symbols: readonly string[], until: number): Promise<ReadonlyMap<string, BarWindow>> {
    const windows = new Map<string, BarWindow>();
    for (const symbol of symbols) windows.set(symbol, await this.bars(symbol, until));
    return windows;
  }

  /** IB's historical bars bring no corporate actions: an account that needs them keeps them in the data folder. */
  async actions(_symbol: string): Promise<readonly CorporateAction[]> {
    return [];
  }

  async actionsOf(symbols: readonly string[]): Promise<readonly (readonly CorporateAction[])[]> {
    return symbols.map(() => []);
  }

  async latestBarTime(): Promise<number | undefined> {
    let latest: number | undefined;
    for (const symbol of this.#instruments.keys()) {
      await this.#cached(symbol);
      const { series } = this.#series.get(symbol)!;
      const last = series.columns.time[series.length - 1];
      if (last !== undefined && (latest === undefined || last > latest)) latest = last;
    }
    return latest;
  }

  async #cached(symbol: string): Promise<Bar[]> {
    const instrument = this.#instruments.get(symbol);
    if (!instrument) throw new Error(`no instrument ${symbol} in the config`);
    const key = `ib-bars:${symbol}:${this.#options.barSize}:${this.#options.duration}`;
    const now = this.#options.now();
    const fresh = (entry: { fetchedAt: number } | undefined) => entry !== undefined && now - entry.fetchedAt < this.#options.maxAgeMs;
    let entry = this.#memory.get(key);
    if (!fresh(entry)) entry = await this.#store?.load(key);
    if (!fresh(entry) || !entry) {
      entry = { fetchedAt: now, bars: await this.#source.historicalBars(instrument, { duration: this.#options.duration, barSize: this.#options.barSize }) };
      await this.#store?.save(key, entry);
    }
    this.#memory.set(key, entry);
    if (this.#series.get(symbol)?.bars !== entry.bars) {
      try {
        this.#series.set(symbol, { bars: entry.bars, series: seriesInSessions(columnsFromBars(entry.bars), findCalendar(instrument.exchange)) });
      } catch (error) {
        throw new MarketDataError(`IB historical bars of ${symbol}: ${(error as Error).message}`);
      }
    }
    return entry.bars;
  }
}
