import type { Currency } from './money.js';
import type { FxExposureRow } from './fx-exposure.js';
import type { Fill } from './order.js';

export interface SnapshotPosition {
  readonly symbol: string;
  readonly quantity: number;
  readonly avgCost: number;
  /** Price used for valuation, in the instrument currency. */
  readonly price: number;
  readonly currency: Currency;
  /** Market value in the base currency. */
  readonly marketValue: number;
  /** marketValue / NLV. */
  readonly weight: number;
}

/** One leg of a spread held, as the snapshot shows it. */
export interface SnapshotSpreadLeg {
  readonly symbol: string;
  /** Contracts held, signed. */
  readonly quantity: number;
  readonly multiplier: number;
  readonly avgCost: number;
  readonly price: number;
  /** In the base currency. */
  readonly marketValue: number;
}

/** An option spread held: its legs are also among the positions. */
export interface SnapshotSpread {
  readonly name: string;
  /** Whole spreads held. */
  readonly quantity: number;
  readonly legs: readonly SnapshotSpreadLeg[];
  /** Σ quantity × average cost × multiplier, in the options' currency. */
  readonly cost: number;
  /** Σ leg market value, in the base currency. */
  readonly value: number;
}

/** The state of the account at the end of a run (step 9 of the README's "One cycle"). */
export interface Snapshot {
  readonly runId: string;
  /** Epoch ms UTC. */
  readonly time: number;
  readonly accountId: string;
  readonly baseCurrency: Currency;
  readonly nlv: number;
  readonly cash: Readonly<Record<Currency, number>>;
  readonly positions: readonly SnapshotPosition[];
  /** Σ|position value| / NLV. */
  readonly grossLeverage: number;
  /** Σ position value / NLV. */
  readonly netLeverage: number;
  /** NLV minus the NLV at the start of the trading day, net of the deposits and withdrawals since (src/analytics/net-pnl.ts). */
  readonly pnlDay: number;
  /** NLV minus the NLV when the account was first seen, net of every deposit and withdrawal since. */
  readonly pnlSinceStart: number;
  /** Option spreads held (their legs are among the positions); absent when none. */
  readonly spreads?: readonly SnapshotSpread[];
  /**
   * Per foreign currency, the exposure, the hedge (cash) and the target the fxHedge policy sets,
   * in the base currency; absent for an account in its base currency alone.
   */
  readonly fx?: readonly FxExposureRow[];
  /** Fills recorded by this run. */
  readonly trades: readonly Fill[];
  /**
   * Set by the journal: the `ledgerSeq` of the last ledger entry recorded before this snapshot
   * (0 for none). A cash flow is inside this snapshot's NLV exactly when its entry's ledgerSeq is
   * at most this, whatever the two timestamps say.
   */
  readonly ledgerSeq?: number;
}
