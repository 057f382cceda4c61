/** One value of a daily series: equity (NLV in the base currency) or a benchmark's price. */
export interface DatedValue {
  /** Calendar date, YYYY-MM-DD. */
  readonly date: string;
  readonly value: number;
}

/**
 * Money that entered (+) or left (−) the portfolio from outside, in the base currency:
 * deposits and withdrawals. Dividends and interest are returns, not cash flows.
 */
export interface CashFlow {
  readonly date: string;
  readonly amount: number;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Checks a series is dated YYYY-MM-DD, strictly increasing, with finite values. */
export function checkSeries(series: readonly DatedValue[], name: string): void {
  series.forEach((point, i) => {
    if (!DATE.test(point.date) || Number.isNaN(Date.parse(point.date))) throw new RangeError(`${name}: point ${i + 1} has date "${point.date}", expected YYYY-MM-DD`);
    if (!Number.isFinite(point.value)) throw new RangeError(`${name}: point ${i + 1} (${point.date}) has value ${point.value}`);
    if (i > 0 && point.date <= series[i - 1]!.date) throw new RangeError(`${name}: dates must increase, but ${point.date} follows ${series[i - 1]!.date}`);
  });
}

/** Whole calendar days from one YYYY-MM-DD date to another. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);
}
