import type { AccountSnapshot } from '../domain/account.js';
import { toMinor, type Currency } from '../domain/money.js';
import { signedQuantity, type Fill } from '../domain/order.js';
import type { LedgerEntry } from './ledger-entry.js';

/** What the ledger needs to know of an instrument to book it. */
export interface InstrumentTerms {
  readonly currency: Currency;
  readonly multiplier: number;
  /** Set for an FX pair (secType CASH): its first currency, the one its quantity counts (USD of USDCAD). */
  readonly pairOf?: Currency;
}

/**
 * The entries that book one fill: a trade on its position, or, for an FX pair, a conversion
 * between its two currencies (buying USDCAD gives CAD and gains USD) with its commission, which
 * is charged in the pair's quote currency. One entry per fill, under the fill's execution id, so
 * a fill inside the ledger's opening is never booked again.
 */
export function fillEntries(fill: Fill, terms: InstrumentTerms | undefined): LedgerEntry[] {
  if (!terms?.pairOf) return [fillEntry(fill, terms)];
  const first = terms.pairOf;
  const second = fill.currency;
  const firstMinor = toMinor(Math.abs(fill.quantity), first);
  const secondMinor = toMinor(Math.abs(fill.quantity * fill.price), second);
  const buy = fill.side === 'BUY';
  const conversion: LedgerEntry = {
    kind: 'fx',
    time: fill.time,
    currency: buy ? second : first,
    amountMinor: buy ? secondMinor : firstMinor,
    counterCurrency: buy ? first : second,
    counterMinor: buy ? firstMinor : secondMinor,
    symbol: fill.symbol,
    quantity: signedQuantity(fill.side, fill.quantity),
    price: fill.price,
    commissionMinor: toMinor(fill.commission, second),
    execId: fill.execId,
    note: `${fill.side} ${fill.quantity} ${fill.symbol} at ${fill.price}`,
  };
  return [conversion];
}

/**
 * A fill as a ledger entry. The value is rounded to the minor unit once per fill, as the
 * broker books it (the paper broker does exactly this), and the commission was charged in
 * minor units, so converting it back is exact.
 */
export function fillEntry(fill: Fill, terms: InstrumentTerms | undefined): LedgerEntry {
  const multiplier = terms?.multiplier ?? 1;
  return {
    kind: 'fill',
    time: fill.time,
    currency: fill.currency,
    amountMinor: toMinor(Math.abs(fill.quantity * fill.price * multiplier), fill.currency),
    symbol: fill.symbol,
    quantity: signedQuantity(fill.side, fill.quantity),
    price: fill.price,
    multiplier,
    commissionMinor: toMinor(fill.commission, fill.currency),
    execId: fill.execId,
  };
}

/**
 * The opening balances: the broker's cash per currency and its positions at the broker's average
 * cost, as the ledger's starting contributions; and a marker for every execution the broker had
 * already booked into them, so that those are never booked again.
 */
export function openingEntries(account: AccountSnapshot, terms: ReadonlyMap<string, InstrumentTerms>, knownExecIds: readonly string[], time: number): LedgerEntry[] {
  const entries: LedgerEntry[] = [];
  for (const [currency, amount] of Object.entries(account.cash)) {
    entries.push({ kind: 'opening-cash', time, currency, amountMinor: toMinor(amount, currency), note: 'cash when the ledger opened' });
  }
  for (const position of account.positions) {
    if (position.quantity === 0) continue;
    const t = terms.get(position.symbol) ?? { currency: account.baseCurrency, multiplier: 1 };
    entries.push({
      kind: 'opening-position',
      time,
      currency: t.currency,
      amountMinor: 0,
      symbol: position.symbol,
      quantity: position.quantity,
      price: position.avgCost,
      multiplier: t.multiplier,
      costMinor: toMinor(position.quantity * position.avgCost * t.multiplier, t.currency),
      note: 'position when the ledger opened, at the broker\'s average cost',
    });
  }
  for (const execId of knownExecIds) entries.push({ kind: 'opening-fill', time, currency: account.baseCurrency, amountMinor: 0, execId });
  // An account with no cash and no position still opens, so the ledger knows it has started.
  if (entries.length === 0) entries.push({ kind: 'opening-cash', time, currency: account.baseCurrency, amountMinor: 0, note: 'empty account when the ledger opened' });
  return entries;
}
