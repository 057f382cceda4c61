import type { CorporateAction } from '../domain/corporate-action.js';
import { BarSeries, type BarWindow } from './bar-series.js';
import type { ColumnarBars } from './columnar/columnar-bars.js';
import { MarketDataError } from './market-data.js';

/**
 * Index of the bar an action takes effect with: the first that starts at or after its ex-date's
 * midnight UTC (the ex-date's session, whatever the exchange's time zone east of UTC−10), or
 * `length` when no such bar is in the window yet.
 */
export function effectiveBar(times: Float64Array, length: number, action: CorporateAction): number {
  let low = 0;
  let high = length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (times[middle]! < action.time) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** When an action takes effect in a window: the start of its ex-date's first bar, or undefined while that bar has not started. */
export function effectiveTime(window: BarWindow, action: CorporateAction): number | undefined {
  const index = effectiveBar(window.series.columns.time, window.length, action);
  return index < window.length ? window.time(index) : undefined;
}

/**
 * Per bar, what its raw prices are multiplied by to give back-adjusted (total-return) prices:
 * the product, over the actions that take effect after the bar, of 1 / ratio for a split and
 * 1 − dividend / the raw close before the ex-date for a dividend (the CRSP method). The newest
 * bars keep their raw prices (factor 1); any return between two adjusted closes is the return
 * of holding the share with its dividends reinvested at the close before the ex-date. Actions
 * whose ex-date has no bar in the series yet, or none before it, change nothing.
 */
export function adjustmentFactors(columns: ColumnarBars, actions: readonly CorporateAction[], symbol: string): Float64Array {
  const length = columns.time.length;
  const factors = new Float64Array(length).fill(1);
  for (const action of actions) {
    const at = effectiveBar(columns.time, length, action);
    if (at === 0 || at === length) continue;
    let step: number;
    if (action.kind === 'split') {
      step = 1 / action.value;
    } else {
      const before = columns.close[at - 1]!;
      step = 1 - action.value / before;
      if (!(step > 0)) throw new MarketDataError(`${symbol}: the dividend of ${action.value} on ${action.date} is not below the close before it (${before}): check the actions file`);
    }
    // Placed on the last bar before the ex-date, then carried back by the running product below.
    factors[at - 1] = factors[at - 1]! * step;
  }
  for (let i = length - 2; i >= 0; i--) factors[i] = factors[i]! * factors[i + 1]!;
  return factors;
}

/**
 * The series with back-adjusted open, high, low and close, computed once; times, ends and volume
 * are the raw series'. Without an action that takes effect inside it, the series itself.
 */
export function adjustedSeries(series: BarSeries, actions: readonly CorporateAction[], symbol: string): BarSeries {
  const raw = series.columns;
  const factors = adjustmentFactors(raw, actions, symbol);
  if (factors.every((factor) => factor === 1)) return series;
  const scaled = (column: Float64Array): Float64Array => {
    const out = new Float64Array(column.length);
    for (let i = 0; i < column.length; i++) out[i] = column[i]! * factors[i]!;
    return out;
  };
  return new BarSeries({ time: raw.time, open: scaled(raw.open), high: scaled(raw.high), low: scaled(raw.low), close: scaled(raw.close), volume: raw.volume }, series.ends);
}
