import { BrokerError, type Broker } from '../../brokers/broker.js';
import type { Quote } from '../../domain/bar.js';
import type { Clock } from '../../domain/clock.js';
import type { Instrument } from '../../domain/instrument.js';
import { parseOrderTag, TERMINAL_ORDER_STATUSES, type BrokerOrder, type Fill, type OrderIntent } from '../../domain/order.js';
import { faultPoint } from '../../io/fault-point.js';
import type { Journal, OrderVersion } from '../journal.js';
import { cancelAndConfirm, ownOpenOrders } from './cancel-open-orders.js';
import { byCodeUnits } from '../../domain/code-unit-order.js';

export interface AmendOpenOrdersInput {
  readonly runId: string;
  /** The plan's orders this run may carry out; none when it may send nothing (no plan, a closed gate, the end-of-day run). */
  readonly wanted: readonly OrderIntent[];
  /** The own working orders as read with the account: their filled quantities match the positions the plan was sized on. */
  readonly workingAtRead: readonly BrokerOrder[];
  readonly instruments: ReadonlyMap<string, Instrument>;
  /** The quotes of the account read: the arrival price of an amendment. */
  readonly quotes: ReadonlyMap<string, Quote>;
  /** How long to wait for the broker to confirm every cancel (execution.cancelWaitSeconds), ms. */
  readonly cancelWaitMs: number;
  readonly collectFills: () => Promise<Fill[]>;
}

export interface AmendedOrders {
  /** The plan's orders still to send as new orders. */
  readonly toSend: readonly OrderIntent[];
  /** The working orders that now carry out a plan's order, at its terms. */
  readonly amended: readonly { readonly intent: OrderIntent; readonly order: BrokerOrder }[];
  readonly cancelled: number;
  readonly fills: readonly Fill[];
  /** What the step chose not to do, for the journal's reader. */
  readonly notes: readonly string[];
}

/**
 * Step "amend-open-orders" of the cycle: the working orders of earlier runs are reconciled
 * with this run's plan before anything new is sent. An own order whose instrument the plan
 * still trades in the same direction is amended in place (same broker id and tag, so it keeps
 * its place and its fills, and is never doubled): its new total is what it had filled when the
 * account was read plus what the plan still needs, at the plan's limit. A fill between the
 * read and the amendment is then part of that total, not bought twice. Every other working
 * order (not wanted, the wrong way, or not autofolio's under `cancelScope: all`) is cancelled,
 * with the broker's confirmation awaited.
 *
 * A cancelled order that filled after the account was read leaves the plan for its instrument
 * stale: nothing new is sent for that instrument this run; the next run plans it again.
 */
export async function amendOpenOrders(broker: Broker, journal: Journal, clock: Clock, input: AmendOpenOrdersInput): Promise<AmendedOrders> {
  const open = (await ownOpenOrders(broker)).sort((a, b) => Number(a.brokerId) - Number(b.brokerId) || byCodeUnits(a.brokerId, b.brokerId));
  const atRead = new Map(input.workingAtRead.map((order) => [order.brokerId, order]));
  let toSend = [...input.wanted];
  const notes: string[] = [];
  const toCancel: BrokerOrder[] = [];
  const toAmend: { intent: OrderIntent; order: BrokerOrder; total: number }[] = [];
  for (const order of open) {
    const index = parseOrderTag(order.tag) ? toSend.findIndex((intent) => intent.symbol === order.symbol && intent.side === order.side) : -1;
    if (index < 0) {
      toCancel.push(order);
      continue;
    }
    const intent = toSend[index]!;
    toSend = toSend.filter((_, i) => i !== index);
    const filledAtRead = atRead.get(order.brokerId)?.filledQuantity ?? order.filledQuantity;
    const total = filledAtRead + intent.quantity;
    if (order.filledQuantity >= total) {
      // It filled what the plan needed since the read: the rest is not wanted.
      toCancel.push(order);
      continue;
    }
    toAmend.push({ intent, order, total });
  }

  const cancels = await cancelAndConfirm(broker, journal, toCancel, { waitMs: input.cancelWaitMs, collectFills: input.collectFills });
  for (const order of cancels.final) {
    const before = atRead.get(order.brokerId);
    if (before === undefined || order.filledQuantity <= before.filledQuantity) continue;
    if (toSend.some((intent) => intent.symbol === order.symbol) || toAmend.some((a) => a.intent.symbol === order.symbol)) {
      notes.push(`${order.symbol}: ${order.tag} filled ${order.filledQuantity - before.filledQuantity} more before its cancel took effect, so nothing new is sent for ${order.symbol} this run`);
    }
    toSend = toSend.filter((intent) => intent.symbol !== order.symbol);
  }

  const amended: { intent: OrderIntent; order: BrokerOrder }[] = [];
  for (const { intent, order, total } of toAmend) {
    const instrument = input.instruments.get(order.symbol);
    if (!instrument) throw new Error(`no instrument for ${order.symbol} in the config, so its working order ${order.tag} (order ${order.brokerId}) cannot be amended`);
    faultPoint('amend-order');
    let now: BrokerOrder;
    try {
      now = await broker.modifyOrder(order, { quantity: total, limitPrice: intent.limitPrice }, instrument);
    } catch (error) {
      // The order finished first (filled or cancelled): what it filled is collected below, the rest waits for the next run's plan.
      if (!(error instanceof BrokerError && error.kind === 'rejected')) throw error;
      notes.push(`${order.tag} (order ${order.brokerId}) could not be amended to ${intent.side} ${total} ${order.symbol}: ${error.message}; what it still misses is left to the next run`);
      continue;
    }
    amended.push({ intent, order: now });
    const quote = input.quotes.get(order.symbol);
    const version: OrderVersion = {
      tag: order.tag,
      brokerId: order.brokerId,
      runId: input.runId,
      intentTag: intent.tag,
      symbol: order.symbol,
      side: order.side,
      at: clock.now(),
      reason: 'amended',
      quantity: total,
      limitPrice: intent.limitPrice,
      filledQuantity: now.filledQuantity,
      decisionPrice: intent.referencePrice,
      ...(quote ? { arrivalPrice: (quote.bid + quote.ask) / 2 } : {}),
    };
    await journal.record({ orderVersions: [version], orderStates: [{ order: now }] });
  }
  const fills = [...cancels.fills];
  if (amended.some(({ order }) => order.filledQuantity > 0 || TERMINAL_ORDER_STATUSES.has(order.status)) || notes.length > 0) fills.push(...(await input.collectFills()));
  return { toSend, amended, cancelled: cancels.cancelled, fills, notes };
}
