import { DAY_MS, lastBarAtOrBefore, lastKnownPrice } from '../data/bar-series.js';
import type { Bar } from '../domain/bar.js';
import type { StrategyContext } from './strategy.js';

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
 */
export function dailyCloses(bars: readonly Bar[], now: number): DailyClose[] {
  const count = lastBarAtOrBefore(bars, now) + 1;
  const closes: { day: number; close: number }[] = [];
  for (let i = 0; i < count; i += 1) {
    const bar = bars[i]!;
    const day = Math.floor(bar.time / DAY_MS) * DAY_MS;
    const last = closes[closes.length - 1];
    if (last?.day === day) last.close = bar.close;
    else closes.push({ day, close: bar.close });
  }
  const known = lastKnownPrice(bars, now);
  if (known !== undefined) closes[closes.length - 1]!.close = known.price;
  return closes;
}

/** Daily closes of `symbol` as known at the context's `now`. */
export async function dailyClosesOf(context: StrategyContext, symbol: string): Promise<DailyClose[]> {
  return dailyCloses(await context.bars(symbol), context.now);
}
