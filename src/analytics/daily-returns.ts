import type { CashFlow, DatedValue } from './series.js';

/** Returns between consecutive equity points, dated by the later point. */
export interface PeriodReturns {
  readonly dates: string[];
  readonly returns: number[];
}

/**
 * Period returns of an equity series, neutral to cash flows: rₜ = (Vₜ − Fₜ) / Vₜ₋₁ − 1, where
 * Fₜ sums the flows dated after the previous point and up to this one. A flow is thus taken
 * as arriving at the end of its day (the day's closing equity already holds it), which is how
 * a snapshot taken after a deposit sees it. Flows on or before the first date are part of the
 * starting value; flows after the last date are outside the period.
 */
export function periodReturns(equity: readonly DatedValue[], flows: readonly CashFlow[] = []): PeriodReturns {
  const sorted = [...flows].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const dates: string[] = [];
  const returns: number[] = [];
  let f = 0;
  while (f < sorted.length && equity.length > 0 && sorted[f]!.date <= equity[0]!.date) f++;
  for (let i = 1; i < equity.length; i++) {
    const previous = equity[i - 1]!;
    const current = equity[i]!;
    let flow = 0;
    while (f < sorted.length && sorted[f]!.date <= current.date) flow += sorted[f++]!.amount;
    if (!(previous.value > 0)) throw new RangeError(`equity on ${previous.date} is ${previous.value}: a return needs a positive starting value`);
    dates.push(current.date);
    returns.push((current.value - flow) / previous.value - 1);
  }
  return { dates, returns };
}

/** Simple returns of a price series (a benchmark), dated by the later point. */
export function priceReturns(prices: readonly DatedValue[]): PeriodReturns {
  return periodReturns(prices, []);
}
