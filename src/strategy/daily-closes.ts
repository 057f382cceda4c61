import { DAY_MS, lastBarAtOrBefore, lastKnownPriceValue, type BarWindow } from '../data/bar-series.js';

/** The value of one instrument at the end of one UTC date. */
export interface DailyClose {
  /** The date's 00:00 UTC, epoch ms. */
  readonly day: number;
  readonly close: number;
}

/**
 * Collapses bars into one value per UTC date: the close of the date's last bar. A daily
 * file has one bar per date, so its closes pass through unchanged; US session hours
 * (13:30–21:00 UTC) never straddle a UTC midnight.
 *
 * The last date is included even while it is still trading, valued at the latest price
 * knowable at `now` (the close of the last ended bar, or the open of the bar in progress,
 * never the close of a bar that has not ended). We use it rather than only completed days
 * because an hourly rebalance should react to today's moves, and a partial day's return is
 * a smaller sample of the same process, not a different one.
 *
 * `lastDays` keeps only the most recent dates: the bars are walked from the newest, so a
 * strategy that needs a fixed lookback pays for the lookback, not for the whole history.
 */
export function dailyCloses(bars: BarWindow, now: number, lastDays = Number.POSITIVE_INFINITY): DailyClose[] {
  const days: number[] = [];
  const closes = walkDailyCloses(bars, now, lastDays, days);
  return days.map((day, i) => ({ day, close: closes[i]! }));
}

/** The closes of dailyCloses alone, oldest first: what a volatility needs, with no object per day. */
export function dailyCloseValues(bars: BarWindow, now: number, lastDays = Number.POSITIVE_INFINITY): number[] {
  return walkDailyCloses(bars, now, lastDays);
}

/** The closes, oldest first; the dates of them too when `days` is given to fill. */
function walkDailyCloses(bars: BarWindow, now: number, lastDays: number, days?: number[]): number[] {
  const closes: number[] = [];
  let day = Number.NaN;
  const last = lastBarAtOrBefore(bars, now);
  // The window's columns, read in place: every rebalance walks the lookback of every instrument.
  const { time, close } = bars.series.columns;
  for (let i = last; i >= 0; i -= 1) {
    const barDay = Math.floor(time[i]! / DAY_MS) * DAY_MS;
    if (barDay === day) continue;
    if (closes.length === lastDays) break;
    day = barDay;
    days?.push(day);
    closes.push(close[i]!);
  }
  days?.reverse();
  closes.reverse();
  const known = lastKnownPriceValue(bars, now);
  if (known !== undefined && closes.length > 0) closes[closes.length - 1] = known;
  return closes;
}
