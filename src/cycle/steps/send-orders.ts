import type { Broker } from '../../brokers/broker.js';
import type { Instrument } from '../../domain/instrument.js';
import type { BrokerOrder, OrderIntent } from '../../domain/order.js';
import type { Clock } from '../../domain/clock.js';
import { faultPoint } from '../../io/fault-point.js';
import type { Journal } from '../journal.js';

export interface SendResult {
  readonly sent: BrokerOrder[];
  readonly notSent: OrderIntent[];
}

export class SendOrdersError extends Error {
  constructor(message: string, readonly result: SendResult) {
    super(message);
    this.name = 'SendOrdersError';
  }
}

/**
 * Sends sells before buys: the sells free the cash the buys were sized against, so the
 * cycle waits (bounded) for the sells to settle before it sends a buy. Each order's broker
 * id is recorded as soon as the broker acknowledges it. A failure stops the batch: the
 * orders not yet sent stay unsent and are listed in the error. An order the broker rejects
 * does not stop the others (they were checked as one plan), but it raises the run's error
 * flag once the batch is done, so its owner hears of it.
 */
export async function sendOrders(
  broker: Broker,
  journal: Journal,
  clock: Clock,
  orders: readonly OrderIntent[],
  instruments: ReadonlyMap<string, Instrument>,
  sellWaitMs: number,
): Promise<SendResult> {
  const sent: BrokerOrder[] = [];
  const rejected: BrokerOrder[] = [];
  const unsent = (): OrderIntent[] => orders.filter((o) => !sent.some((s) => s.tag === o.tag));
  const sells = orders.filter((o) => o.side === 'SELL');
  const buys = orders.filter((o) => o.side === 'BUY');
  const sendGroup = async (group: readonly OrderIntent[]): Promise<void> => {
    for (const order of group) {
      const instrument = instruments.get(order.symbol);
      if (!instrument) throw new Error(`no instrument for ${order.symbol}`);
      faultPoint('send-order');
      try {
        const placed = await broker.placeOrder(order, instrument);
        await journal.record({ orderStates: [{ order: placed, sentAt: clock.now() }] });
        (placed.status === 'rejected' ? rejected : sent).push(placed);
      } catch (error) {
        throw new SendOrdersError(`sending ${order.tag} failed: ${error instanceof Error ? error.message : String(error)}`, { sent, notSent: unsent() });
      }
    }
  };
  await sendGroup(sells);
  if (sells.length > 0 && buys.length > 0) {
    const settled = await broker.awaitOrders(sent.map((o) => o.brokerId), sellWaitMs);
    if (settled.length > 0) await journal.record({ orderStates: settled.map((order) => ({ order })) });
  }
  await sendGroup(buys);
  if (rejected.length > 0) {
    const reasons = rejected.map((o) => `${o.tag} ${o.side} ${o.quantity} ${o.symbol}: ${o.rejectReason ?? 'no reason given'}`).join('; ');
    throw new SendOrdersError(`the broker rejected ${rejected.length} order${rejected.length > 1 ? 's' : ''}: ${reasons}`, { sent, notSent: unsent() });
  }
  return { sent, notSent: [] };
}
