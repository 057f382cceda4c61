import { sampleStd } from './stats.js';

/** Annualised volatility: the sample standard deviation of period returns × √periodsPerYear. */
export function annualVolatility(returns: readonly number[], periodsPerYear: number): number {
  return sampleStd(returns) * Math.sqrt(periodsPerYear);
}
