import { annualVolatility } from './volatility.js';

/**
 * Annualised volatility over a trailing window of `window` returns, one value per return;
 * NaN until the window is full. The report shows 20 and 60 days.
 */
export function rollingVolatility(returns: readonly number[], window: number, periodsPerYear: number): number[] {
  if (!(window >= 2)) throw new RangeError(`a rolling window needs at least 2 returns, got ${window}`);
  return returns.map((_, i) => (i + 1 < window ? Number.NaN : annualVolatility(returns.slice(i + 1 - window, i + 1), periodsPerYear)));
}
