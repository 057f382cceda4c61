import { OrderNotTransmittedError, type Broker } from '../../brokers/broker.js';
import type { Instrument } from '../../domain/instrument.js';
import { TERMINAL_ORDER_STATUSES, type BrokerOrder, type OrderIntent } from '../../domain/order.js';
import type { Clock } from '../../domain/clock.js';
import { faultPoint } from '../../io/fault-point.js';
import type { Journal } from '../journal.js';
import type { KillSwitchReading } from '../read-kill-switch.js';
import { StepBlocked } from '../step-runner.js';
import { describeOrders } from './describe-orders.js';

export interface SendResult {
  readonly sent: BrokerOrder[];
  /**
   * Orders whose request may have reached the broker but whose reply was lost (the connection
   * dropped, or no answer in time): sent, outcome unknown. Never reported as not sent, since
   * an owner who placed one again by hand could double it; the next run finds it by its tag.
   */
  readonly unknown: OrderIntent[];
  /** Orders certainly never transmitted. */
  readonly notSent: OrderIntent[];
}

export class SendOrdersError extends Error {
  constructor(message: string, readonly result: SendResult) {
    super(message);
    this.name = 'SendOrdersError';
  }
}

/**
 * The kill switch was set while the run was sending: what went out before it is in `result`,
 * its working orders were cancelled, and nothing more was sent. A block, not an error: the
 * owner asked for it.
 */
export class HaltedMidRunError extends StepBlocked {
  constructor(message: string, readonly result: SendResult) {
    super(message);
    this.name = 'HaltedMidRunError';
  }
}

export interface SendOptions {
  /** The longest wait for the sells to settle before the buys go out. */
  readonly sellWaitMs: number;
  /** Reads the kill switch now; called before every order and while waiting for the sells. */
  readonly killSwitch: () => Promise<KillSwitchReading>;
  /** How often the kill switch is read while waiting for the sells. */
  readonly haltPollMs?: number;
}

const HALT_POLL_MS = 250;

/**
 * Sends sells before buys: the sells free the cash the buys were sized against, so the
 * cycle waits (bounded) for the sells to settle before it sends a buy. Each order's broker
 * id is recorded as soon as the broker acknowledges it. A failure stops the batch: the
 * orders not yet sent stay unsent and are listed in the error. An order the broker rejects
 * does not stop the others (they were checked as one plan), but it raises the run's error
 * flag once the batch is done, so its owner hears of it.
 *
 * The risk gate read the kill switch once, before the first order; a halt set after that
 * (`autofolio halt` or the HALT file, from another process) is seen before the next order
 * or during the wait for the sells, and ends the batch: the orders sent so far that are still
 * working are cancelled and nothing more is sent.
 */
export async function sendOrders(
  broker: Broker,
  journal: Journal,
  clock: Clock,
  orders: readonly OrderIntent[],
  instruments: ReadonlyMap<string, Instrument>,
  options: SendOptions,
): Promise<SendResult> {
  const sent: BrokerOrder[] = [];
  const rejected: BrokerOrder[] = [];
  const unknown: OrderIntent[] = [];
  const unsent = (): OrderIntent[] => orders.filter((o) => !sent.some((s) => s.tag === o.tag) && !unknown.includes(o));
  const result = (): SendResult => ({ sent, unknown, notSent: unsent() });
  const sells = orders.filter((o) => o.side === 'SELL');
  const buys = orders.filter((o) => o.side === 'BUY');
  // Fail closed: a kill switch that cannot be read stops the batch like a failed send.
  const readKillSwitch = async (): Promise<KillSwitchReading> => {
    try {
      return await options.killSwitch();
    } catch (error) {
      throw new SendOrdersError(`reading the kill switch failed, so sending stopped: ${error instanceof Error ? error.message : String(error)}`, result());
    }
  };
  const stopIfHalted = async (reading?: KillSwitchReading): Promise<void> => {
    const killSwitch = reading ?? (await readKillSwitch());
    if (killSwitch.halted) await stopOnHalt(broker, killSwitch, result());
  };
  const sendGroup = async (group: readonly OrderIntent[]): Promise<void> => {
    for (const order of group) {
      const instrument = instruments.get(order.symbol);
      if (!instrument) throw new SendOrdersError(`no instrument for ${order.symbol} in the config, so ${order.tag} was not sent`, result());
      await stopIfHalted();
      faultPoint('send-order');
      let placed: BrokerOrder;
      try {
        placed = await broker.placeOrder(order, instrument);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        if (error instanceof OrderNotTransmittedError) throw new SendOrdersError(`sending ${order.tag} failed before it reached the broker: ${message}`, result());
        unknown.push(order);
        throw new SendOrdersError(`sending ${order.tag} failed after the request may have reached the broker, so its outcome is unknown: ${message}`, result());
      }
      (placed.status === 'rejected' ? rejected : sent).push(placed);
      try {
        await journal.record({ orderStates: [{ order: placed, sentAt: clock.now() }] });
      } catch (error) {
        throw new SendOrdersError(`${order.tag} was sent (broker id ${placed.brokerId}) but recording it failed: ${error instanceof Error ? error.message : String(error)}`, result());
      }
    }
  };
  await sendGroup(sells);
  if (sells.length > 0 && buys.length > 0) {
    let waited: Awaited<ReturnType<typeof watchingKillSwitch<BrokerOrder[]>>>;
    try {
      waited = await watchingKillSwitch(broker.awaitOrders(sent.map((o) => o.brokerId), options.sellWaitMs), readKillSwitch, options.haltPollMs ?? HALT_POLL_MS);
    } catch (error) {
      if (error instanceof SendOrdersError) throw error;
      throw new SendOrdersError(`waiting for the sells failed: ${error instanceof Error ? error.message : String(error)}`, result());
    }
    if ('halt' in waited) await stopIfHalted(waited.halt);
    else if (waited.value.length > 0) await journal.record({ orderStates: waited.value.map((order) => ({ order })) });
  }
  await sendGroup(buys);
  if (rejected.length > 0) {
    const reasons = rejected.map((o) => `${o.tag} ${o.side} ${o.quantity} ${o.symbol}: ${o.rejectReason ?? 'no reason given'}`).join('; ');
    throw new SendOrdersError(`the broker rejected ${rejected.length} order${rejected.length > 1 ? 's' : ''}: ${reasons}`, result());
  }
  return { sent, unknown, notSent: [] };
}

/**
 * Cancels the orders sent so far that may still be working and ends the batch. Their final
 * states (cancelled, or filled if a fill beat the cancel) are recorded by the cycle's
 * collect-fills step, which waits for them; recording 'cancelled' here could hide a fill.
 */
async function stopOnHalt(broker: Broker, killSwitch: KillSwitchReading, result: SendResult): Promise<never> {
  // The states as the broker has them now: a sell may have filled while the run waited.
  const working = (await latestStates(broker, result.sent)).filter((o) => !TERMINAL_ORDER_STATUSES.has(o.status));
  const failures: string[] = [];
  for (const order of working) {
    try {
      await broker.cancelOrder(order.brokerId);
    } catch (error) {
      // An order that filled between the look and the cancel needs no cancel.
      const [now] = await latestStates(broker, [order]);
      if (now && TERMINAL_ORDER_STATUSES.has(now.status)) continue;
      failures.push(`cancelling ${order.tag} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const parts = [
    `${killSwitch.reason ?? 'halted'} while the run was sending: stopped`,
    `sent before the halt: ${result.sent.length > 0 ? describeOrders(result.sent) : 'none'}`,
    `cancelled ${working.length} working order${working.length === 1 ? '' : 's'}${working.length > 0 ? ` (${working.map((o) => o.tag).join(', ')})` : ''}`,
    `not sent: ${result.notSent.length > 0 ? describeOrders(result.notSent) : 'none'}`,
  ];
  // A cancel that failed leaves an order working against the owner's halt: a person must act.
  if (failures.length > 0) throw new SendOrdersError([...parts, ...failures].join('; '), result);
  throw new HaltedMidRunError(parts.join('; '), result);
}

/** The broker's latest state of each order, without waiting; the states as placed when the broker cannot say. */
async function latestStates(broker: Broker, orders: readonly BrokerOrder[]): Promise<BrokerOrder[]> {
  if (orders.length === 0) return [];
  try {
    const states = await broker.awaitOrders(orders.map((o) => o.brokerId), 0);
    return orders.map((o) => states.find((s) => s.brokerId === o.brokerId) ?? o);
  } catch {
    return [...orders];
  }
}

/** Waits for `wait`, reading the kill switch every `pollMs` meanwhile; a halt ends the wait at once. */
async function watchingKillSwitch<T>(wait: Promise<T>, killSwitch: () => Promise<KillSwitchReading>, pollMs: number): Promise<{ value: T } | { halt: KillSwitchReading }> {
  let settled = false;
  let timer: NodeJS.Timeout | undefined;
  const waited = wait.then((value) => ({ value }));
  // The broker's wait is not abandoned with an unhandled rejection when a halt ends it first.
  waited.catch(() => undefined);
  const halted = new Promise<{ halt: KillSwitchReading }>((resolve, reject) => {
    const poll = (): void => {
      timer = setTimeout(() => {
        killSwitch().then((reading) => {
          if (settled) return;
          if (reading.halted) resolve({ halt: reading });
          else poll();
        }, reject);
      }, pollMs);
    };
    poll();
  });
  try {
    return await Promise.race([waited, halted]);
  } finally {
    settled = true;
    clearTimeout(timer);
  }
}
