import type { Currency } from '../domain/money.js';
import type { LedgerEntry } from './ledger-entry.js';

/** One currency's books, in minor units. */
export interface CurrencyBook {
  cash: number;
  /** Opening balances + deposits − withdrawals. */
  contributions: number;
  /** Net amount converted into this currency from others (negative when converted out). */
  conversions: number;
  /** Trading P&L − commissions + dividends + interest − fees. */
  realised: number;
  commissions: number;
  income: number;
  fees: number;
}

export interface LedgerPosition {
  readonly symbol: string;
  readonly currency: Currency;
  readonly multiplier: number;
  quantity: number;
  /** Total cost in minor units, signed like the quantity (a short's cost is what it was sold for, negative). */
  costMinor: number;
  /** Trading P&L realised on this symbol, before commissions, minor units. */
  realisedMinor: number;
}

/**
 * The ledger folded from its entries. Per currency it always satisfies
 * cash + Σ position cost = contributions + conversions + realised (see ledger-balance.ts).
 */
export interface LedgerState {
  readonly books: Map<Currency, CurrencyBook>;
  readonly positions: Map<string, LedgerPosition>;
  readonly entries: number;
  readonly opened: boolean;
}

export function emptyBook(): CurrencyBook {
  return { cash: 0, contributions: 0, conversions: 0, realised: 0, commissions: 0, income: 0, fees: 0 };
}

export function emptyLedger(): LedgerState {
  return { books: new Map(), positions: new Map(), entries: 0, opened: false };
}

export function bookOf(state: LedgerState, currency: Currency): CurrencyBook {
  let book = state.books.get(currency);
  if (!book) {
    book = emptyBook();
    state.books.set(currency, book);
  }
  return book;
}

/** Entries sort by time, then in the order given (a stable sort keeps same-time entries in order). */
export function sortEntries(entries: readonly LedgerEntry[]): LedgerEntry[] {
  return [...entries].sort((a, b) => a.time - b.time);
}
