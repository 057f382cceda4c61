import type { BrokerOrder, OrderStatus } from '../../domain/order.js';
import { decimal, type AlpacaOrder, type AlpacaOrderStatus } from './alpaca-wire.js';

// Alpaca replaces an order by a new one: the old order ends as `replaced`, the new one has its own
// id, points back through `replaces`, and needs a client_order_id of its own (Alpaca keeps them
// unique for ever). The Broker port amends in place instead, keeping id and tag. The adapter maps
// one to the other: autofolio's order is the whole chain, its broker id the first order's id, its
// tag the first order's client_order_id; each replacement's client_order_id is that tag plus
// "~<n>", so any order of a chain tells its tag. A replacing order trades only what it says: the
// fills of the orders before it stay theirs, so the chain's filled quantity is the sum over it.

const REPLACEMENT_SUFFIX = /~\d+$/;

/** The client_order_id of the `n`-th replacement (the first order is 0) of the order tagged `tag`. */
export function replacementClientOrderId(tag: string, n: number): string {
  return `${tag}~${n}`;
}

/** The autofolio tag an Alpaca order carries, whichever order of its chain it is. */
export function tagOf(clientOrderId: string): string {
  return clientOrderId.replace(REPLACEMENT_SUFFIX, '');
}

/** Where in its chain an order is: 0 for the first order, n for the n-th replacement. */
export function chainIndexOf(clientOrderId: string): number {
  const match = /~(\d+)$/.exec(clientOrderId);
  return match ? Number(match[1]) : 0;
}

const WORKING: ReadonlySet<AlpacaOrderStatus> = new Set(['new', 'accepted', 'pending_new', 'accepted_for_bidding', 'pending_replace', 'pending_cancel', 'pending_review', 'held', 'calculated', 'stopped', 'suspended']);

/** Whether Alpaca may still fill this order (the last order of a chain that is still working). */
export function isWorking(order: AlpacaOrder): boolean {
  return WORKING.has(order.status) || order.status === 'partially_filled';
}

/**
 * autofolio's view of a chain of Alpaca orders, first to last. Its quantity is the new total of the
 * latest amendment: what the orders before the last filled, and what the last one is for.
 */
export function chainOrder(legs: readonly AlpacaOrder[]): BrokerOrder {
  const first = legs[0];
  const last = legs[legs.length - 1];
  if (!first || !last) throw new RangeError('an order chain has at least one order');
  const filledBefore = legs.slice(0, -1).reduce((sum, leg) => sum + decimal(leg.filled_qty, `order ${leg.id} filled_qty`), 0);
  const lastFilled = decimal(last.filled_qty, `order ${last.id} filled_qty`);
  const filledQuantity = filledBefore + lastFilled;
  const quantity = filledBefore + decimal(last.qty, `order ${last.id} qty`);
  const status = chainStatus(last.status, filledQuantity, quantity);
  return {
    brokerId: first.id,
    tag: tagOf(first.client_order_id),
    symbol: first.symbol,
    side: first.side === 'buy' ? 'BUY' : 'SELL',
    quantity,
    limitPrice: decimal(last.limit_price, `order ${last.id} limit_price`),
    filledQuantity,
    status,
    ...(status === 'rejected' ? { rejectReason: `Alpaca rejected order ${last.id}` } : {}),
  };
}

function chainStatus(last: AlpacaOrderStatus, filled: number, quantity: number): OrderStatus {
  switch (last) {
    case 'filled':
      return 'filled';
    case 'rejected':
      return filled > 0 ? 'cancelled' : 'rejected';
    case 'canceled':
    case 'expired':
    case 'done_for_day':
      return filled >= quantity ? 'filled' : 'cancelled';
    case 'partially_filled':
      return 'partially-filled';
    // A last order that is `replaced` has a replacement Alpaca has not shown yet: still working.
    default:
      return filled > 0 ? 'partially-filled' : 'submitted';
  }
}
