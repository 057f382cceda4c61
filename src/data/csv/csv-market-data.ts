import { open } from 'node:fs/promises';
import { join } from 'node:path';
import type { Bar } from '../../domain/bar.js';
import { MarketDataError, type MarketData } from '../market-data.js';
import { MAX_BAR_FILE_BYTES, parseBarsCsv } from './parse-bars-csv.js';

export interface CsvMarketDataOptions {
  /** Folder holding one `<SYMBOL>.csv` per symbol. */
  readonly dir: string;
  /** The symbols this source serves; others are refused rather than silently missing. */
  readonly symbols: readonly string[];
}

interface Series {
  readonly file: string;
  readonly bars: readonly Bar[];
  // The last answer, kept because one cycle asks for the same symbol and time several times
  // (strategy, planning, risk) and a backtest step asks every symbol once per step.
  lastUntil: number;
  lastAnswer: readonly Bar[];
}

/**
 * Market data from CSV files, one per symbol. Each file is read and validated once, on first
 * use, and then served from memory; a file that fails validation is read again on the next
 * call, so a fixed file is picked up without a restart.
 */
export class CsvMarketData implements MarketData {
  readonly #dir: string;
  readonly #symbols: ReadonlySet<string>;
  readonly #series = new Map<string, Promise<Series>>();

  constructor(options: CsvMarketDataOptions) {
    this.#dir = options.dir;
    this.#symbols = new Set(options.symbols);
  }

  async bars(symbol: string, until: number): Promise<readonly Bar[]> {
    if (Number.isNaN(until)) throw new RangeError(`bars(${symbol}): "until" is NaN`);
    const series = await this.#load(symbol);
    if (until === series.lastUntil) return series.lastAnswer;
    const count = countStartedBy(series.bars, until);
    // The full series is returned as is; a prefix costs one copy of references (the bars
    // themselves are frozen and shared), and the frozen result cannot corrupt the cache.
    const answer = count === series.bars.length ? series.bars : Object.freeze(series.bars.slice(0, count));
    series.lastUntil = until;
    series.lastAnswer = answer;
    return answer;
  }

  async latestBarTime(): Promise<number | undefined> {
    let latest: number | undefined;
    for (const symbol of this.#symbols) {
      const { bars } = await this.#load(symbol);
      const time = bars[bars.length - 1]!.time;
      if (latest === undefined || time > latest) latest = time;
    }
    return latest;
  }

  #load(symbol: string): Promise<Series> {
    if (!this.#symbols.has(symbol)) {
      return Promise.reject(new MarketDataError(`no data configured for symbol "${symbol}" (known: ${[...this.#symbols].join(', ') || 'none'})`));
    }
    let loading = this.#series.get(symbol);
    if (!loading) {
      loading = readSeries(join(this.#dir, `${symbol}.csv`));
      this.#series.set(symbol, loading);
      loading.catch(() => this.#series.delete(symbol));
    }
    return loading;
  }
}

async function readSeries(file: string): Promise<Series> {
  let text: string;
  try {
    // The size is checked on the open file, before a byte is read, so that an absurd file
    // (a runaway downloader, a wrong path) costs nothing and gets a clear message.
    const handle = await open(file, 'r');
    try {
      const { size } = await handle.stat();
      if (size > MAX_BAR_FILE_BYTES) {
        throw new MarketDataError(`${mib(size)} MiB, above the limit of ${mib(MAX_BAR_FILE_BYTES)} MiB for one bar file: keep fewer years or coarser bars`, file);
      }
      text = await handle.readFile('utf8');
    } finally {
      await handle.close();
    }
  } catch (error) {
    if (error instanceof MarketDataError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'missing file: add it or remove the symbol from the config' : `cannot read: ${(error as Error).message}`;
    throw new MarketDataError(reason, file);
  }
  const bars = Object.freeze(parseBarsCsv(text, file));
  return { file, bars, lastUntil: Number.NaN, lastAnswer: bars };
}

function mib(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(0);
}

/** Number of bars whose start is at or before `until` (binary search: bars are sorted). */
export function countStartedBy(bars: readonly Bar[], until: number): number {
  let low = 0;
  let high = bars.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (bars[middle]!.time <= until) low = middle + 1;
    else high = middle;
  }
  return low;
}
