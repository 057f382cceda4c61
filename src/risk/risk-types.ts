import type { RiskConfig } from '../config/schema.js';
import type { AccountSnapshot } from '../domain/account.js';
import type { Quote } from '../domain/bar.js';
import type { Instrument } from '../domain/instrument.js';
import type { FxRates } from '../domain/money.js';
import type { OrderIntent } from '../domain/order.js';

export interface KillSwitchState {
  readonly halted: boolean;
  readonly reason?: string;
}

/** Everything the risk gate looks at before orders are sent (step 7 of the README's "One cycle"). */
export interface RiskInput {
  readonly orders: readonly OrderIntent[];
  readonly account: AccountSnapshot;
  readonly instruments: readonly Instrument[];
  readonly quotes: ReadonlyMap<string, Quote>;
  /** Absent when the account could not be read (an error flag says why); valuations then fail closed. */
  readonly fx?: FxRates;
  /** Epoch ms UTC. */
  readonly now: number;
  readonly limits: RiskConfig;
  readonly isMarketOpen: (instrument: Instrument, now: number) => boolean;
  readonly killSwitch: KillSwitchState;
  /**
   * NLV at the start of the trading day, recorded by the cycle's first run of the day.
   * Without it there is no loss to measure yet and the daily-loss breaker passes.
   */
  readonly startOfDayNlv?: number;
  /**
   * Deposits (+) less withdrawals (−) recorded since that reading, in the base currency: money
   * moved by the owner is neither a loss nor a gain, so the breaker measures from the start of
   * day plus these. 0 when absent.
   */
  readonly startOfDayFlows?: number;
  /** Errors raised by steps 1–6 of the cycle. */
  readonly errorFlags: readonly string[];
}

export interface RiskReason {
  /** Name of the check that failed, e.g. "max-gross-leverage". */
  readonly check: string;
  readonly message: string;
  readonly symbol?: string;
}

export interface RiskVerdict {
  readonly allowed: boolean;
  /** Every failing reason, not only the first. */
  readonly reasons: readonly RiskReason[];
}

/** One pre-trade check: returns the reasons it fails, an empty list when it passes. Never throws. */
export type RiskCheck = (input: RiskInput) => RiskReason[];
