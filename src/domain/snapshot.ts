import type { Currency } from './money.js';
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
  /** NLV minus the NLV at the start of the trading day. */
  readonly pnlDay: number;
  /** NLV minus net contributions since the account started. */
  readonly pnlSinceStart: number;
  /** Fills recorded by this run. */
  readonly trades: readonly Fill[];
}
