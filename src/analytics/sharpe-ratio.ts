import { mean, sampleStd } from './stats.js';

/**
 * Annualised Sharpe ratio: mean excess return over its sample standard deviation, × √periodsPerYear.
 * `riskFreePerPeriod` is the risk-free rate of one period (see conventions.ts).
 */
export function sharpeRatio(returns: readonly number[], periodsPerYear: number, riskFreePerPeriod = 0): number {
  const excess = returns.map((r) => r - riskFreePerPeriod);
  return (mean(excess) / sampleStd(excess)) * Math.sqrt(periodsPerYear);
}
