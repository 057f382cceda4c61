import type { Journal } from '../cycle/journal.js';
import type { AccountSnapshot } from '../domain/account.js';
import type { Fill } from '../domain/order.js';
import { foldLedger } from './apply-entry.js';
import { corporateActionEntries, type EffectiveAction } from './corporate-action-entries.js';
import { fillEntries, openingEntries, type InstrumentTerms } from './entries-from.js';
import { expiredOptionEntries } from './option-expiries.js';
import type { LedgerEntry } from './ledger-entry.js';
import type { LedgerState } from './ledger-state.js';
import { reconcile, type Reconciliation, type ReconcileTolerance } from './reconcile.js';

/**
 * The account's own books, kept in the journal: the entries of the fills the cycle records
 * (recorded with the fills, in one unit), the opening from the broker's account the first
 * time it reconciles, and a comparison with the broker every cycle.
 */
export class LedgerBook {
  readonly #journal: Journal;
  readonly #terms: ReadonlyMap<string, InstrumentTerms>;

  readonly #expiryOf: (symbol: string) => number | undefined;

  /** `expiryOf`: when an option (by symbol) stops trading; undefined for anything else. Without it no option expiry is booked. */
  constructor(journal: Journal, terms: ReadonlyMap<string, InstrumentTerms>, expiryOf: (symbol: string) => number | undefined = () => undefined) {
    this.#journal = journal;
    this.#terms = terms;
    this.#expiryOf = expiryOf;
  }

  async state(): Promise<LedgerState> {
    return foldLedger(await this.#journal.ledgerEntries());
  }

  /**
   * The entries that book these fills, to be recorded with them. None before the ledger has
   * opened: the opening takes the broker's account, which already holds them.
   */
  async entriesForFills(fills: readonly Fill[]): Promise<LedgerEntry[]> {
    if (fills.length === 0 || !(await this.state()).opened) return [];
    return fills.flatMap((f) => fillEntries(f, this.#terms.get(f.symbol)));
  }

  /**
   * Books the splits and dividends that have taken effect on what the ledger held then (see
   * corporate-action-entries.ts); each is booked once. Returns the entries recorded.
   */
  async bookActions(actions: readonly EffectiveAction[], withholdingPct: number): Promise<LedgerEntry[]> {
    if (actions.length === 0) return [];
    const made = corporateActionEntries(await this.#journal.ledgerEntries(), actions, withholdingPct);
    return made.length === 0 ? [] : (await this.#journal.record({ ledger: made })).ledger;
  }

  /** Records manual entries (cash flows, conversions); the ledger must have opened. */
  async record(entries: readonly LedgerEntry[]): Promise<LedgerEntry[]> {
    if (!(await this.state()).opened) throw new Error('the ledger has not opened yet: run `autofolio reconcile` (or one `autofolio run`) first, so that it starts from the broker\'s account');
    return (await this.#journal.record({ ledger: entries })).ledger;
  }

  /**
   * Compares with the broker. The first time, the ledger opens from this very account, with
   * `knownExecIds` (every fill recorded so far) marked as already inside it; `alsoRecord`
   * goes into the same unit as the opening (the run's FX rates). Options the broker no longer
   * holds after their expiry are booked first, where the underlying's position explains them
   * (option-expiries.ts): an exercise or assignment is no unexplained difference.
   */
  async reconcile(account: AccountSnapshot, tolerance: ReconcileTolerance, time: number, knownExecIds: () => Promise<readonly string[]>, alsoRecord: Omit<Parameters<Journal['record']>[0], 'ledger'> = {}): Promise<Reconciliation & { opened: boolean }> {
    let state = await this.state();
    const opening = state.opened ? [] : openingEntries(account, this.#terms, await knownExecIds(), time);
    if (opening.length > 0 || Object.keys(alsoRecord).length > 0) await this.#journal.record({ ...alsoRecord, ...(opening.length > 0 ? { ledger: opening } : {}) });
    if (opening.length > 0) state = await this.state();
    const expired = opening.length > 0 ? [] : expiredOptionEntries({ state, account, time, expiryOf: this.#expiryOf, tolerance });
    if (expired.length > 0) {
      await this.#journal.record({ ledger: expired });
      state = await this.state();
    }
    return { ...reconcile(state, account, tolerance), opened: opening.length > 0 };
  }
}
