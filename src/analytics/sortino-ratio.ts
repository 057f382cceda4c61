import { mean } from './stats.js';

/**
 * Annualised downside deviation below `required` per period: √(mean(min(r − required, 0)²)) ×
 * √periodsPerYear. The mean runs over every period, as in empyrical's downside_risk (a
 * semideviation, not a sample statistic).
 */
export function downsideRisk(returns: readonly number[], periodsPerYear: number, required = 0): number {
  if (returns.length === 0) return Number.NaN;
  const shortfalls = returns.map((r) => Math.min(r - required, 0) ** 2);
  return Math.sqrt(mean(shortfalls)) * Math.sqrt(periodsPerYear);
}

/**
 * Sortino ratio: the annualised mean excess return over the annualised downside risk. Infinite
 * when no period falls below the required return (reported as null in JSON).
 */
export function sortinoRatio(returns: readonly number[], periodsPerYear: number, required = 0): number {
  if (returns.length < 2) return Number.NaN;
  const annualExcess = mean(returns.map((r) => r - required)) * periodsPerYear;
  return annualExcess / downsideRisk(returns, periodsPerYear, required);
}
