import { fillValueBase, type FillObservation } from './fill-observation.js';
import { mean } from './stats.js';

/**
 * One-way turnover over the period: Σ |traded value| / 2 / mean equity. Buying a whole
 * portfolio from cash is 0.5; replacing every holding once (sell all, buy new) is 1. Not
 * annualised. Zero without fills; NaN without equity.
 */
export function turnover(fills: readonly FillObservation[], equityValues: readonly number[]): number {
  const traded = fills.reduce((sum, f) => sum + fillValueBase(f), 0);
  if (traded === 0) return 0;
  return traded / 2 / mean(equityValues);
}
