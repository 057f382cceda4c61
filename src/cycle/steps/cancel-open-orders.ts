import type { Broker } from '../../brokers/broker.js';
import { parseOrderTag } from '../../domain/order.js';
import type { RunRecords } from '../run-records.js';

/**
 * Step 2 of the cycle (README): an unfilled limit from the last hour is stale. Only autofolio's own
 * orders are cancelled, so that orders a person placed by hand are left alone, unless the
 * broker is set to cancel every open order of the account (`cancelScope: all`).
 */
export async function cancelOwnOpenOrders(broker: Broker, records: RunRecords): Promise<number> {
  const open = await broker.openOrders();
  let cancelled = 0;
  for (const order of open) {
    if (!parseOrderTag(order.tag) && broker.cancelScope !== 'all') continue;
    await broker.cancelOrder(order.brokerId);
    await records.recordOrderState({ ...order, status: 'cancelled' });
    cancelled++;
  }
  return cancelled;
}
