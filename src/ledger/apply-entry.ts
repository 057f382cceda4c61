import { fromMinor, type Currency } from '../domain/money.js';
import type { LedgerEntry } from './ledger-entry.js';
import { bookOf, emptyLedger, type LedgerPosition, type LedgerState } from './ledger-state.js';

// Quantities are lot multiples but may be fractional; strip float noise so a closed position is exactly zero.
function clean(quantity: number): number {
  return Number(quantity.toPrecision(12));
}

function requireNumber(value: number | undefined, field: string, entry: LedgerEntry): number {
  if (value === undefined || !Number.isFinite(value)) throw new LedgerEntryError(`${entry.kind} entry${entry.execId ? ` ${entry.execId}` : ''} has no ${field}`);
  return value;
}

export class LedgerEntryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LedgerEntryError';
  }
}

/**
 * Books one fill on its position. Growing a position adds the value to its cost; reducing it
 * removes the same share of the cost (rounded to the minor unit, the remainder stays with what
 * is left, so nothing is lost) and realises the difference; crossing zero closes the position
 * and opens the rest at the fill price. Commissions are expensed at once, as the paper broker
 * and most statements keep the average cost at the traded price.
 */
function applyFill(state: LedgerState, entry: LedgerEntry): void {
  const symbol = entry.symbol ?? '';
  const q = requireNumber(entry.quantity, 'quantity', entry);
  const value = entry.amountMinor;
  const commission = entry.commissionMinor ?? 0;
  const book = bookOf(state, entry.currency);
  const signed = Math.sign(q) * value;
  book.cash -= signed + commission;
  book.realised -= commission;
  book.commissions += commission;
  const position: LedgerPosition = state.positions.get(symbol) ?? { symbol, currency: entry.currency, multiplier: entry.multiplier ?? 1, quantity: 0, costMinor: 0, realisedMinor: 0 };
  if (position.currency !== entry.currency) throw new LedgerEntryError(`fill ${entry.execId ?? ''} of ${symbol} is in ${entry.currency} but the position is in ${position.currency}`);
  const held = position.quantity;
  if (held === 0 || Math.sign(held) === Math.sign(q)) {
    position.costMinor += signed;
    position.quantity = clean(held + q);
  } else if (Math.abs(q) <= Math.abs(held)) {
    const after = clean(held + q);
    const removed = after === 0 ? position.costMinor : Math.round((position.costMinor * Math.abs(q)) / Math.abs(held));
    position.costMinor -= removed;
    position.realisedMinor += -signed - removed;
    book.realised += -signed - removed;
    position.quantity = after;
  } else {
    const closeValue = Math.round((value * Math.abs(held)) / Math.abs(q));
    const removed = position.costMinor;
    const pnl = -Math.sign(q) * closeValue - removed;
    position.realisedMinor += pnl;
    book.realised += pnl;
    position.costMinor = Math.sign(q) * (value - closeValue);
    position.quantity = clean(held + q);
  }
  state.positions.set(symbol, position);
}

function applyOpeningPosition(state: LedgerState, entry: LedgerEntry): void {
  const symbol = entry.symbol ?? '';
  const quantity = requireNumber(entry.quantity, 'quantity', entry);
  const cost = requireNumber(entry.costMinor, 'cost', entry);
  if (state.positions.get(symbol)?.quantity) throw new LedgerEntryError(`opening position ${symbol} arrives while the ledger already holds it`);
  state.positions.set(symbol, { symbol, currency: entry.currency, multiplier: entry.multiplier ?? 1, quantity, costMinor: cost, realisedMinor: 0 });
  bookOf(state, entry.currency).contributions += cost;
}

/** Folds one entry into the state, in place. */
export function applyEntry(state: LedgerState, entry: LedgerEntry): LedgerState {
  if (!Number.isInteger(entry.amountMinor)) throw new LedgerEntryError(`${entry.kind} entry has a non-integer amount of minor units: ${entry.amountMinor}`);
  const book = (currency: Currency) => bookOf(state, currency);
  const amount = entry.amountMinor;
  switch (entry.kind) {
    case 'opening-cash':
      book(entry.currency).cash += amount;
      book(entry.currency).contributions += amount;
      break;
    case 'opening-position':
      applyOpeningPosition(state, entry);
      break;
    case 'opening-fill':
      break;
    case 'fill':
      applyFill(state, entry);
      break;
    case 'deposit':
      book(entry.currency).cash += amount;
      book(entry.currency).contributions += amount;
      break;
    case 'withdrawal':
      book(entry.currency).cash -= amount;
      book(entry.currency).contributions -= amount;
      break;
    case 'dividend':
    case 'interest':
      book(entry.currency).cash += amount;
      book(entry.currency).realised += amount;
      book(entry.currency).income += amount;
      break;
    case 'fee':
      book(entry.currency).cash -= amount;
      book(entry.currency).realised -= amount;
      book(entry.currency).fees += amount;
      break;
    case 'split': {
      const symbol = entry.symbol ?? '';
      const position = state.positions.get(symbol);
      if (!position) throw new LedgerEntryError(`split ${entry.execId ?? ''} of ${symbol}: the ledger holds no such position`);
      // Adding shares, not multiplying: booked in any order with a fill of the same instant, the position comes out the same.
      position.quantity = clean(position.quantity + requireNumber(entry.quantity, 'quantity', entry));
      break;
    }
    case 'fx': {
      const to = entry.counterCurrency;
      const received = requireNumber(entry.counterMinor, 'counter amount', entry);
      if (!to || to === entry.currency) throw new LedgerEntryError('an FX conversion needs a second, different currency');
      book(entry.currency).cash -= amount;
      book(entry.currency).conversions -= amount;
      book(to).cash += received;
      book(to).conversions += received;
      const commission = entry.commissionMinor ?? 0;
      if (commission !== 0) {
        // A conversion traded on a pair (USDCAD) pays its commission in the pair's quote currency.
        const paidIn = entry.symbol?.slice(3, 6);
        if (paidIn !== entry.currency && paidIn !== to) throw new LedgerEntryError(`FX entry ${entry.execId ?? ''} has a commission but its symbol ${entry.symbol ?? '(none)'} names neither ${entry.currency} nor ${to} as the quote currency to charge it in`);
        book(paidIn).cash -= commission;
        book(paidIn).realised -= commission;
        book(paidIn).commissions += commission;
      }
      break;
    }
  }
  return { ...state, entries: state.entries + 1, opened: state.opened || entry.kind.startsWith('opening') };
}

/** The ledger after all its entries, in time order. */
export function foldLedger(entries: readonly LedgerEntry[]): LedgerState {
  let state = emptyLedger();
  for (const entry of [...entries].sort((a, b) => a.time - b.time)) state = applyEntry(state, entry);
  return state;
}

/** Average cost per unit in major units (price basis, multiplier removed); 0 when flat. */
export function averageCost(position: LedgerPosition): number {
  if (position.quantity === 0) return 0;
  return fromMinor(position.costMinor, position.currency) / (position.quantity * position.multiplier);
}
