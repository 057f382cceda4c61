import type { PlanningConfig } from '../config/schema.js';
import type { AccountSnapshot } from '../domain/account.js';
import type { Quote } from '../domain/bar.js';
import type { Forecast } from '../domain/forecast.js';
import type { Instrument } from '../domain/instrument.js';
import type { FxRates } from '../domain/money.js';
import type { OrderIntent } from '../domain/order.js';

export type PlanAction = 'BUY' | 'SELL' | 'NONE';

export interface PlanInput {
  readonly runId: string;
  readonly forecast: Forecast;
  readonly account: AccountSnapshot;
  /** The instruments the planner may trade; positions in other symbols are left alone. */
  readonly instruments: readonly Instrument[];
  readonly quotes: ReadonlyMap<string, Quote>;
  readonly fx: FxRates;
  readonly params: PlanningConfig;
  /**
   * Instruments whose trades must wait (their market is closed), each with the reason. Their
   * lines are NONE with that reason, and before the buys are fitted to the cash, so a buy never
   * counts on the proceeds of a sell that is not sent.
   */
  readonly held?: ReadonlyMap<string, string>;
}

/** The decision for one instrument, traded or not: one line of the order file. */
export interface PlanLine {
  readonly symbol: string;
  readonly action: PlanAction;
  /** Units to trade, always ≥ 0; 0 when the action is NONE. */
  readonly quantity: number;
  /** Limit price in the instrument currency; 0 when the action is NONE. */
  readonly limitPrice: number;
  /** Mid quote the plan was made at; 0 when no quote was needed and none was given. */
  readonly referencePrice: number;
  readonly tag: string;
  /** Signed quantity held before the plan. */
  readonly currentQuantity: number;
  /** Signed quantity the forecast asks for, rounded to lots toward zero. */
  readonly targetQuantity: number;
  readonly targetWeight: number;
  /** Why the line is NONE or was changed (band, minimum value, cash scaling). */
  readonly reason?: string;
}

export interface Plan {
  readonly runId: string;
  readonly lines: readonly PlanLine[];
  /** Sells first, then buys, each group ordered by symbol. */
  readonly orders: readonly OrderIntent[];
  /** Things a person should know: positions left alone, buys scaled for cash. */
  readonly notes: readonly string[];
}

/** The planner cannot make a safe plan from its input (missing quote, bad NLV, unknown symbol). */
export class PlanningError extends Error {
  constructor(message: string, readonly symbol?: string) {
    super(message);
    this.name = 'PlanningError';
  }
}
