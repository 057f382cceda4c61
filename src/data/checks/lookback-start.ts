import { DAY_MS, type BarSeries, type BarWindow } from '../bar-series.js';

/**
 * Whether two bar starts, `earlier` ≤ `later`, fall on the same UTC date. Starts a day or more
 * apart never do: daily bars are told apart by a subtraction, without dividing either time.
 */
function sameUtcDate(earlier: number, later: number): boolean {
  return later - earlier < DAY_MS && Math.floor(earlier / DAY_MS) === Math.floor(later / DAY_MS);
}

/** Index of the first bar of the last `days` UTC dates of the window (walked from the newest: costs the lookback only). */
export function firstBarOfLastDays(window: BarWindow, days: number): number {
  return lastDaysFrom(window, days).from;
}

/** firstBarOfLastDays, and how many dates its bars span. */
function lastDaysFrom(window: BarWindow, days: number): { from: number; dates: number } {
  const times = window.series.columns.time;
  if (window.length === 0) return { from: 0, dates: 0 };
  if (!(days >= 1)) return { from: window.length, dates: 0 };
  let dates = 1;
  for (let i = window.length - 1; i > 0; i--) {
    if (!sameUtcDate(times[i - 1]!, times[i]!) && ++dates > days) return { from: i, dates: dates - 1 };
  }
  return { from: 0, dates };
}

/**
 * Where the last lookback of a series began, and how many dates it spanned: the history checks
 * ask at every run, and a window that grew by a few bars moves the start by as many dates.
 */
interface LookbackMemo {
  readonly days: number;
  length: number;
  from: number;
  dates: number;
}

const lookbacks = new WeakMap<BarSeries, LookbackMemo>();

/**
 * firstBarOfLastDays, stepped on from the answer for a shorter window of the same series: a
 * process that checks at every run (a backtest, the daemon) reads each bar about twice instead
 * of walking the whole lookback at each run. A shorter window than the last, or another number
 * of days, is walked afresh.
 */
export function firstBarOfLastDaysRemembered(window: BarWindow, days: number): number {
  const { series, length } = window;
  const memo = lookbacks.get(series);
  // Stepping on needs the last window's newest bar, and a lookback that keeps it.
  if (!memo || memo.days !== days || length < memo.length || memo.length === 0 || !(days >= 1)) {
    const { from, dates } = lastDaysFrom(window, days);
    lookbacks.set(series, { days, length, from, dates });
    return from;
  }
  const times = series.columns.time;
  let { from, dates } = memo;
  for (let i = memo.length; i < length; i++) if (!sameUtcDate(times[i - 1]!, times[i]!)) dates++;
  // Daily bars, each its own date, drop out one bar per date: the new start is known at once.
  if (dates > days && dates === length - from) {
    from = length - days;
    dates = days;
  }
  // Otherwise the oldest dates drop out, each with all its bars, until `days` are left.
  while (dates > days) {
    do from++;
    while (from < length && sameUtcDate(times[from - 1]!, times[from]!));
    dates--;
  }
  memo.length = length;
  memo.from = from;
  memo.dates = dates;
  return from;
}
