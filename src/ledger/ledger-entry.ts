import type { Currency } from '../domain/money.js';

/**
 * What the ledger records. Money is in integer minor units (cents) so that sums are exact;
 * quantities are lot multiples and prices as the broker reported them.
 *
 * - `opening-cash` / `opening-position`: the account as the broker showed it when the ledger
 *   first saw it, counted as contributions (a position at its cost, in kind).
 * - `opening-fill`: an execution already inside the opening balances; recorded so that it is
 *   never booked twice, with no effect.
 * - `fill`: a buy or sell; cash moves by the value and the commission.
 * - `deposit`, `withdrawal`: money from or to outside (contributions).
 * - `dividend`, `interest`, `fee`: income and costs (realised P&L). A dividend of the actions
 *   files names its `symbol`, the `quantity` held and the amount per share as `price`; the tax
 *   withheld from it, or a dividend a short position pays, is a `fee`.
 * - `split`: a stock split on its ex-date: `quantity` is the shares it added to the position
 *   (negative for a reverse split); no cash moves and the position's cost stays.
 * - `fx`: a conversion: `amountMinor` out of `currency`, `counterMinor` into `counterCurrency`;
 *   one traded on a pair (`symbol` USDCAD) may carry a `commissionMinor`, paid in the pair's
 *   quote currency (CAD).
 */
export type EntryKind = 'opening-cash' | 'opening-position' | 'opening-fill' | 'fill' | 'deposit' | 'withdrawal' | 'dividend' | 'interest' | 'fee' | 'fx' | 'split';

export const CASH_FLOW_KINDS = ['deposit', 'withdrawal', 'dividend', 'interest', 'fee'] as const;
export type CashFlowKind = (typeof CASH_FLOW_KINDS)[number];

/** The kinds the ledger's fold counts as a currency's income (apply-entry.ts); a withholding tax is a fee. */
export const INCOME_KINDS: readonly EntryKind[] = ['dividend', 'interest'];

export interface LedgerEntry {
  readonly kind: EntryKind;
  /** Epoch ms UTC. */
  readonly time: number;
  readonly currency: Currency;
  /**
   * Minor units, never negative: the amount of a cash flow or conversion (out of `currency`),
   * the opening cash (may be negative where the broker lends), or the value |q × price × multiplier| of a fill.
   */
  readonly amountMinor: number;
  readonly symbol?: string;
  /** Signed (buys and longs positive) for fills and opening positions. */
  readonly quantity?: number;
  readonly price?: number;
  readonly multiplier?: number;
  readonly commissionMinor?: number;
  /** Cost of an opening position, signed like its quantity. */
  readonly costMinor?: number;
  readonly counterCurrency?: Currency;
  readonly counterMinor?: number;
  /** Executions and opening markers are unique by this id: booking is idempotent. */
  readonly execId?: string;
  /** Value of one unit of `currency` in the base currency when the entry was made, where known. */
  readonly rateToBase?: number;
  readonly note?: string;
}

/** A ledger entry as the journal returns it: with the order in which it was recorded. */
export interface RecordedLedgerEntry extends LedgerEntry {
  /**
   * Increases with every entry recorded. Snapshots and day starts keep the last one recorded
   * before them, so that a cash flow is ordered against them by recording, not by time.
   */
  readonly ledgerSeq: number;
}
