import { growthIndex } from './time-weighted-return.js';

export interface Drawdown {
  /** The deepest fall from a running peak, as a negative fraction (−0.1 = 10 % below the peak); 0 if none. */
  readonly maxDrawdown: number;
  /** Index (into the growth index, 0 = the start) of the peak before the deepest fall. */
  readonly peak: number;
  readonly trough: number;
  /** First index back at or above the peak; undefined while not recovered. */
  readonly recovery: number | undefined;
}

/** Fraction below the running peak at each point of a value series (0 at a new high). */
export function drawdownSeries(values: readonly number[]): number[] {
  let peak = Number.NEGATIVE_INFINITY;
  return values.map((v) => {
    peak = Math.max(peak, v);
    return peak > 0 ? v / peak - 1 : 0;
  });
}

/**
 * The maximum drawdown of a return series, measured on its growth index starting at 1 (so a
 * first-period loss counts, as in empyrical's max_drawdown).
 */
export function maxDrawdown(returns: readonly number[]): Drawdown {
  const index = growthIndex(returns);
  let peakAt = 0;
  let worst = { maxDrawdown: 0, peak: 0, trough: 0 };
  for (let i = 1; i < index.length; i++) {
    if (index[i]! >= index[peakAt]!) peakAt = i;
    const fall = index[i]! / index[peakAt]! - 1;
    if (fall < worst.maxDrawdown) worst = { maxDrawdown: fall, peak: peakAt, trough: i };
  }
  let recovery: number | undefined;
  if (worst.maxDrawdown < 0) {
    for (let i = worst.trough + 1; i < index.length; i++) {
      if (index[i]! >= index[worst.peak]!) {
        recovery = i;
        break;
      }
    }
  }
  return { ...worst, recovery };
}
