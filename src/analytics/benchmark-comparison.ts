import { annualVolatility } from './volatility.js';
import { cagr } from './cagr.js';
import { maxDrawdown } from './max-drawdown.js';
import { mean, sampleCovariance, sampleStd } from './stats.js';
import { timeWeightedReturn } from './time-weighted-return.js';

export interface BenchmarkComparison {
  readonly twr: number;
  readonly cagr: number;
  readonly volatility: number;
  readonly maxDrawdown: number;
  /** Portfolio TWR minus benchmark TWR over the same periods. */
  readonly excessReturn: number;
  /** Covariance with the benchmark over the benchmark's variance (sample, as a regression slope). */
  readonly beta: number;
  /**
   * The daily intercept mean(r − β·b), compounded over a year: (1 + intercept)^periodsPerYear − 1,
   * as empyrical's alpha (0.5 and later) with a zero risk-free rate. Compounded rather than
   * multiplied, so that it reads as a return a year like CAGR does.
   */
  readonly alpha: number;
  readonly correlation: number;
  /** Annualised sample standard deviation of the active return r − b. */
  readonly trackingError: number;
  /** Mean active return over its sample standard deviation, per period (not annualised, as empyrical). */
  readonly informationRatio: number;
}

/** Compares aligned return series (same periods, same order). */
export function compareWithBenchmark(returns: readonly number[], benchmark: readonly number[], periodsPerYear: number): BenchmarkComparison {
  if (returns.length !== benchmark.length) throw new RangeError(`benchmark has ${benchmark.length} returns for ${returns.length} portfolio returns: align them first`);
  const active = returns.map((r, i) => r - benchmark[i]!);
  const beta = sampleCovariance(returns, benchmark) / sampleStd(benchmark) ** 2;
  return {
    twr: timeWeightedReturn(benchmark),
    cagr: cagr(benchmark, periodsPerYear),
    volatility: annualVolatility(benchmark, periodsPerYear),
    maxDrawdown: maxDrawdown(benchmark).maxDrawdown,
    excessReturn: timeWeightedReturn(returns) - timeWeightedReturn(benchmark),
    beta,
    alpha: (1 + (mean(returns) - beta * mean(benchmark))) ** periodsPerYear - 1,
    correlation: sampleCovariance(returns, benchmark) / (sampleStd(returns) * sampleStd(benchmark)),
    trackingError: annualVolatility(active, periodsPerYear),
    informationRatio: mean(active) / sampleStd(active),
  };
}
