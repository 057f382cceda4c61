import type { Currency } from '../domain/money.js';
import type { RateRecord } from '../cycle/journal.js';

/** The last rate record at or before `time` (the first one if none is that early). */
export function ratesAt(rates: readonly RateRecord[], time: number): Readonly<Record<Currency, number>> {
  let found = rates[0]?.rates ?? {};
  for (const r of rates) {
    if (r.time > time) break;
    found = r.rates;
  }
  return found;
}

/** The value of one unit of `currency` in `base`; `what` names the amount for the error. */
export function rateOf(rates: Readonly<Record<Currency, number>>, currency: Currency, base: Currency, what: string): number {
  if (currency === base) return 1;
  const rate = rates[currency];
  if (rate === undefined) throw new Error(`no recorded FX rate for ${currency} to value ${what}: run a cycle first so the ledger records rates`);
  return rate;
}
