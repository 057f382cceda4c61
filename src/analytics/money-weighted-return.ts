import { daysBetween, type CashFlow, type DatedValue } from './series.js';

/**
 * Money-weighted return: the annual internal rate of return (XIRR convention, actual/365) of
 * the starting equity as an investment, each cash flow as a further investment (a withdrawal
 * as a return of money) and the final equity as the proceeds. NaN when it has no solution.
 */
export function moneyWeightedReturn(equity: readonly DatedValue[], flows: readonly CashFlow[] = []): number {
  if (equity.length < 2) return Number.NaN;
  const first = equity[0]!;
  const last = equity[equity.length - 1]!;
  if (daysBetween(first.date, last.date) <= 0) return Number.NaN;
  // Investor's view: money in is negative, money out positive.
  const amounts: { years: number; amount: number }[] = [{ years: 0, amount: -first.value }];
  for (const flow of flows) {
    if (flow.date <= first.date || flow.date > last.date) continue;
    amounts.push({ years: daysBetween(first.date, flow.date) / 365, amount: -flow.amount });
  }
  amounts.push({ years: daysBetween(first.date, last.date) / 365, amount: last.value });
  const npv = (rate: number): number => amounts.reduce((sum, a) => sum + a.amount / (1 + rate) ** a.years, 0);
  // Bisection on log(1 + rate): NPV falls as the rate rises when money goes in before it comes out.
  let lo = -0.999_999;
  let hi = 1;
  while (npv(hi) > 0 && hi < 1e9) hi *= 10;
  if (npv(lo) * npv(hi) > 0) return Number.NaN;
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (npv(mid) > 0) lo = mid;
    else hi = mid;
    if (hi - lo < 1e-12) break;
  }
  return (lo + hi) / 2;
}
