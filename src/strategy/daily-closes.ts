import { DAY_MS, lastBarAtOrBefore, lastKnownPriceValue, type BarWindow } from '../data/bar-series.js';
import { SeriesDates } from '../data/series-dates.js';
import { volOfReturnsAt } from './realized-vol.js';

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
  const closes = new Float64Array(dateBound(bars, now, lastDays));
  const days = new Float64Array(closes.length);
  const count = dailyClosesInto(bars, now, closes, days);
  const made: DailyClose[] = [];
  for (let i = closes.length - count; i < closes.length; i++) made.push({ day: days[i]!, close: closes[i]! });
  return made;
}

/** The closes of dailyCloses alone, oldest first: what a volatility needs, with no object per day. */
export function dailyCloseValues(bars: BarWindow, now: number, lastDays = Number.POSITIVE_INFINITY): number[] {
  const closes = new Float64Array(dateBound(bars, now, lastDays));
  const count = dailyClosesInto(bars, now, closes);
  return Array.from(closes.subarray(closes.length - count));
}

/** At most `lastDays` dates, and never more than the bars up to `now`. */
function dateBound(bars: BarWindow, now: number, lastDays: number): number {
  const dates = lastBarAtOrBefore(bars, now) + 1;
  // A count that is not a whole number ≥ 0 is never reached: every date is kept.
  return Number.isInteger(lastDays) && lastDays >= 0 ? Math.min(lastDays, dates) : dates;
}

/**
 * The last `closes.length` values of dailyCloses written into the end of `closes`, oldest
 * first (and their dates into `days`, when given); returns how many dates there were, fewer
 * when the history is shorter. A caller that asks for every instrument at every run passes
 * one buffer for all of them.
 */
export function dailyClosesInto(bars: BarWindow, now: number, closes: Float64Array, days?: Float64Array): number {
  const size = closes.length;
  let count = 0;
  let day = Number.NaN;
  const last = lastBarAtOrBefore(bars, now);
  // The window's columns, read in place: every rebalance walks the lookback of every instrument.
  const { time, close } = bars.series.columns;
  for (let i = last; i >= 0; i -= 1) {
    const barDay = Math.floor(time[i]! / DAY_MS) * DAY_MS;
    if (barDay === day) continue;
    if (count === size) break;
    day = barDay;
    count += 1;
    closes[size - count] = close[i]!;
    if (days) days[size - count] = day;
  }
  const known = lastKnownPriceValue(bars, now);
  if (known !== undefined && count > 0) closes[size - 1] = known;
  return count;
}

/**
 * realizedVol(closes, lookbackDays) of the last lookbackDays + 1 values of dailyCloses, to the
 * last bit, written to `vol[0]` when there are that many dates; returns how many dates
 * dailyCloses would give, at most lookbackDays + 1. The completed dates' returns are worked out
 * once as the lookback moves forward (SeriesDates) and read in place; only the last date's, valued at `now`, is
 * divided out at each call. A strategy that asks for every instrument at every run walks no bars.
 */
export function dailyVolInto(bars: BarWindow, now: number, lookbackDays: number, vol: Float64Array): number {
  const size = lookbackDays + 1;
  const last = lastBarAtOrBefore(bars, now);
  if (last < 0) return 0;
  const dates = SeriesDates.of(bars.series);
  const date = dates.dateOf(last);
  if (date + 1 < size) return date + 1;
  // The last date's close is the price known at `now`, over the close of the date before it.
  const lastReturn = lastKnownPriceValue(bars, now)! / bars.series.columns.close[dates.starts[date]! - 1]! - 1;
  const at = dates.returnsOf(date - lookbackDays + 1, date);
  vol[0] = volOfReturnsAt(dates.returns, at, lookbackDays, lastReturn);
  return size;
}
