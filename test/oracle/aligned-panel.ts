import type { ColumnarBars } from '../../src/data/columnar/columnar-bars.js';

/** Symbols that share one timeline: column views, no copies. */
export interface AlignedPanel {
  readonly symbols: readonly string[];
  readonly times: Float64Array;
  readonly open: readonly Float64Array[];
  readonly close: readonly Float64Array[];
}

export class PanelError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PanelError';
  }
}

/**
 * The bars of every symbol between `from` and `to` (epoch ms, both inclusive), which must start
 * at the same times for every symbol: backtrader steps all data feeds together, and a missing
 * day in one file would shift its bar count t against the others.
 */
export function alignPanel(series: ReadonlyMap<string, ColumnarBars>, from = Number.NEGATIVE_INFINITY, to = Number.POSITIVE_INFINITY): AlignedPanel {
  const symbols = [...series.keys()];
  if (symbols.length === 0) throw new PanelError('no symbols to backtest');
  const cut = (bars: ColumnarBars): [number, number] => [firstAtOrAfter(bars.time, from), firstAtOrAfter(bars.time, to + 1)];
  const first = series.get(symbols[0]!)!;
  const [start, end] = cut(first);
  const times = first.time.subarray(start, end);
  if (times.length === 0) throw new PanelError(`${symbols[0]} has no bars in the chosen period`);
  const open: Float64Array[] = [];
  const close: Float64Array[] = [];
  for (const symbol of symbols) {
    const bars = series.get(symbol)!;
    const [a, b] = cut(bars);
    const own = bars.time.subarray(a, b);
    for (let i = 0; i < Math.max(own.length, times.length); i += 1) {
      if (own[i] !== times[i]) {
        const day = (t: number | undefined): string => (t === undefined ? 'nothing' : new Date(t).toISOString().slice(0, 10));
        throw new PanelError(`${symbol} is not on the same dates as ${symbols[0]}: its bar ${i} is ${day(own[i])}, against ${day(times[i])}; the comparison mode needs one row per date in every file`);
      }
    }
    open.push(bars.open.subarray(a, b));
    close.push(bars.close.subarray(a, b));
  }
  return { symbols, times, open, close };
}

/** Index of the first bar that starts at or after `time` (binary search). */
function firstAtOrAfter(times: Float64Array, time: number): number {
  let low = 0;
  let high = times.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (times[middle]! < time) low = middle + 1;
    else high = middle;
  }
  return low;
}
