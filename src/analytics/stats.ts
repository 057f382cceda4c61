/** Arithmetic mean; NaN for an empty list. */
export function mean(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

/** Sample standard deviation (divides by n − 1, as numpy's ddof=1); NaN below two values. */
export function sampleStd(values: readonly number[]): number {
  if (values.length < 2) return Number.NaN;
  const m = mean(values);
  let squares = 0;
  for (const v of values) squares += (v - m) ** 2;
  return Math.sqrt(squares / (values.length - 1));
}

/** Sample covariance (n − 1). */
export function sampleCovariance(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) throw new RangeError(`covariance of series of different lengths (${a.length} and ${b.length})`);
  if (a.length < 2) return Number.NaN;
  const ma = mean(a);
  const mb = mean(b);
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i]! - ma) * (b[i]! - mb);
  return sum / (a.length - 1);
}

/** A metric that cannot be computed (too few points, zero deviation) is null in JSON rather than NaN or Infinity. */
export function finiteOrNull(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}
