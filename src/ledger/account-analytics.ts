import type { AnalyticsInput } from '../analytics/compute-metrics.js';
import type { FillObservation } from '../analytics/fill-observation.js';
import type { HoldingsPoint } from '../analytics/fx-effect.js';
import { chainedDailyReturns } from '../analytics/net-pnl.js';
import type { DatedValue } from '../analytics/series.js';
import type { Currency } from '../domain/money.js';
import type { Snapshot } from '../domain/snapshot.js';
import type { FillWithReference } from '../store/sqlite-analytics.js';
import type { InstrumentTerms } from './entries-from.js';
import { externalFlows } from './external-flows.js';
import type { RecordedLedgerEntry } from './ledger-entry.js';
import { rateOf, ratesAt } from './rates-at.js';
import type { RateRecord, SentQuote } from '../cycle/journal.js';

export interface AccountHistory {
  readonly baseCurrency: Currency;
  readonly snapshots: readonly Snapshot[];
  readonly fills: readonly FillWithReference[];
  readonly entries: readonly RecordedLedgerEntry[];
  readonly rates: readonly RateRecord[];
  readonly sentQuotes: readonly SentQuote[];
  readonly terms: ReadonlyMap<string, InstrumentTerms>;
  /** The trading date a time belongs to (the exchange's session date). */
  readonly dateOf: (time: number) => string;
  readonly benchmark?: readonly DatedValue[];
  readonly benchmarkName?: string;
  readonly riskFreeRate: number;
}

/**
 * The account's history as analytics input: equity = the last snapshot of each trading date;
 * daily returns chained over every snapshot, net of the deposits and withdrawals recorded
 * between each two (src/analytics/net-pnl.ts); fills with the reference price of their order
 * and the quote when sent; holdings for the FX effect. `snapshots` come in the order recorded.
 */
export function accountAnalyticsInput(h: AccountHistory): AnalyticsInput {
  const lastOfDay = new Map<string, Snapshot>();
  for (const s of h.snapshots) lastOfDay.set(h.dateOf(s.time), s);
  const days = [...lastOfDay.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
  // A flow is inside every snapshot recorded after it, whatever the two timestamps say.
  const valuations = h.snapshots.map((s) => ({ time: s.time, value: s.nlv, ledgerSeq: s.ledgerSeq ?? 0 }));
  const { equity, returns, cashFlows } = chainedDailyReturns(valuations, externalFlows(h.entries, h.rates, h.baseCurrency), h.dateOf);
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
    cash: s.cash,
  }));
  return {
    equity,
    returns,
    cashFlows,
    fills,
    holdings,
    baseCurrency: h.baseCurrency,
    conventions: { riskFreeRate: h.riskFreeRate },
    ...(h.benchmark ? { benchmark: h.benchmark, benchmarkName: h.benchmarkName ?? 'benchmark' } : {}),
  };
}
