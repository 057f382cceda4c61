import type { AnalyticsInput } from '../analytics/compute-metrics.js';
import type { FillObservation } from '../analytics/fill-observation.js';
import type { HoldingsPoint } from '../analytics/fx-effect.js';
import type { CashFlow, DatedValue } from '../analytics/series.js';
import { fromMinor, type Currency } from '../domain/money.js';
import type { Snapshot } from '../domain/snapshot.js';
import type { FillWithReference } from '../store/sqlite-analytics.js';
import type { InstrumentTerms } from './entries-from.js';
import type { LedgerEntry } from './ledger-entry.js';
import type { RateRecord, SentQuote } from '../cycle/journal.js';

export interface AccountHistory {
  readonly baseCurrency: Currency;
  readonly snapshots: readonly Snapshot[];
  readonly fills: readonly FillWithReference[];
  readonly entries: readonly LedgerEntry[];
  readonly rates: readonly RateRecord[];
  readonly sentQuotes: readonly SentQuote[];
  readonly terms: ReadonlyMap<string, InstrumentTerms>;
  /** The trading date a time belongs to (the exchange's session date). */
  readonly dateOf: (time: number) => string;
  readonly benchmark?: readonly DatedValue[];
  readonly benchmarkName?: string;
  readonly riskFreeRate: number;
}

/** The last rate record at or before `time` (the first one if none is that early). */
function ratesAt(rates: readonly RateRecord[], time: number): Readonly<Record<Currency, number>> {
  let found = rates[0]?.rates ?? {};
  for (const r of rates) {
    if (r.time > time) break;
    found = r.rates;
  }
  return found;
}

function rateOf(rates: Readonly<Record<Currency, number>>, currency: Currency, base: Currency, what: string): number {
  if (currency === base) return 1;
  const rate = rates[currency];
  if (rate === undefined) throw new Error(`no recorded FX rate for ${currency} to value ${what}: run a cycle first so the ledger records rates`);
  return rate;
}

/**
 * The account's history as analytics input: equity = the last snapshot of each trading date;
 * cash flows = the ledger's deposits and withdrawals at the rate of their day; fills with the
 * reference price of their order and the quote when sent; holdings for the FX effect.
 */
export function accountAnalyticsInput(h: AccountHistory): AnalyticsInput {
  const lastOfDay = new Map<string, Snapshot>();
  for (const s of h.snapshots) lastOfDay.set(h.dateOf(s.time), s);
  const days = [...lastOfDay.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
  const equity = days.map(([date, s]) => ({ date, value: s.nlv }));
  // A flow belongs to the first day whose closing snapshot was taken after it: that is the
  // first equity point that holds the money (periodReturns counts a flow at the end of its day).
  const closes = days.map(([date, s]) => ({ date, time: s.time }));
  const flowDate = (time: number): string => closes.find((c) => c.time >= time)?.date ?? h.dateOf(time);
  const cashFlows: CashFlow[] = h.entries
    .filter((e) => e.kind === 'deposit' || e.kind === 'withdrawal')
    .map((e) => {
      const rate = e.rateToBase ?? rateOf(ratesAt(h.rates, e.time), e.currency, h.baseCurrency, `the ${e.kind}`);
      const amount = fromMinor(e.amountMinor, e.currency) * rate;
      return { date: flowDate(e.time), amount: e.kind === 'deposit' ? amount : -amount };
    });
  const sent = new Map(h.sentQuotes.map((q) => [q.tag, q]));
  const fills: FillObservation[] = h.fills.map((f) => {
    const quote = sent.get(f.tag);
    return {
      time: f.time,
      symbol: f.symbol,
      side: f.side,
      quantity: f.quantity,
      price: f.price,
      commission: f.commission,
      currency: f.currency,
      fxRate: rateOf(ratesAt(h.rates, f.time), f.currency, h.baseCurrency, `the fill ${f.execId}`),
      multiplier: h.terms.get(f.symbol)?.multiplier ?? 1,
      ...(f.referencePrice !== undefined ? { referencePrice: f.referencePrice } : {}),
      ...(quote ? { sentPrice: (quote.bid + quote.ask) / 2 } : {}),
    };
  });
  const holdings: HoldingsPoint[] = days.map(([date, s]) => ({
    date,
    positions: s.positions.map((p) => ({ symbol: p.symbol, currency: p.currency, quantity: p.quantity, price: p.price, multiplier: h.terms.get(p.symbol)?.multiplier ?? 1 })),
    rates: ratesAt(h.rates, s.time),
  }));
  return {
    equity,
    cashFlows,
    fills,
    holdings,
    baseCurrency: h.baseCurrency,
    conventions: { riskFreeRate: h.riskFreeRate },
    ...(h.benchmark ? { benchmark: h.benchmark, benchmarkName: h.benchmarkName ?? 'benchmark' } : {}),
  };
}
