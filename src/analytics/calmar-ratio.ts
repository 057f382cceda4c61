import { cagr } from './cagr.js';
import { maxDrawdown } from './max-drawdown.js';

/** Calmar ratio: CAGR over the absolute maximum drawdown; NaN without a drawdown (as empyrical). */
export function calmarRatio(returns: readonly number[], periodsPerYear: number): number {
  const drawdown = maxDrawdown(returns).maxDrawdown;
  if (drawdown >= 0) return Number.NaN;
  return cagr(returns, periodsPerYear) / Math.abs(drawdown);
}
