import { fromMinor, type Currency } from '../domain/money.js';
import { EXTERNAL_EXEC_PREFIX, type Fill } from '../domain/order.js';
import type { InstrumentTerms } from './entries-from.js';
import type { LedgerEntry } from './ledger-entry.js';
import { priceDifferences, type PricedBy, type PricedDifference } from './price-differences.js';
import type { ReconcileLine } from './reconcile.js';

/** The tag of a trade made outside autofolio (by hand at the broker) once it is adopted. */
export const EXTERNAL_TAG = 'external';


export interface AdoptedTrade {
  readonly fill: Fill;
  readonly entry: LedgerEntry;
  readonly pricedBy: PricedBy;
}

export interface AdoptionPlan {
  readonly trades: readonly AdoptedTrade[];
  /** Cash differences no adopted trade explains: cash flows, for `autofolio cashflow add`. */
  readonly cashLeft: readonly { readonly currency: Currency; readonly difference: number }[];
}

/**
 * The broker's differences against the ledger as external trades: each position difference
 * becomes a buy or sell of the difference, valued by {@link priceDifferences}. Pure: the caller
 * records the result.
 */
export function adoptDifferences(options: {
  readonly lines: readonly ReconcileLine[];
  readonly terms: (symbol: string) => InstrumentTerms;
  readonly referencePrice: (line: ReconcileLine) => number | undefined;
  readonly runId: string;
  readonly time: number;
}): AdoptionPlan {
  const { priced, cashLeft } = priceDifferences(options);
  return { trades: priced.map((p) => externalTrade(p, options.runId, options.time)), cashLeft };
}

function externalTrade({ line, terms, valueMinor, pricedBy }: PricedDifference, runId: string, time: number): AdoptedTrade {
  const quantity = Math.abs(line.difference);
  const price = fromMinor(valueMinor, terms.currency) / (quantity * terms.multiplier);
  const execId = `${EXTERNAL_EXEC_PREFIX}${runId}:${line.key}`;
  const side = line.difference > 0 ? 'BUY' : 'SELL';
  const fill: Fill = { execId, brokerOrderId: '', tag: EXTERNAL_TAG, symbol: line.key, side, quantity, price, commission: 0, currency: terms.currency, time };
  const entry: LedgerEntry = {
    kind: 'fill',
    time,
    currency: terms.currency,
    amountMinor: valueMinor,
    symbol: line.key,
    quantity: line.difference,
    price,
    multiplier: terms.multiplier,
    commissionMinor: 0,
    execId,
    note: `external trade adopted by \`autofolio ledger adopt\`, priced ${pricedBy === 'cash' ? 'by the cash it moved at the broker (commission included)' : 'at the market (no matching cash move)'}`,
  };
  return { fill, entry, pricedBy };
}
