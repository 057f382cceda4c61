import type { Broker } from '../../brokers/broker.js';
import { parseOrderTag } from '../../domain/order.js';
import type { Journal } from '../journal.js';

/**
 * Step 2 of the cycle (README): an unfilled limit from the last hour is stale. Only autofolio's own
 * orders are cancelled, so that orders a person placed by hand are left alone, unless the
 * broker is set to cancel every open order of the account (`cancelScope: all`).
 */
export async function cancelOwnOpenOrders(broker: Broker, journal: Journal): Promise<number> {
  const open = await broker.openOrders();
  let cancelled = 0;
  for (const order of open) {
    if (!parseOrderTag(order.tag) && broker.cancelScope !== 'all') continue;
    await broker.cancelOrder(order.brokerId);
    await journal.record({ orderStates: [{ order: { ...order, status: 'cancelled' } }] });
    cancelled++;
  }
  return cancelled;
}
