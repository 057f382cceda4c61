import type { BarWindow } from '../bar-series.js';
import type { DailyBar } from '../sources/market-data-source.js';

export interface CloseDisagreement {
  readonly date: string;
  readonly dataClose: number;
  readonly referenceClose: number;
  /** |data − reference| / data, in percent: how far the second source is from what the strategy would read. */
  readonly apartPct: number;
}

/**
 * The trading dates from bar `from` on, whose bars had all ended by `now`, on which the data's
 * close (the last bar's of the date) and the reference's daily close are more than
 * `tolerancePct` apart. Dates only one side has are not compared: a missing day is the gap
 * check's to find.
 */
export function closeDisagreements(window: BarWindow, from: number, reference: readonly DailyBar[], options: { readonly now: number; readonly tolerancePct: number; readonly dateOf: (time: number) => string }): CloseDisagreement[] {
  const closes = new Map<string, number>();
  for (let i = Math.max(0, from); i < window.length; i++) {
    const date = options.dateOf(window.time(i));
    // A date whose last bar is still running has no close yet: the bars of it so far say nothing.
    if (window.end(i) > options.now) {
      closes.delete(date);
      break;
    }
    closes.set(date, window.close(i));
  }
  const disagreements: CloseDisagreement[] = [];
  for (const bar of reference) {
    const close = closes.get(bar.date);
    if (close === undefined) continue;
    const apartPct = (Math.abs(close - bar.close) / close) * 100;
    if (apartPct > options.tolerancePct) disagreements.push({ date: bar.date, dataClose: close, referenceClose: bar.close, apartPct });
  }
  return disagreements;
}
