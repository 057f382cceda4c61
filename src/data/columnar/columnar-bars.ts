import type { Bar } from '../../domain/bar.js';

/**
 * One symbol's bars as columns of typed arrays, oldest first: the compact form a backtest reads.
 * Ten years of daily bars are 2,520 rows × 6 columns × 8 bytes = 121 KB, against several
 * hundred KB as objects, and a loop over a Float64Array stays in the CPU cache.
 */
export interface ColumnarBars {
  /** Bar starts, epoch ms UTC. */
  readonly time: Float64Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
}

export const BAR_COLUMNS = ['time', 'open', 'high', 'low', 'close', 'volume'] as const;
export type BarColumn = (typeof BAR_COLUMNS)[number];

/**
 * The same bars with other starts. The other columns are taken as they are, high and low
 * through getters: columns loaded from the cache read those only when first asked for
 * (columnar-cache.ts), which a spread would do at once. A class, not an object literal with
 * getters: V8 keeps such a literal's properties in a dictionary, and every read of a column
 * by the backtest's loops was a look-up in it.
 */
class Restarted implements ColumnarBars {
  readonly time: Float64Array;
  readonly open: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
  readonly #columns: ColumnarBars;

  constructor(columns: ColumnarBars, time: Float64Array) {
    this.time = time;
    this.open = columns.open;
    this.close = columns.close;
    this.volume = columns.volume;
    this.#columns = columns;
  }

  get high(): Float64Array {
    return this.#columns.high;
  }

  get low(): Float64Array {
    return this.#columns.low;
  }
}

export function withStarts(columns: ColumnarBars, time: Float64Array): ColumnarBars {
  return new Restarted(columns, time);
}

export function columnsFromBars(bars: readonly Bar[]): ColumnarBars {
  const n = bars.length;
  const columns = { time: new Float64Array(n), open: new Float64Array(n), high: new Float64Array(n), low: new Float64Array(n), close: new Float64Array(n), volume: new Float64Array(n) };
  for (let i = 0; i < n; i += 1) {
    const bar = bars[i]!;
    columns.time[i] = bar.time;
    columns.open[i] = bar.open;
    columns.high[i] = bar.high;
    columns.low[i] = bar.low;
    columns.close[i] = bar.close;
    columns.volume[i] = bar.volume;
  }
  return columns;
}

/** Frozen Bar objects, for the code that takes Bar[] (strategies, the paper broker). */
export function barsFromColumns(columns: ColumnarBars, from = 0, to = columns.time.length): Bar[] {
  const bars = new Array<Bar>(Math.max(0, to - from));
  for (let i = from; i < to; i += 1) {
    bars[i - from] = Object.freeze({ time: columns.time[i]!, open: columns.open[i]!, high: columns.high[i]!, low: columns.low[i]!, close: columns.close[i]!, volume: columns.volume[i]! });
  }
  return bars;
}
