import type { Broker } from '../../brokers/broker.js';
import { TERMINAL_ORDER_STATUSES, parseOrderTag, type BrokerOrder, type Fill } from '../../domain/order.js';
import type { Journal } from '../journal.js';

/** How often the broker's open orders are read again while a cancel is unconfirmed. */
const POLL_MS = 1_000;

export interface CancelOpenOrdersOptions {
  /** How long to wait for the broker to confirm every cancel (execution.cancelWaitSeconds), ms. */
  readonly waitMs: number;
  /** Records the fills of own orders (collectOwnFills), for an order that filled instead of cancelling. */
  readonly collectFills: () => Promise<Fill[]>;
}

export interface CancelledOrders {
  readonly cancelled: number;
  /** Fills of orders that filled before their cancel took effect, recorded before anything new is sent. */
  readonly fills: readonly Fill[];
}

/**
 * Cancels the given working orders and waits for the broker to confirm it. A cancel is a
 * request: until the broker confirms it, the order can still fill, and orders sent meanwhile
 * would buy again what that fill buys. So the wait is bounded and ends when the broker no
 * longer lists any of the orders as working; their final states are recorded, and the fills
 * of those that filled first are collected. An order still working at the end of the wait
 * fails the call: the run then sends nothing new (fail closed).
 *
 * Only autofolio's own orders reach here, unless the broker is set to cancel every open order
 * of the account (`cancelScope: all`).
 */
export async function cancelAndConfirm(broker: Broker, journal: Journal, targets: readonly BrokerOrder[], options: CancelOpenOrdersOptions): Promise<CancelledOrders & { readonly final: readonly BrokerOrder[] }> {
  if (targets.length === 0) return { cancelled: 0, fills: [], final: [] };
  for (const order of targets) await broker.cancelOrder(order.brokerId);

  const ids = targets.map((order) => order.brokerId);
  const deadline = performance.now() + options.waitMs;
  let working = ids;
  for (;;) {
    await broker.awaitOrders(working, Math.max(0, Math.min(POLL_MS, deadline - performance.now())));
    const open = new Set((await broker.openOrders()).map((order) => order.brokerId));
    working = working.filter((id) => open.has(id));
    if (working.length === 0 || performance.now() >= deadline) break;
  }

  const final = await broker.awaitOrders(ids, 0);
  const settled = final.filter((order) => TERMINAL_ORDER_STATUSES.has(order.status) && order.tag !== '');
  if (settled.length > 0) await journal.record({ orderStates: settled.map((order) => ({ order })) });
  const filled = final.some((order) => order.filledQuantity > (targets.find((t) => t.brokerId === order.brokerId)?.filledQuantity ?? 0));
  const fills = filled ? await options.collectFills() : [];
  if (working.length > 0) {
    throw new Error(`the broker did not confirm the cancel of ${describeOrders(targets.filter((order) => working.includes(order.brokerId)))} within ${options.waitMs / 1000} s (execution.cancelWaitSeconds): no new orders are sent while an earlier one may still fill`);
  }
  return { cancelled: targets.length, fills, final };
}

/** The open orders a run may amend or cancel: autofolio's own, or every one with `cancelScope: all`. */
export async function ownOpenOrders(broker: Broker): Promise<BrokerOrder[]> {
  return (await broker.openOrders()).filter((order) => parseOrderTag(order.tag) || broker.cancelScope === 'all');
}

function describeOrders(orders: readonly BrokerOrder[]): string {
  return orders.map((order) => `${order.side} ${order.quantity} ${order.symbol} (order ${order.brokerId}${order.tag ? `, ${order.tag}` : ''})`).join(', ');
}
