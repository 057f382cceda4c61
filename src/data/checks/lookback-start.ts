import { DAY_MS, type BarWindow } from '../bar-series.js';
import { SeriesDates } from '../series-dates.js';

/**
 * Whether two bar starts, `earlier` ≤ `later`, fall on the same UTC date. Starts a day or more
 * apart never do: daily bars are told apart by a subtraction, without dividing either time.
 */
function sameUtcDate(earlier: number, later: number): boolean {
  return later - earlier < DAY_MS && Math.floor(earlier / DAY_MS) === Math.floor(later / DAY_MS);
}

/** Index of the first bar of the last `days` UTC dates of the window (walked from the newest: costs the lookback only). */
export function firstBarOfLastDays(window: BarWindow, days: number): number {
  const times = window.series.columns.time;
  if (window.length === 0) return 0;
  if (!(days >= 1)) return window.length;
  let dates = 1;
  for (let i = window.length - 1; i > 0; i--) {
    if (!sameUtcDate(times[i - 1]!, times[i]!) && ++dates > days) return i;
  }
  return 0;
}

/**
 * firstBarOfLastDays, from the series' dates (SeriesDates), found once per series: a process
 * that checks at every run (a backtest, the daemon) reads each bar once instead of walking the
 * whole lookback at each run.
 */
export function firstBarOfLastDaysRemembered(window: BarWindow, days: number): number {
  const { length } = window;
  if (length === 0) return 0;
  if (!(days >= 1)) return length;
  const dates = SeriesDates.of(window.series);
  // The walk keeps every date while it has counted no more than `days` of them.
  const kept = Math.floor(days);
  const date = dates.dateOf(length - 1);
  return date < kept ? 0 : dates.starts[date - kept + 1]!;
}
