/**
 * The conventions every metric follows, stated once so the code, the JSON and the report agree:
 * 252 trading days a year, an annual risk-free rate (from config, default 0) turned into a
 * per-period rate geometrically, and the sample standard deviation (n − 1).
 */
export const TRADING_DAYS_PER_YEAR = 252;

export interface Conventions {
  /** Periods in a year: 252 for daily returns, 52 weekly, 12 monthly. */
  readonly periodsPerYear: number;
  /** Annual risk-free rate as a fraction (0.03 = 3 %). */
  readonly riskFreeRate: number;
}

export const DEFAULT_CONVENTIONS: Conventions = Object.freeze({ periodsPerYear: TRADING_DAYS_PER_YEAR, riskFreeRate: 0 });

/** The risk-free rate of one period: (1 + annual)^(1 / periodsPerYear) − 1. */
export function periodRiskFree(conventions: Conventions): number {
  return (1 + conventions.riskFreeRate) ** (1 / conventions.periodsPerYear) - 1;
}

export function describeConventions(conventions: Conventions): string {
  return `${conventions.periodsPerYear} periods a year; risk-free rate ${(conventions.riskFreeRate * 100).toFixed(2)} % a year, compounded per period; sample standard deviation (n − 1); returns chain-linked and neutral to cash flows`;
}
