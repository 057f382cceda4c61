import { mean } from './stats.js';

/**
 * One-way turnover over the period: Σ |traded value| / 2 / mean equity. Buying a whole
 * portfolio from cash is 0.5; replacing every holding once (sell all, buy new) is 1. Not
 * annualised. Zero without fills; NaN without equity. `traded` is the fills' Σ |value| in the
 * base currency (fill-totals.ts).
 */
export function turnover(traded: number, equityValues: readonly number[]): number {
  if (traded === 0) return 0;
  return traded / 2 / mean(equityValues);
}
