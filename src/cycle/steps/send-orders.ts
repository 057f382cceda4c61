import { OrderNotTransmittedError, type Broker } from '../../brokers/broker.js';
import type { Instrument } from '../../domain/instrument.js';
import { TERMINAL_ORDER_STATUSES, type BrokerOrder, type OrderIntent } from '../../domain/order.js';
import { sleepOn, type Clock } from '../../domain/clock.js';
import type { Quote } from '../../domain/bar.js';
import type { RepriceConfig } from '../../config/schema.js';
import { workOrders, type WorkedOrder } from '../../execution/work-orders.js';
import { resizeBuysToFreedCash, type SellOutcome } from '../../execution/resize-buys.js';
import type { OrderVersion } from '../journal.js';
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
  readonly runId?: string;
  /** The mid quotes when the batch went out, by symbol: each placed order's arrival price. */
  readonly arrival?: ReadonlyMap<string, Quote>;
  /** Working orders of earlier runs amended to carry out plan orders: the ladder works them with the new ones. */
  readonly amended?: readonly { readonly intent: OrderIntent; readonly order: BrokerOrder }[];
  /** The execution policy; without it, or disabled, the orders are sent and left to work. */
  readonly reprice?: RepriceConfig;
  /** The risk gate's band, bps: the ladder never passes it. */
  readonly priceBandBps?: number;
  /** Value in the base currency, for sizing the buys to the cash the sells freed; without it the buys are not resized. */
  readonly toBase?: (amount: number, currency: string) => number;
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
  // FX conversions go last: they fund or hedge what the stock orders bought and sold. One pass
  // sorts the orders into the three groups, each keeping the plan's order.
  const fx: OrderIntent[] = [];
  const sells: OrderIntent[] = [];
  const buys: OrderIntent[] = [];
  for (const o of orders) {
    if (instruments.get(o.symbol)?.secType === 'CASH') fx.push(o);
    else if (o.side === 'SELL') sells.push(o);
    else if (o.side === 'BUY') buys.push(o);
  }
  // Fail closed: a kill switch that cannot be read stops the batch like a failed send.
  const readKillSwitch = async (): Promise<KillSwitchReading> => {
    try {
      return await options.killSwitch();
    } catch (error) {
      throw killSwitchFailed(error, result());
    }
  };
  const stopIfHalted = async (reading?: KillSwitchReading): Promise<void> => {
    const killSwitch = reading ?? (await readKillSwitch());
    if (killSwitch.halted) await stopOnHalt(broker, killSwitch, result());
  };
  const sendGroup = (group: readonly OrderIntent[]): Promise<void> => new GroupSend(group, { broker, journal, clock, instruments, options, sent, rejected, unknown, result }).done;
  const policy = options.reprice?.enabled ? options.reprice : undefined;
  if (policy) return sendWorking(broker, journal, clock, { sells, buys, fx, instruments, policy, options, sendGroup, sent, rejected, result, stopIfHalted });
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
  await sendGroup(fx);
  throwIfRejected(rejected, result);
  return { sent, unknown, notSent: [] };
}

interface GroupSendDeps {
  readonly broker: Broker;
  readonly journal: Journal;
  readonly clock: Clock;
  readonly instruments: ReadonlyMap<string, Instrument>;
  readonly options: SendOptions;
  readonly sent: BrokerOrder[];
  readonly rejected: BrokerOrder[];
  readonly unknown: OrderIntent[];
  readonly result: () => SendResult;
}

/**
 * Sends one group's orders one at a time: for each, the kill switch is read, the order placed,
 * and its state recorded before the next order's turn, so that the journal has every order the
 * broker may have before another goes out. Written as continuations made once per group rather
 * than an async loop: each await made a context and two closures to resume with, three times
 * per order; a `then` with handlers made once makes a reaction and a promise. Every handler
 * ends the group when it throws, as an exception ended the loop. A port's call may fail by
 * throwing before it returns its promise, or by rejecting it: both go to the same handler. The
 * call is made in place rather than through a function made for it, which was three closures
 * per order.
 */
class GroupSend {
  readonly done: Promise<void>;
  readonly #group: readonly OrderIntent[];
  readonly #deps: GroupSendDeps;
  #resolve: () => void = () => undefined;
  #reject: (error: unknown) => void = () => undefined;
  #next = 0;
  // The order whose turn it is, its instrument, and what the broker answered for it.
  #order: OrderIntent | undefined;
  #instrument: Instrument | undefined;
  #placed: BrokerOrder | undefined;

  constructor(group: readonly OrderIntent[], deps: GroupSendDeps) {
    this.#group = group;
    this.#deps = deps;
    this.done = new Promise<void>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
    this.#turn();
  }

  /** The next order's turn: its instrument, then a fresh reading of the kill switch. */
  readonly #turn = (): void => {
    try {
      if (this.#next >= this.#group.length) {
        this.#resolve();
        return;
      }
      const { instruments, options, result } = this.#deps;
      const order = this.#group[this.#next++]!;
      const instrument = instruments.get(order.symbol);
      if (!instrument) throw new SendOrdersError(`no instrument for ${order.symbol} in the config, so ${order.tag} was not sent`, result());
      this.#order = order;
      this.#instrument = instrument;
      this.#placed = undefined;
      thenOrFail(options, options.killSwitch, undefined, undefined, this.#read, this.#readFailed);
    } catch (error) {
      this.#reject(error);
    }
  };

  readonly #readFailed = (error: unknown): void => {
    this.#reject(killSwitchFailed(error, this.#deps.result()));
  };

  readonly #read = (killSwitch: KillSwitchReading): void => {
    try {
      const { broker, result } = this.#deps;
      if (killSwitch.halted) {
        stopOnHalt(broker, killSwitch, result()).catch(this.#reject);
        return;
      }
      faultPoint('send-order');
      thenOrFail(broker, broker.placeOrder, this.#order!, this.#instrument!, this.#placedNow, this.#placeFailed);
    } catch (error) {
      this.#reject(error);
    }
  };

  readonly #placeFailed = (error: unknown): void => {
    const order = this.#order!;
    const { unknown, result } = this.#deps;
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof OrderNotTransmittedError) {
      this.#reject(new SendOrdersError(`sending ${order.tag} failed before it reached the broker: ${message}`, result()));
      return;
    }
    unknown.push(order);
    this.#reject(new SendOrdersError(`sending ${order.tag} failed after the request may have reached the broker, so its outcome is unknown: ${message}`, result()));
  };

  readonly #placedNow = (placed: BrokerOrder): void => {
    try {
      const { journal, clock, options, sent, rejected } = this.#deps;
      const order = this.#order!;
      this.#placed = placed;
      (placed.status === 'rejected' ? rejected : sent).push(placed);
      // Written without object spreads: this runs for every order of every run.
      const orderStates = [{ order: placed, sentAt: clock.now() }];
      const changes = placed.status === 'rejected' || options.runId === undefined ? { orderStates } : { orderStates, orderVersions: [placedVersion(order, placed, options.runId, clock.now(), options.arrival?.get(order.symbol))] };
      thenOrFail(journal, journal.record, changes, undefined, this.#turn, this.#recordFailed);
    } catch (error) {
      this.#reject(error);
    }
  };

  readonly #recordFailed = (error: unknown): void => {
    this.#reject(new SendOrdersError(`${this.#order!.tag} was sent (broker id ${this.#placed!.brokerId}) but recording it failed: ${error instanceof Error ? error.message : String(error)}`, this.#deps.result()));
  };
}

/**
 * Calls `call` on `target` with `a` and `b`; its value goes to `onValue`, and a failure, whether
 * the call throws before it returns its promise or the promise rejects, to `onError`. The
 * callee and its arguments are passed rather than a closure over them: this runs three times
 * per order, and a closure each time was an object per call.
 */
function thenOrFail<S, A, B, T>(target: S, call: (this: S, a: A, b: B) => Promise<T>, a: A, b: B, onValue: (value: T) => void, onError: (error: unknown) => void): void {
  let promise: Promise<T>;
  try {
    promise = call.call(target, a, b);
  } catch (error) {
    onError(error);
    return;
  }
  promise.then(onValue, onError);
}

function killSwitchFailed(error: unknown, result: SendResult): SendOrdersError {
  return new SendOrdersError(`reading the kill switch failed, so sending stopped: ${error instanceof Error ? error.message : String(error)}`, result);
}

/** The first version of an order: the terms it was placed with, and the mid quote it arrived at. */
function placedVersion(order: OrderIntent, placed: BrokerOrder, runId: string, at: number, arrival: Quote | undefined): OrderVersion {
  // Two whole literals rather than a property added to one: an added property makes a second
  // store for the object's properties, at every order placed.
  return arrival
    ? {
        tag: placed.tag, brokerId: placed.brokerId, runId, intentTag: order.tag, symbol: order.symbol, side: order.side, at, reason: 'placed',
        quantity: order.quantity, limitPrice: order.limitPrice, filledQuantity: placed.filledQuantity, decisionPrice: order.referencePrice, arrivalPrice: (arrival.bid + arrival.ask) / 2,
      }
    : {
        tag: placed.tag, brokerId: placed.brokerId, runId, intentTag: order.tag, symbol: order.symbol, side: order.side, at, reason: 'placed',
        quantity: order.quantity, limitPrice: order.limitPrice, filledQuantity: placed.filledQuantity, decisionPrice: order.referencePrice,
      };
}

function throwIfRejected(rejected: readonly BrokerOrder[], result: () => SendResult): void {
  if (rejected.length === 0) return;
  const reasons = rejected.map((o) => `${o.tag} ${o.side} ${o.quantity} ${o.symbol}: ${o.rejectReason ?? 'no reason given'}`).join('; ');
  throw new SendOrdersError(`the broker rejected ${rejected.length} order${rejected.length > 1 ? 's' : ''}: ${reasons}`, result());
}

interface WorkingSend {
  readonly sells: readonly OrderIntent[];
  readonly buys: readonly OrderIntent[];
  readonly fx: readonly OrderIntent[];
  readonly instruments: ReadonlyMap<string, Instrument>;
  readonly policy: RepriceConfig;
  readonly options: SendOptions;
  readonly sendGroup: (group: readonly OrderIntent[]) => Promise<void>;
  readonly sent: BrokerOrder[];
  readonly rejected: BrokerOrder[];
  readonly result: () => SendResult;
  readonly stopIfHalted: () => Promise<void>;
}

/**
 * Sending under the execution policy: the sells (new, and working orders amended to carry
 * out the plan) are worked up the ladder first; the buys are then sized to the cash the sells
 * actually freed (an amended buy is amended down, a new one sent smaller) and worked the same
 * way. The ladder waits on the cycle's clock, so a backtest spends no real time in it.
 */
async function sendWorking(broker: Broker, journal: Journal, clock: Clock, w: WorkingSend): Promise<SendResult> {
  const { options, instruments, policy } = w;
  const deps = {
    broker,
    runId: options.runId ?? '',
    wait: (ms: number) => sleepOn(clock, ms),
    now: () => clock.now(),
    priceBandBps: options.priceBandBps ?? policy.maxPriceBps,
    record: async (versions: readonly OrderVersion[], states: readonly BrokerOrder[]) => {
      await journal.record({ orderVersions: versions, orderStates: states.map((order) => ({ order })) });
    },
    beforeStep: () => w.stopIfHalted(),
  };
  let amendedNow = [...(options.amended ?? [])];
  const isFx = (symbol: string): boolean => instruments.get(symbol)?.secType === 'CASH';
  const worked = (side: 'BUY' | 'SELL' | 'FX', intents: readonly OrderIntent[]): WorkedOrder[] => {
    const fresh = w.sent.filter((o) => intents.some((i) => i.tag === o.tag)).map((order) => ({ order, intent: intents.find((i) => i.tag === order.tag)! }));
    const amended = amendedNow.filter((a) => (side === 'FX' ? isFx(a.order.symbol) : a.order.side === side && !isFx(a.order.symbol)));
    return [...fresh, ...amended].flatMap(({ order, intent }) => {
      const instrument = instruments.get(order.symbol);
      // A combination is sent at its net limit and left to work: the ladder steps single instruments only.
      return instrument && instrument.secType !== 'BAG' && !TERMINAL_ORDER_STATUSES.has(order.status) ? [{ order, intent, instrument }] : [];
    });
  };
  await w.sendGroup(w.sells);
  const sellStates = await workOrders(worked('SELL', w.sells), policy, deps);
  let buys = w.buys;
  const amendedBuys = (options.amended ?? []).filter((a) => a.order.side === 'BUY' && !isFx(a.order.symbol));
  if (options.toBase && (buys.length > 0 || amendedBuys.length > 0)) {
    const sellOutcomes: SellOutcome[] = [...w.sells.map((intent) => ({ intent, filled: sellStates.find((s) => s.tag === intent.tag)?.filledQuantity ?? w.sent.find((s) => s.tag === intent.tag)?.filledQuantity ?? 0, alreadyFilled: 0 })),
      ...(options.amended ?? []).filter((a) => a.order.side === 'SELL' && !isFx(a.order.symbol)).map((a) => ({ intent: a.intent, filled: sellStates.find((s) => s.brokerId === a.order.brokerId)?.filledQuantity ?? a.order.filledQuantity, alreadyFilled: a.order.quantity - a.intent.quantity }))];
    const resized = resizeBuysToFreedCash({ sells: sellOutcomes, buys: [...buys, ...amendedBuys.map((a) => a.intent)], instruments, toBase: options.toBase });
    buys = buys.flatMap((intent) => resized.get(intent.tag) ?? []);
    for (const a of amendedBuys) {
      const smaller = resized.get(a.intent.tag);
      if (smaller && smaller.quantity === a.intent.quantity) continue;
      const instrument = instruments.get(a.order.symbol)!;
      // An order that finished meanwhile needs neither: the broker refuses, and the order stays as it ended.
      if (!smaller) {
        await broker.cancelOrder(a.order.brokerId).catch(() => undefined);
        amendedNow = amendedNow.filter((x) => x !== a);
        continue;
      }
      const quantity = a.order.quantity - a.intent.quantity + smaller.quantity;
      const now = await broker.modifyOrder(a.order, { quantity, limitPrice: a.order.limitPrice }, instrument).catch(() => undefined);
      if (!now) continue;
      amendedNow = amendedNow.map((x) => (x === a ? { intent: smaller, order: now } : x));
      await deps.record([{ tag: a.order.tag, brokerId: a.order.brokerId, runId: deps.runId, intentTag: a.intent.tag, symbol: a.order.symbol, side: 'BUY', at: clock.now(), reason: 'amended', quantity, limitPrice: a.order.limitPrice, filledQuantity: now.filledQuantity, decisionPrice: a.intent.referencePrice }], [now]);
    }
  }
  await w.sendGroup(buys);
  await workOrders(worked('BUY', buys), policy, deps);
  await w.sendGroup(w.fx);
  await workOrders(worked('FX', w.fx), policy, deps);
  throwIfRejected(w.rejected, w.result);
  return { sent: w.sent, unknown: [], notSent: [] };
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
