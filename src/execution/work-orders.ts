import { BrokerError, type Broker } from '../brokers/broker.js';
import type { RepriceConfig } from '../config/schema.js';
import type { Quote } from '../domain/bar.js';
import type { Instrument } from '../domain/instrument.js';
import { TERMINAL_ORDER_STATUSES, type BrokerOrder, type OrderIntent } from '../domain/order.js';
import type { OrderVersion, OrderVersionReason } from '../cycle/journal.js';
import { nextLimit } from './reprice-ladder.js';

/** An order the run works: its state at the broker, the plan's order it carries out, and its instrument. */
export interface WorkedOrder {
  readonly order: BrokerOrder;
  readonly intent: OrderIntent;
  readonly instrument: Instrument;
}

export interface WorkOrdersDeps {
  readonly broker: Broker;
  readonly runId: string;
  /** Waits on the cycle's clock: real time live, simulated time in a backtest. */
  readonly wait: (ms: number) => Promise<void>;
  readonly now: () => number;
  /** The risk gate's price band, bps: the ladder never goes past it, whatever the policy says. */
  readonly priceBandBps: number;
  readonly record: (versions: readonly OrderVersion[], states: readonly BrokerOrder[]) => Promise<void>;
  /** Called before each step; throws to end the ladder (a halt). */
  readonly beforeStep?: () => Promise<void>;
}

/**
 * Works a group of orders within the run: after each wait of the policy, every order still
 * working is amended `stepPct` of the way toward the far touch of a fresh quote, never past
 * the policy's last price nor the risk gate's band; one wait after the last step comes the
 * deadline, where an unfilled order is left working, cancelled, or sent to the far touch
 * (within the same cap). Each new limit is recorded as a version of its order, with the mid
 * quote it was set against (its arrival price). Returns the orders' latest states.
 */
export async function workOrders(orders: readonly WorkedOrder[], policy: RepriceConfig, deps: WorkOrdersDeps): Promise<BrokerOrder[]> {
  let current = [...orders];
  const maxDistanceBps = Math.min(policy.maxPriceBps, deps.priceBandBps);
  for (let step = 1; step <= policy.steps + 1 && current.length > 0; step++) {
    await deps.wait(policy.waitSeconds * 1000);
    await deps.beforeStep?.();
    const states = await deps.broker.awaitOrders(current.map((w) => w.order.brokerId), 0);
    current = current.map((w) => ({ ...w, order: states.find((s) => s.brokerId === w.order.brokerId) ?? w.order }));
    const live = current.filter((w) => !TERMINAL_ORDER_STATUSES.has(w.order.status));
    if (live.length === 0) break;
    const deadline = step > policy.steps;
    if (deadline && policy.atDeadline === 'leave') break;
    if (deadline && policy.atDeadline === 'cancel') {
      for (const w of live) await cancelQuietly(deps.broker, w.order);
      break;
    }
    const quotes = new Map((await deps.broker.quotes(uniqueInstruments(live))).map((q) => [q.symbol, q]));
    const reason: OrderVersionReason = deadline ? 'deadline' : 'repriced';
    for (const w of live) {
      const quote = quotes.get(w.order.symbol);
      if (!quote) continue;
      const limit = nextLimit(
        { side: w.order.side, limit: w.order.limitPrice, farTouch: w.order.side === 'BUY' ? quote.ask : quote.bid, decisionPrice: w.intent.referencePrice, maxDistanceBps, tickSize: w.instrument.tickSize },
        deadline ? 100 : policy.stepPct,
      );
      if (limit === w.order.limitPrice) continue;
      const amended = await amendQuietly(deps.broker, w, limit);
      if (!amended) continue;
      current = current.map((c) => (c.order.brokerId === amended.brokerId ? { ...c, order: amended } : c));
      await deps.record([versionOf(w, amended, limit, reason, quote, deps)], [amended]);
    }
  }
  return deps.broker.awaitOrders(current.map((w) => w.order.brokerId), 0);
}

function versionOf(w: WorkedOrder, amended: BrokerOrder, limit: number, reason: OrderVersionReason, quote: Quote, deps: WorkOrdersDeps): OrderVersion {
  return {
    tag: w.order.tag,
    brokerId: w.order.brokerId,
    runId: deps.runId,
    intentTag: w.intent.tag,
    symbol: w.order.symbol,
    side: w.order.side,
    at: deps.now(),
    reason,
    quantity: w.order.quantity,
    limitPrice: limit,
    filledQuantity: amended.filledQuantity,
    decisionPrice: w.intent.referencePrice,
    arrivalPrice: (quote.bid + quote.ask) / 2,
  };
}

/** An order that finished between the look and the amendment needs none: the broker's refusal says so. */
async function amendQuietly(broker: Broker, w: WorkedOrder, limit: number): Promise<BrokerOrder | undefined> {
  try {
    return await broker.modifyOrder(w.order, { quantity: w.order.quantity, limitPrice: limit }, w.instrument);
  } catch (error) {
    if (error instanceof BrokerError && error.kind === 'rejected') return undefined;
    throw error;
  }
}

async function cancelQuietly(broker: Broker, order: BrokerOrder): Promise<void> {
  try {
    await broker.cancelOrder(order.brokerId);
  } catch (error) {
    if (!(error instanceof BrokerError && error.kind === 'rejected')) throw error;
  }
}

function uniqueInstruments(orders: readonly WorkedOrder[]): Instrument[] {
  return [...new Map(orders.map((w) => [w.instrument.symbol, w.instrument])).values()];
}
