import type { AccountSnapshot } from '../domain/account.js';
import { fromMinor, toMinor, type Currency } from '../domain/money.js';
import { averageCost } from './apply-entry.js';
import type { LedgerState } from './ledger-state.js';

export interface ReconcileTolerance {
  /** Largest acceptable cash difference, in units of each currency (0.01 = one cent). */
  readonly cash: number;
  /** Largest acceptable position quantity difference. */
  readonly quantity: number;
}

export interface ReconcileLine {
  readonly kind: 'cash' | 'position';
  /** The currency for cash, the symbol for a position. */
  readonly key: string;
  readonly ledger: number;
  readonly broker: number;
  /** broker − ledger. */
  readonly difference: number;
  readonly withinTolerance: boolean;
  /** Average costs, for positions (shown, not checked: brokers differ in how they fold commissions in). */
  readonly ledgerAvgCost?: number;
  readonly brokerAvgCost?: number;
}

export interface Reconciliation {
  readonly lines: ReconcileLine[];
  readonly differences: ReconcileLine[];
  readonly ok: boolean;
}

/** Compares the ledger's cash per currency and positions with the broker's, line by line. */
export function reconcile(state: LedgerState, account: AccountSnapshot, tolerance: ReconcileTolerance): Reconciliation {
  const lines: ReconcileLine[] = [];
  const currencies = new Set<Currency>([...state.books.keys(), ...Object.keys(account.cash)]);
  for (const currency of [...currencies].sort()) {
    const ledgerMinor = state.books.get(currency)?.cash ?? 0;
    const brokerMinor = toMinor(account.cash[currency] ?? 0, currency);
    if (ledgerMinor === 0 && brokerMinor === 0) continue;
    const difference = fromMinor(brokerMinor - ledgerMinor, currency);
    lines.push({ kind: 'cash', key: currency, ledger: fromMinor(ledgerMinor, currency), broker: fromMinor(brokerMinor, currency), difference, withinTolerance: Math.abs(difference) <= tolerance.cash + 1e-9 });
  }
  const brokerPositions = new Map(account.positions.filter((p) => p.quantity !== 0).map((p) => [p.symbol, p]));
  const symbols = new Set<string>([...[...state.positions.values()].filter((p) => p.quantity !== 0).map((p) => p.symbol), ...brokerPositions.keys()]);
  for (const symbol of [...symbols].sort()) {
    const mine = state.positions.get(symbol);
    const theirs = brokerPositions.get(symbol);
    const ledger = mine?.quantity ?? 0;
    const broker = theirs?.quantity ?? 0;
    const difference = Number((broker - ledger).toPrecision(12));
    lines.push({
      kind: 'position',
      key: symbol,
      ledger,
      broker,
      difference,
      withinTolerance: Math.abs(difference) <= tolerance.quantity + 1e-12,
      ...(mine && mine.quantity !== 0 ? { ledgerAvgCost: averageCost(mine) } : {}),
      ...(theirs ? { brokerAvgCost: theirs.avgCost } : {}),
    });
  }
  const differences = lines.filter((l) => !l.withinTolerance);
  return { lines, differences, ok: differences.length === 0 };
}

/** One line per difference, e.g. "position SPY: ledger 100, broker 90 (difference -10)". */
export function describeDifferences(differences: readonly ReconcileLine[]): string[] {
  return differences.map((d) => `${d.kind} ${d.key}: ledger ${d.ledger}, broker ${d.broker} (difference ${Number(d.difference.toPrecision(12))})`);
}

/**
 * What the owner should do about the differences. A position difference is a trade the ledger
 * does not hold (made by hand at the broker, or a fill autofolio never saw): it is booked as a
 * trade with `autofolio ledger adopt`, never as a cash flow, which would leave the position wrong
 * and put the trade's cash into the contributions. Only a difference in cash alone is a cash
 * movement for `autofolio cashflow add`.
 */
export function mismatchAdvice(differences: readonly ReconcileLine[]): string {
  if (differences.some((d) => d.kind === 'position')) {
    return 'A position differs: a trade autofolio did not record (placed by hand at the broker?). Check it at the broker, then run `autofolio ledger adopt` to see the differences and book them as external trades after confirming';
  }
  return 'Only cash differs: a cash movement autofolio did not record (deposit, withdrawal, dividend, interest, fee). Enter it with `autofolio cashflow add`, then run `autofolio reconcile` to compare again';
}

/** A mismatch beyond tolerance: an error flag for the run, so nothing is sent. */
export class ReconcileMismatchError extends Error {
  constructor(readonly differences: readonly ReconcileLine[]) {
    super(`the ledger and the broker disagree beyond tolerance: ${describeDifferences(differences).join('; ')}. ${mismatchAdvice(differences)}`);
    this.name = 'ReconcileMismatchError';
  }
}
