import type { AccountSnapshot } from '../domain/account.js';
import type { FxRates } from '../domain/money.js';
import type { Fill } from '../domain/order.js';
import { foldLedger } from './apply-entry.js';
import { fillEntry, openingEntries, type InstrumentTerms } from './entries-from.js';
import type { LedgerEntry } from './ledger-entry.js';
import type { LedgerState } from './ledger-state.js';
import type { LedgerStore, SentQuote } from './ledger-store.js';
import { reconcile, type Reconciliation, type ReconcileTolerance } from './reconcile.js';

/**
 * The account's own books: takes in every fill the cycle records, opens from the broker's
 * account the first time it reconciles, and compares itself with the broker every cycle.
 */
export class LedgerBook {
  readonly #store: LedgerStore;
  readonly #terms: ReadonlyMap<string, InstrumentTerms>;

  constructor(store: LedgerStore, terms: ReadonlyMap<string, InstrumentTerms>) {
    this.#store = store;
    this.#terms = terms;
  }

  get store(): LedgerStore {
    return this.#store;
  }

  async state(): Promise<LedgerState> {
    return foldLedger(await this.#store.entries());
  }

  /**
   * Books fills (idempotent by execId). Before the ledger has opened they are skipped: the
   * opening takes the broker's account, which already holds them.
   */
  async recordFills(fills: readonly Fill[]): Promise<LedgerEntry[]> {
    if (fills.length === 0 || !(await this.state()).opened) return [];
    return this.#store.append(fills.map((f) => fillEntry(f, this.#terms.get(f.symbol))));
  }

  /** Records manual entries (cash flows, conversions); the ledger must have opened. */
  async record(entries: readonly LedgerEntry[]): Promise<LedgerEntry[]> {
    if (!(await this.state()).opened) throw new Error('the ledger has not opened yet: run `autofolio reconcile` (or one `autofolio run`) first, so that it starts from the broker\'s account');
    return this.#store.append(entries);
  }

  /**
   * Compares with the broker. The first time, the ledger opens from this very account, with
   * `knownExecIds` (every fill recorded so far) marked as already inside it.
   */
  async reconcile(account: AccountSnapshot, tolerance: ReconcileTolerance, time: number, knownExecIds: () => Promise<readonly string[]>): Promise<Reconciliation & { opened: boolean }> {
    let state = await this.state();
    let opened = false;
    if (!state.opened) {
      await this.#store.append(openingEntries(account, this.#terms, await knownExecIds(), time));
      state = await this.state();
      opened = true;
    }
    return { ...reconcile(state, account, tolerance), opened };
  }

  async recordRates(time: number, fx: FxRates): Promise<void> {
    await this.#store.recordRates({ time, rates: Object.fromEntries(fx.entries()) });
  }

  async recordSentQuotes(quotes: readonly SentQuote[]): Promise<void> {
    if (quotes.length > 0) await this.#store.recordSentQuotes(quotes);
  }
}
