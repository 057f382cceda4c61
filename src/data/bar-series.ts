import type { Bar } from '../domain/bar.js';

export const DAY_MS = 86_400_000;

/**
 * Pure helpers over a series of bars sorted by start time. A series is treated as immutable:
 * its typical interval is cached per array, so append by making a new array.
 */

/** Index of the last bar that started at or before `time`, or -1 when none has. */
export function lastBarAtOrBefore(bars: readonly Bar[], time: number): number {
  let low = 0;
  let high = bars.length - 1;
  let found = -1;
  while (low <= high) {
    const mid = (low + high) >>> 1;
    if (bars[mid]!.time <= time) {
      found = mid;
      low = mid + 1;
    } else {
      high = mid - 1;
    }
  }
  return found;
}

const intervalCache = new WeakMap<readonly Bar[], number>();

/**
 * The series' usual bar length: the median spacing between bar starts. The median ignores
 * nights, weekends and holidays, which only ever lengthen a gap. One day for fewer than two bars.
 */
export function typicalInterval(bars: readonly Bar[]): number {
  const cached = intervalCache.get(bars);
  if (cached !== undefined) return cached;
  let interval = DAY_MS;
  if (bars.length >= 2) {
    const spacings = new Float64Array(bars.length - 1);
    for (let i = 1; i < bars.length; i++) spacings[i - 1] = bars[i]!.time - bars[i - 1]!.time;
    spacings.sort();
    const middle = spacings.length >>> 1;
    interval = spacings.length % 2 === 1 ? spacings[middle]! : (spacings[middle - 1]! + spacings[middle]!) / 2;
  }
  intervalCache.set(bars, interval);
  return interval;
}

/**
 * When bar `index` ends: one typical interval after its start, or earlier if the next bar
 * starts sooner. The bar's high, low and close are known only from then on.
 */
export function barEnd(bars: readonly Bar[], index: number): number {
  const bar = bars[index];
  if (!bar) throw new RangeError(`no bar at index ${index} of a series of ${bars.length}`);
  const end = bar.time + typicalInterval(bars);
  const next = bars[index + 1];
  return next ? Math.min(end, next.time) : end;
}

/** Index of the last bar that had ended by `time`, or -1 when none has. */
export function lastCompletedBar(bars: readonly Bar[], time: number): number {
  const index = lastBarAtOrBefore(bars, time);
  if (index < 0) return -1;
  return barEnd(bars, index) <= time ? index : index - 1;
}

export interface KnownPrice {
  readonly price: number;
  /** When the price became known, epoch ms UTC. */
  readonly time: number;
  readonly barIndex: number;
}

/**
 * The latest price knowable at `time`: the close of the last bar if it has ended, else the
 * open of the bar in progress. Reading a bar's close before its end would look ahead.
 */
export function lastKnownPrice(bars: readonly Bar[], time: number): KnownPrice | undefined {
  const index = lastBarAtOrBefore(bars, time);
  if (index < 0) return undefined;
  const bar = bars[index]!;
  const end = barEnd(bars, index);
  return end <= time ? { price: bar.close, time: end, barIndex: index } : { price: bar.open, time: bar.time, barIndex: index };
}
