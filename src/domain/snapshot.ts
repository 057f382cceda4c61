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
