import type { Currency } from '../domain/money.js';
import type { LedgerState } from './ledger-state.js';

export interface BalanceCheck {
  readonly currency: Currency;
  /** cash + Σ position cost, minor units. */
  readonly assetsAtCost: number;
  /** contributions + conversions + realised P&L, minor units. */
  readonly sources: number;
}

/**
 * The ledger's identity, per currency: cash + positions at cost = contributions (with net
 * conversions in) + realised P&L. Every entry keeps it exactly; a row where the two differ
 * means a bug, never rounding.
 */
export function balanceChecks(state: LedgerState): BalanceCheck[] {
  const currencies = new Set<Currency>([...state.books.keys(), ...[...state.positions.values()].map((p) => p.currency)]);
  return [...currencies].sort().map((currency) => {
    const book = state.books.get(currency);
    const cost = [...state.positions.values()].filter((p) => p.currency === currency).reduce((sum, p) => sum + p.costMinor, 0);
    return { currency, assetsAtCost: (book?.cash ?? 0) + cost, sources: (book?.contributions ?? 0) + (book?.conversions ?? 0) + (book?.realised ?? 0) };
  });
}

export function isBalanced(state: LedgerState): boolean {
  return balanceChecks(state).every((c) => c.assetsAtCost === c.sources);
}
