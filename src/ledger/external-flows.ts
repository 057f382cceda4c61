import { netFlowsBetween, type SequencedFlow } from '../analytics/net-pnl.js';
import type { Journal, RateRecord } from '../cycle/journal.js';
import { fromMinor, type Currency } from '../domain/money.js';
import type { RecordedLedgerEntry } from './ledger-entry.js';
import { rateOf, ratesAt } from './rates-at.js';

/** A deposit (+) or withdrawal (−) in the base currency, ordered by its ledger sequence. */
export interface ExternalFlow extends SequencedFlow {
  readonly time: number;
}

/**
 * The money that entered or left the account from outside, in the base currency at the rate of
 * each entry (the one it was booked at, else the last rate a run recorded before it). Dividends,
 * interest and fees are not among them: they are the portfolio's income and costs, so its P&L.
 */
export function externalFlows(entries: readonly RecordedLedgerEntry[], rates: readonly RateRecord[], base: Currency): ExternalFlow[] {
  return entries
    .filter((e) => e.kind === 'deposit' || e.kind === 'withdrawal')
    .map((e) => {
      const rate = e.rateToBase ?? rateOf(ratesAt(rates, e.time), e.currency, base, `the ${e.kind} of ${new Date(e.time).toISOString()}`);
      const amount = fromMinor(e.amountMinor, e.currency) * rate;
      return { ledgerSeq: e.ledgerSeq, time: e.time, amount: e.kind === 'deposit' ? amount : -amount };
    })
    .sort((a, b) => a.ledgerSeq - b.ledgerSeq);
}

/** The journal's external flows so far. */
export async function journalFlows(journal: Pick<Journal, 'ledgerEntries' | 'rates'>, base: Currency): Promise<ExternalFlow[]> {
  return externalFlows(await journal.ledgerEntries(), await journal.rates(), base);
}

/** Net external flows since the day's first reading and since the account was first seen. */
export interface FlowsSince {
  readonly today: number;
  readonly sinceStart: number;
}

/**
 * What the cycle's P&L and daily loss breaker take out: the flows recorded after the day's first
 * reading (`dayStartLedgerSeq`; none before the day has started) and every flow since the account
 * was first seen, which came before the ledger opened and so before any flow could be recorded.
 */
export async function flowsSince(journal: Pick<Journal, 'ledgerEntries' | 'rates'>, base: Currency, dayStartLedgerSeq: number | undefined): Promise<FlowsSince> {
  const flows = await journalFlows(journal, base);
  return { today: dayStartLedgerSeq === undefined ? 0 : netFlowsBetween(flows, dayStartLedgerSeq), sinceStart: netFlowsBetween(flows, 0) };
}
