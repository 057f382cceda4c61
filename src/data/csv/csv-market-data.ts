import { open } from 'node:fs/promises';
import { join } from 'node:path';
import type { ExchangeCalendar } from '../../calendar/session.js';
import type { CorporateAction } from '../../domain/corporate-action.js';
import { DAY_MS, type BarSeries, type BarWindow } from '../bar-series.js';
import type { ColumnarBars } from '../columnar/columnar-bars.js';
import { actionsOfEach, MarketDataError, type MarketData } from '../market-data.js';
import { seriesInSessions } from '../session-bars.js';
import { lastRowTime } from './last-row-time.js';
import { actionsFileName, readActionsFile } from './parse-actions-csv.js';
import { MAX_BAR_FILE_BYTES, parseBarColumns } from './parse-bars-csv.js';
import { unreadableBarFile } from './unreadable-bar-file.js';

export interface CsvMarketDataOptions {
  /** Folder holding one `<SYMBOL>.csv` per symbol. */
  readonly dir: string;
  /** The symbols this source serves; others are refused rather than silently missing. */
  readonly symbols: readonly string[];
  /** The calendar of each symbol's exchange, so that a daily bar spans its session. */
  readonly calendarOf?: (symbol: string) => ExchangeCalendar | undefined;
}


/**
 * Market data from CSV files, one per symbol. Each file is read and validated once, on first
 * use, and then served from memory; a file that fails validation is read again on the next
 * call, so a fixed file is picked up without a restart.
 */
export class CsvMarketData implements MarketData {
  readonly #dir: string;
  readonly #symbols: ReadonlySet<string>;
  readonly #calendarOf: (symbol: string) => ExchangeCalendar | undefined;
  readonly #series = new Map<string, Promise<BarSeries>>();
  readonly #actions = new Map<string, Promise<readonly CorporateAction[]>>();

  constructor(options: CsvMarketDataOptions) {
    this.#dir = options.dir;
    this.#symbols = new Set(options.symbols);
    this.#calendarOf = options.calendarOf ?? (() => undefined);
  }

  async bars(symbol: string, until: number): Promise<BarWindow> {
    if (Number.isNaN(until)) throw new RangeError(`bars(${symbol}): "until" is NaN`);
    return (await this.#load(symbol)).windowUntil(until);
  }

  async barsOf(symbols: readonly string[], until: number): Promise<ReadonlyMap<string, BarWindow>> {
    if (Number.isNaN(until)) throw new RangeError('barsOf: "until" is NaN');
    const windows = new Map<string, BarWindow>();
    for (const symbol of symbols) {
      // A loaded series is a settled promise: awaiting it again is the only cost after the first call.
      windows.set(symbol, (await this.#load(symbol)).windowUntil(until));
    }
    return windows;
  }

  async latestBarTime(): Promise<number | undefined> {
    let latest: number | undefined;
    for (const symbol of this.#symbols) {
      const series = await this.#load(symbol);
      const time = series.columns.time[series.length - 1]!;
      if (latest === undefined || time > latest) latest = time;
    }
    return latest;
  }

  /**
   * latestBarTime without reading every file: a file whose last row has a time of day is taken as
   * stamped, so that row's time is its series' last (its header and last line are read, not the
   * rest). A file of dates on a calendar (placed in sessions by the whole series) or one whose
   * last row cannot be read this way is read in full. The files are not checked; for commands
   * that only show what is recorded (a run reads and checks every file it uses).
   */
  async latestBarTimeFromLastRows(): Promise<number | undefined> {
    let latest: number | undefined;
    for (const symbol of this.#symbols) {
      let time = this.#series.has(symbol) ? undefined : lastRowTime(join(this.#dir, `${symbol}.csv`));
      if (time === undefined || (time % DAY_MS === 0 && this.#calendarOf(symbol) !== undefined)) {
        const series = await this.#load(symbol);
        time = series.columns.time[series.length - 1]!;
      }
      if (latest === undefined || time > latest) latest = time;
    }
    return latest;
  }

  /** The symbol's `<SYMBOL>.actions.csv` beside its bars, read once like them; no file means no actions. */
  actions(symbol: string): Promise<readonly CorporateAction[]> {
    if (!this.#symbols.has(symbol)) return Promise.resolve([]);
    let loading = this.#actions.get(symbol);
    if (!loading) {
      loading = readActionsFile(join(this.#dir, actionsFileName(symbol)));
      this.#actions.set(symbol, loading);
      loading.catch(() => this.#actions.delete(symbol));
    }
    return loading;
  }

  actionsOf(symbols: readonly string[]): Promise<readonly (readonly CorporateAction[])[]> {
    return actionsOfEach(this, symbols);
  }

  #load(symbol: string): Promise<BarSeries> {
    if (!this.#symbols.has(symbol)) {
      return Promise.reject(new MarketDataError(`no data configured for symbol "${symbol}" (known: ${[...this.#symbols].join(', ') || 'none'})`));
    }
    let loading = this.#series.get(symbol);
    if (!loading) {
      loading = readBars(join(this.#dir, `${symbol}.csv`)).then((bars) => seriesInSessions(bars, this.#calendarOf(symbol)));
      this.#series.set(symbol, loading);
      loading.catch(() => this.#series.delete(symbol));
    }
    return loading;
  }
}

async function readBars(file: string): Promise<ColumnarBars> {
  let bytes: Buffer;
  try {
    // The size is checked on the open file, before a byte is read, so that an absurd file
    // (a runaway downloader, a wrong path) costs nothing and gets a clear message.
    const handle = await open(file, 'r');
    try {
      const { size } = await handle.stat();
      if (size > MAX_BAR_FILE_BYTES) {
        throw new MarketDataError(`${mib(size)} MiB, above the limit of ${mib(MAX_BAR_FILE_BYTES)} MiB for one bar file: keep fewer years or coarser bars`, file);
      }
      bytes = await handle.readFile();
    } finally {
      await handle.close();
    }
  } catch (error) {
    if (error instanceof MarketDataError) throw error;
    throw unreadableBarFile(file, error);
  }
  return parseBarColumns(bytes, file);
}

function mib(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(0);
}
