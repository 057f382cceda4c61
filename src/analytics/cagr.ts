import { timeWeightedReturn } from './time-weighted-return.js';

/**
 * Compound annual growth rate of a return series: (1 + TWR)^(periodsPerYear / n) − 1, as
 * empyrical's annual_return. NaN for an empty series.
 */
export function cagr(returns: readonly number[], periodsPerYear: number): number {
  if (returns.length === 0) return Number.NaN;
  const growth = 1 + timeWeightedReturn(returns);
  return growth ** (periodsPerYear / returns.length) - 1;
}
