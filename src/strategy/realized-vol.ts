export const TRADING_DAYS_PER_YEAR = 252;

/** Simple returns between consecutive values: v[i] / v[i-1] - 1. */
export function simpleReturns(values: readonly number[]): number[] {
  const returns: number[] = [];
  for (let i = 1; i < values.length; i += 1) returns.push(values[i]! / values[i - 1]! - 1);
  return returns;
}

/** Annualised volatility of daily returns: their sample standard deviation × √252. */
export function annualisedVol(dailyReturns: readonly number[]): number {
  const n = dailyReturns.length;
  if (n < 2) throw new RangeError(`a sample standard deviation needs at least 2 returns, got ${n}`);
  let mean = 0;
  for (const r of dailyReturns) mean += r;
  mean /= n;
  let squares = 0;
  for (const r of dailyReturns) squares += (r - mean) ** 2;
  return Math.sqrt((squares / (n - 1)) * TRADING_DAYS_PER_YEAR);
}

/**
 * Annualised volatility of the last `lookbackDays` daily simple returns of `closes` (oldest
 * first), so it needs lookbackDays + 1 closes.
 */
export function realizedVol(closes: ArrayLike<number>, lookbackDays: number): number {
  if (closes.length < lookbackDays + 1) {
    throw new RangeError(`${lookbackDays} returns need ${lookbackDays + 1} closes, got ${closes.length}`);
  }
  if (lookbackDays < 2) throw new RangeError(`a sample standard deviation needs at least 2 returns, got ${lookbackDays}`);
  // annualisedVol(simpleReturns(last lookbackDays + 1 closes)), step for step in the same order
  // (so to the last bit), without allocating the two arrays: a strategy computes this for every
  // instrument at every rebalance, and a backtest rebalances thousands of times. Each return is
  // divided out once, into a buffer that every call shares (the function never yields).
  if (returnsBuffer.length < lookbackDays) returnsBuffer = new Float64Array(lookbackDays);
  const returns = returnsBuffer;
  const first = closes.length - lookbackDays;
  for (let k = 0; k < lookbackDays; k += 1) returns[k] = closes[first + k]! / closes[first + k - 1]! - 1;
  return volOfReturnsAt(returns, 0, lookbackDays, returns[lookbackDays - 1]!);
}

let returnsBuffer = new Float64Array(0);

/**
 * annualisedVol of `count` (≥ 2) returns: values[from … from + count − 2], then `last`, read in
 * place without an array, with the same steps in the same order as annualisedVol (so to the last bit).
 */
export function volOfReturnsAt(values: Float64Array, from: number, count: number, last: number): number {
  const end = from + count - 1;
  let mean = 0;
  for (let k = from; k < end; k += 1) mean += values[k]!;
  mean += last;
  mean /= count;
  let squares = 0;
  for (let k = from; k < end; k += 1) squares += (values[k]! - mean) ** 2;
  squares += (last - mean) ** 2;
  return Math.sqrt((squares / (count - 1)) * TRADING_DAYS_PER_YEAR);
}
