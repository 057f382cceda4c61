import type { AccountSnapshot } from '../domain/account.js';
import type { Quote } from '../domain/bar.js';
import type { Instrument } from '../domain/instrument.js';
import type { OptionChain } from '../domain/option-chain.js';
import type { FxRates } from '../domain/money.js';
import type { BrokerOrder, Fill, OrderIntent } from '../domain/order.js';

/**
 * The port every broker adapter implements (paper, IB, …). The cycle sees only this.
 * Methods reject with a {@link BrokerError} subclass whose kind says how the caller reacts.
 */
export interface Broker {
  readonly name: string;
  /**
   * Which open orders a run cancels: only autofolio's own (tagged) orders, the default, or
   * every open order of the account (IB's `cancelScope: all`, as the seed system did).
   */
  readonly cancelScope?: 'own' | 'all';
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  account(): Promise<AccountSnapshot>;
  /** One quote per instrument, in the order given. */
  quotes(instruments: readonly Instrument[]): Promise<Quote[]>;
  /** Rates from each currency into `base`. */
  fxRates(base: string, currencies: readonly string[]): Promise<FxRates>;
  /** Orders still working at the broker (not filled, cancelled or rejected). */
  openOrders(): Promise<BrokerOrder[]>;
  cancelOrder(brokerId: string): Promise<void>;
  /**
   * Sends one order; resolves once the broker has acknowledged it (a rejection is a status, not a
   * throw). Rejects with {@link OrderNotTransmittedError} only when the order certainly never
   * left; any other rejection means the request may have reached the broker and its outcome is
   * unknown (the reply was lost with the connection, or did not come in time).
   */
  placeOrder(order: OrderIntent, instrument: Instrument): Promise<BrokerOrder>;
  /**
   * Changes a working order in place (IB: placeOrder again under the same order id): it keeps
   * its broker id, its tag and the fills it already had. `change.quantity` is the order's new
   * total, what it filled included. Resolves with the order's state once the broker has
   * acknowledged the change; rejects with a `rejected` {@link BrokerError} when the broker
   * refuses it (the order filled or was cancelled first), leaving the order as it was.
   */
  modifyOrder(order: BrokerOrder, change: OrderChange, instrument: Instrument): Promise<BrokerOrder>;
  /** Waits at most `timeoutMs` for the orders to reach a terminal state; returns their latest state. */
  awaitOrders(brokerIds: readonly string[], timeoutMs: number): Promise<BrokerOrder[]>;
  /** Executions at or after `since` (epoch ms), including those of earlier runs. */
  executions(since: number): Promise<Fill[]>;
  /**
   * Orders the broker finished today (filled, cancelled, rejected) as it still lists them, with
   * their filled quantity: once its execution reports are gone (IB reports the current day's
   * only, and forgets them when its gateway restarts), the one record of fills never collected.
   */
  completedOrders(): Promise<BrokerOrder[]>;
  /**
   * The expiries and strikes listed for options on `underlying`. A broker that trades no options
   * leaves it out, and a forecast with spreads then fails its plan. Option contracts are then
   * quoted through `quotes` and combinations of them (instrument `secType: 'BAG'`) sent through
   * `placeOrder` as one order at a net price, all legs filling together or none; their
   * executions are reported per leg, under the combination's tag.
   */
  optionChain?(underlying: Instrument): Promise<OptionChain>;
}

/** What an amendment changes: the order's new total quantity (filled part included) and its new limit. */
export interface OrderChange {
  readonly quantity: number;
  readonly limitPrice: number;
}

/** How the caller must react to a broker failure: errors are grouped by reaction, not by origin. */
export type BrokerErrorKind = 'operational' | 'temporary' | 'rejected';

export class BrokerError extends Error {
  constructor(
    message: string,
    readonly kind: BrokerErrorKind,
    readonly code?: number | string,
  ) {
    super(message);
    this.name = 'BrokerError';
  }
}

/**
 * placeOrder failed before the order left this process (not connected, no contract, no order
 * id): nothing can be working at the broker, so the order is reported as not sent. Every other
 * failure of placeOrder leaves the outcome unknown, and the order is never reported as not sent.
 */
export class OrderNotTransmittedError extends BrokerError {
  constructor(cause: unknown) {
    const inner = cause instanceof BrokerError ? cause : undefined;
    super(cause instanceof Error ? cause.message : String(cause), inner?.kind ?? 'temporary', inner?.code);
    this.name = 'OrderNotTransmittedError';
  }
}
