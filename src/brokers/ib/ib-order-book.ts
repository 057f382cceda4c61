import { EventName, type Contract, type Order, type OrderState } from '@stoqey/ib';
import { parseOrderTag, TERMINAL_ORDER_STATUSES, type BrokerOrder, type OrderIntent } from '../../domain/order.js';
import { BrokerError, OrderNotTransmittedError, type OrderChange } from '../broker.js';
import { ibBrokerError, type IbMessage } from './ib-messages.js';
import { orderStatusOf, sideOf, symbolOf } from './ib-orders.js';
import type { IbSession } from './ib-session.js';
import type { OrderIdAllocator } from './order-ids.js';

/**
 * The state of every order this session has heard of, kept from openOrder, orderStatus,
 * completedOrder and order errors, and the waits on it (acknowledgement, terminal state).
 * A rejection (201, 110, Inactive) stays a rejection even if a Cancelled status follows.
 */
export class IbOrderBook {
  readonly #session: IbSession;
  readonly #ids: OrderIdAllocator;
  readonly #orders = new Map<string, BrokerOrder>();
  readonly #listeners = new Set<() => void>();
  readonly #lostWaiters = new Set<() => void>();
  /** Orders IB has answered for (openOrder, orderStatus or an error). */
  readonly #acked = new Set<string>();
  readonly #clientId: number;
  /** Ids IB refused as already used (103): the order sent under one never reached IB. */
  readonly #duplicateIds = new Set<string>();
  readonly #refreshIds: () => Promise<void>;
  /** Amendments sent and not yet answered: an error for the id refuses the amendment, not the order. */
  readonly #pendingModifies = new Map<string, (message: IbMessage) => void>();

  /** `refreshIds` asks IB for its next valid id (reqIds) and moves the id counter past it. */
  constructor(session: IbSession, ids: OrderIdAllocator, clientId: number, refreshIds: () => Promise<void>) {
    this.#session = session;
    this.#ids = ids;
    this.#clientId = clientId;
    this.#refreshIds = refreshIds;
    const ib = session.api;
    ib.on(EventName.openOrder, (orderId: number, contract: Contract, order: Order, state: OrderState) => this.#onOpenOrder(orderId, contract, order, state));
    ib.on(EventName.orderStatus, (orderId: number, status: string, filled: number, _remaining: number, _avg: number, permId?: number, _parent?: number, _last?: number, clientId?: number) =>
      this.#onStatus(this.#brokerId(orderId, permId, clientId), status, filled),
    );
    ib.on(EventName.completedOrder, (contract: Contract, order: Order, state: OrderState) => this.#onOpenOrder(order.orderId ?? 0, contract, order, state));
    session.onOrphanMessage((message) => this.#onOrderMessage(message));
    session.onLost(() => this.#wakeAll());
  }

  get(brokerId: string): BrokerOrder | undefined {
    return this.#orders.get(brokerId);
  }

  all(): BrokerOrder[] {
    return [...this.#orders.values()];
  }

  /**
   * Sends one order and resolves with its first acknowledged state (a rejection is a state).
   *
   * An id refused as already used (IB error 103, after a gateway restart rolled its next id
   * back, or with the database that kept the counter lost) means IB took no order: the counter
   * is moved past IB's own next valid id and the order is sent once more under a new id, with
   * the same tag. Without that every later id would be refused too, one failed run after another.
   */
  async place(intent: OrderIntent, contract: Contract, order: Order, timeoutMs: number): Promise<BrokerOrder> {
    const first = await this.#placeOnce(intent, contract, order, timeoutMs);
    if (!this.#duplicateIds.has(first.brokerId)) return first;
    // The id is another order's at IB: whatever IB says later under it is not about this one.
    this.#orders.delete(first.brokerId);
    await this.#refreshIds();
    return this.#placeOnce(intent, contract, order, timeoutMs);
  }

  async #placeOnce(intent: OrderIntent, contract: Contract, order: Order, timeoutMs: number): Promise<BrokerOrder> {
    let id: number;
    try {
      id = await this.#ids.take();
    } catch (error) {
      throw new OrderNotTransmittedError(error);
    }
    const brokerId = String(id);
    this.#orders.set(brokerId, { brokerId, tag: intent.tag, symbol: intent.symbol, side: intent.side, quantity: intent.quantity, limitPrice: intent.limitPrice, filledQuantity: 0, status: 'submitted' });
    let acknowledged = false;
    // Set as the message is handed to the socket: a failure before it is certain to have sent
    // nothing, a failure after it (a lost connection, no reply in time) leaves the outcome unknown.
    let transmitted = false;
    const unwatch = this.#session.watchId(id, (message) => this.#onOrderMessage(message));
    try {
      return await this.#session.request<BrokerOrder>({
        what: `order ${intent.tag}`,
        timeoutMs,
        send: (ib) => {
          transmitted = true;
          ib.placeOrder(id, contract, order);
        },
        listen: (_ib, done) => this.#watch(() => {
          if (acknowledged) return;
          const latest = this.#orders.get(brokerId);
          if (latest && (latest.status !== 'submitted' || this.#acked.has(brokerId))) {
            acknowledged = true;
            done(latest);
          }
        }),
      });
    } catch (error) {
      if (!transmitted) throw new OrderNotTransmittedError(error);
      throw error;
    } finally {
      // Later errors for the id (a late rejection) still reach the book through the orphan route.
      unwatch();
    }
  }

  /**
   * Amends a working order of this client: placeOrder again under its own id, with its tag,
   * the new total quantity and the new limit (IB keeps the id, the permId and the fills).
   * Resolves once IB reports the order at its new terms; rejects with a `rejected` BrokerError
   * when IB refuses the change (the order filled or was cancelled first: 104, 10148, …), and
   * the order keeps the state IB last reported.
   */
  async modify(current: BrokerOrder, change: OrderChange, contract: Contract, order: Order, timeoutMs: number): Promise<BrokerOrder> {
    const brokerId = current.brokerId;
    if (!/^\d+$/.test(brokerId)) throw new BrokerError(`order ${brokerId} (${current.tag}) was not placed by this client: IB lets only its own client amend it`, 'rejected', 'foreign-order');
    const known = this.#orders.get(brokerId);
    if (known && TERMINAL_ORDER_STATUSES.has(known.status)) throw new BrokerError(`order ${brokerId} (${current.tag}) is already ${known.status} and cannot be amended`, 'rejected');
    const id = Number(brokerId);
    const matches = (o: BrokerOrder | undefined) => o !== undefined && o.quantity === change.quantity && Math.abs(o.limitPrice - change.limitPrice) < 1e-9;
    let refusal: IbMessage | undefined;
    const unwatch = this.#session.watchId(id, (message) => this.#onOrderMessage(message));
    try {
      return await this.#session.request<BrokerOrder>({
        what: `amendment of order ${brokerId} (${current.tag})`,
        timeoutMs,
        send: (ib) => ib.placeOrder(id, contract, order),
        listen: (_ib, done, fail) => {
          this.#pendingModifies.set(brokerId, (message) => {
            refusal = message;
            const latest = this.#orders.get(brokerId);
            fail(new BrokerError(`IB refused the amendment of order ${brokerId} (${current.tag}): IB ${message.code} ${message.text}${latest ? `; the order is ${latest.status}, ${latest.filledQuantity} filled` : ''}`, 'rejected', message.code));
          });
          const stop = this.#watch(() => {
            const latest = this.#orders.get(brokerId);
            if (refusal === undefined && latest && (matches(latest) || TERMINAL_ORDER_STATUSES.has(latest.status))) done(latest);
          });
          return () => {
            stop();
            this.#pendingModifies.delete(brokerId);
          };
        },
      });
    } finally {
      unwatch();
    }
  }

  /** Waits until every order is terminal or the time is up; returns the latest states. */
  async awaitTerminal(brokerIds: readonly string[], timeoutMs: number): Promise<BrokerOrder[]> {
    const allDone = () => brokerIds.every((id) => {
      const order = this.#orders.get(id);
      return order !== undefined && TERMINAL_ORDER_STATUSES.has(order.status);
    });
    if (!allDone() && timeoutMs > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(finish, timeoutMs);
        const stop = this.#watch(() => allDone() && finish());
        const lostWaiters = this.#lostWaiters;
        function finish() {
          clearTimeout(timer);
          stop();
          lostWaiters.delete(finish);
          resolve();
        }
        // A lost connection ends the wait at once; the caller's next call reports it.
        lostWaiters.add(finish);
      });
    }
    return brokerIds.map((id) => this.#orders.get(id)).filter((order): order is BrokerOrder => order !== undefined);
  }

  /** Ends every wait (the connection is gone). */
  #wakeAll(): void {
    for (const wake of [...this.#lostWaiters]) wake();
    this.#lostWaiters.clear();
  }

  /** Our orders are known by their order id; another client's (or a TWS user's) by IB's permanent id. */
  #brokerId(orderId: number, permId: number | undefined, clientId: number | undefined): string {
    const ours = clientId === undefined || clientId === this.#clientId;
    return ours && orderId > 0 ? String(orderId) : `perm-${permId ?? 0}`;
  }

  #watch(check: () => void): () => void {
    this.#listeners.add(check);
    check();
    return () => this.#listeners.delete(check);
  }

  #changed(): void {
    for (const listener of [...this.#listeners]) listener();
  }

  #onOpenOrder(orderId: number, contract: Contract, order: Order, state: OrderState): void {
    const brokerId = this.#brokerId(orderId, order.permId, order.clientId);
    if (orderId > 0 && order.clientId === this.#clientId) this.#ids.observe(orderId);
    // A what-if order is never placed: it is no order of the account.
    if (order.whatIf) return;
    const before = this.#orders.get(brokerId);
    const quantity = Number(order.totalQuantity ?? before?.quantity ?? 0);
    const filled = Math.max(before?.filledQuantity ?? 0, Number(order.filledQuantity ?? 0), state.status === 'Filled' ? quantity : 0);
    const status = before?.status === 'rejected' ? 'rejected' : orderStatusOf(String(state.status ?? ''), filled);
    this.#orders.set(brokerId, {
      brokerId,
      tag: order.orderRef ?? before?.tag ?? '',
      // A combination has no symbol of its own at IB: its tag names the spread.
      symbol: symbolOf(contract) || before?.symbol || parseOrderTag(order.orderRef ?? '')?.symbol || '',
      side: sideOf(order.action),
      quantity,
      limitPrice: Number(order.lmtPrice ?? before?.limitPrice ?? 0),
      filledQuantity: filled,
      status,
      ...(before?.rejectReason ? { rejectReason: before.rejectReason } : {}),
    });
    this.#acked.add(brokerId);
    this.#changed();
  }

  #onStatus(brokerId: string, ibStatus: string, filled: number): void {
    if (/^\d+$/.test(brokerId)) this.#ids.observe(Number(brokerId));
    const before = this.#orders.get(brokerId);
    this.#acked.add(brokerId);
    if (!before) return;
    const filledQuantity = Math.max(before.filledQuantity, Number(filled ?? 0));
    const status = before.status === 'rejected' ? 'rejected' : orderStatusOf(ibStatus, filledQuantity);
    this.#orders.set(brokerId, { ...before, filledQuantity, status });
    this.#changed();
  }

  #onOrderMessage(message: IbMessage): void {
    const brokerId = String(message.id);
    const before = this.#orders.get(brokerId);
    if (!before) return;
    // A refused amendment leaves the order as it was: IB keeps working (or has finished) it.
    const modify = this.#pendingModifies.get(brokerId);
    if (modify && message.category !== 'order-cancelled' && message.category !== 'info') {
      modify(message);
      return;
    }
    if (message.category === 'order-cancelled') {
      if (!TERMINAL_ORDER_STATUSES.has(before.status)) this.#orders.set(brokerId, { ...before, status: 'cancelled' });
    } else if (message.category === 'order-rejected' || message.category === 'api-refused' || message.category === 'no-contract' || message.category === 'unknown' || message.category === 'order-id') {
      if (message.category === 'order-id') {
        this.#ids.observe(message.id);
        this.#duplicateIds.add(brokerId);
      }
      this.#orders.set(brokerId, { ...before, status: 'rejected', rejectReason: ibBrokerError(message, before.tag).message });
    } else {
      return;
    }
    this.#acked.add(brokerId);
    this.#changed();
  }
}
