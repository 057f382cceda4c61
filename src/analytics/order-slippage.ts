import type { OrderVersion, OrderVersionReason } from '../cycle/journal.js';
import { fillOrigin, type Fill, type Side } from '../domain/order.js';
import { slippageBps, valueWeightedBps } from './slippage.js';
import { byCodeUnits } from '../domain/code-unit-order.js';

/** What one version of an order (a re-price step) filled, and at what cost. */
export interface OrderStepSlippage {
  readonly reason: OrderVersionReason;
  readonly at: number;
  readonly runId: string;
  readonly limitPrice: number;
  /** The decision price of the plan this version carried out. */
  readonly decisionPrice: number;
  /** The mid quote when this version was sent; undefined when none was recorded. */
  readonly arrivalPrice: number | undefined;
  /** Filled while this version was in force. */
  readonly filledQuantity: number;
  readonly averagePrice: number | undefined;
  readonly vsDecisionBps: number | undefined;
  readonly vsArrivalBps: number | undefined;
}

/**
 * The slippage of one order at the broker (one tag): every fill it got, through every version
 * of its terms, against the decision and arrival prices of its first version. That is what
 * the whole wait cost, re-price steps and later runs' amendments included; each step's own
 * figures are in `steps`.
 */
export interface OrderSlippage {
  readonly tag: string;
  readonly symbol: string;
  readonly side: Side;
  readonly currency: string;
  readonly firstFillAt: number;
  readonly lastFillAt: number;
  readonly fills: number;
  readonly filledQuantity: number;
  readonly averagePrice: number;
  /** |filled quantity × average price × multiplier| in the base currency: the order's weight in a total. */
  readonly valueBase: number;
  readonly decisionPrice: number | undefined;
  readonly arrivalPrice: number | undefined;
  readonly vsDecisionBps: number | undefined;
  readonly vsArrivalBps: number | undefined;
  /** The versions after the first: amendments by later runs and steps of the re-price ladder. */
  readonly repriceSteps: number;
  /** One per version, oldest first; empty for an order sent before versions were recorded. */
  readonly steps: readonly OrderStepSlippage[];
}

export interface OrderSlippageInput {
  /** The orders' versions, oldest first (Journal.orderVersions). */
  readonly versions: readonly OrderVersion[];
  /** The orders' fills; fills of other tags may be among them, external ones are left out. */
  readonly fills: readonly Fill[];
  /** For orders without versions (sent before they were recorded): the planned reference price by tag. */
  readonly referencePrices?: ReadonlyMap<string, number>;
  /** For orders without versions: the mid quote read just before the order was sent, by tag. */
  readonly sentMids?: ReadonlyMap<string, number>;
  /** The value of a fill in the base currency; |quantity × price| without it. */
  readonly valueBase?: (fill: Fill) => number;
}

/**
 * Per-order slippage, one entry per tag with at least one fill, by first fill time. An order
 * without a benchmark price has undefined figures there (never 0), so that it neither looks
 * free nor moves a total.
 */
export function orderSlippages(input: OrderSlippageInput): OrderSlippage[] {
  const valueOf = input.valueBase ?? ((f: Fill) => Math.abs(f.quantity * f.price));
  const versionsByTag = groupBy(input.versions, (v) => v.tag);
  const fillsByTag = groupBy(
    input.fills.filter((f) => fillOrigin(f.execId) !== 'external'),
    (f) => f.tag,
  );
  const orders: OrderSlippage[] = [];
  for (const [tag, unsorted] of fillsByTag) {
    const fills = [...unsorted].sort(byTime);
    const versions = [...(versionsByTag.get(tag) ?? [])].sort((a, b) => a.at - b.at);
    const first = versions[0];
    const side = fills[0]!.side;
    const quantity = sum(fills.map((f) => f.quantity));
    const averagePrice = sum(fills.map((f) => f.quantity * f.price)) / quantity;
    const decisionPrice = first ? first.decisionPrice : input.referencePrices?.get(tag);
    const arrivalPrice = first ? first.arrivalPrice : input.sentMids?.get(tag);
    orders.push({
      tag,
      symbol: fills[0]!.symbol,
      side,
      currency: fills[0]!.currency,
      firstFillAt: fills[0]!.time,
      lastFillAt: fills[fills.length - 1]!.time,
      fills: fills.length,
      filledQuantity: quantity,
      averagePrice,
      valueBase: sum(fills.map(valueOf)),
      decisionPrice,
      arrivalPrice,
      vsDecisionBps: slippageBps({ side, price: averagePrice }, decisionPrice),
      vsArrivalBps: slippageBps({ side, price: averagePrice }, arrivalPrice),
      repriceSteps: Math.max(0, versions.length - 1),
      steps: stepsOf(versions, fills, side),
    });
  }
  return orders.sort((a, b) => a.firstFillAt - b.firstFillAt || byCodeUnits(a.tag, b.tag));
}

/** The value-weighted mean of the orders' slippage against one benchmark; undefined when no order has it. */
export function totalOrderSlippageBps(orders: readonly OrderSlippage[], against: 'vsDecisionBps' | 'vsArrivalBps'): number | undefined {
  return valueWeightedBps(orders.map((o) => ({ valueBase: o.valueBase, bps: o[against] })));
}

/**
 * Each fill goes to the version in force when it happened: the latest one that took effect at
 * or before the fill's time, or whose recorded filled quantity the order had already reached
 * before the fill. The time alone would do if the clocks agreed to the millisecond, but the
 * broker stamps executions (IB to the second) and the journal stamps versions: the quantity
 * puts a fill after an amendment whose time the broker's clock rounded away. A fill at the very
 * moment of an amendment is that amendment's: the paper broker fills a marketable one at once.
 */
function stepsOf(versions: readonly OrderVersion[], fills: readonly Fill[], side: Side): OrderStepSlippage[] {
  if (versions.length === 0) return [];
  const byStep = versions.map((): Fill[] => []);
  let filledBefore = 0;
  for (const fill of fills) {
    let step = 0;
    for (let i = 1; i < versions.length; i++) {
      if (fill.time >= versions[i]!.at || filledBefore >= versions[i]!.filledQuantity) step = i;
    }
    byStep[step]!.push(fill);
    filledBefore += fill.quantity;
  }
  return versions.map((v, i) => {
    const stepFills = byStep[i]!;
    const quantity = sum(stepFills.map((f) => f.quantity));
    const averagePrice = quantity > 0 ? sum(stepFills.map((f) => f.quantity * f.price)) / quantity : undefined;
    const price = averagePrice === undefined ? undefined : { side, price: averagePrice };
    return {
      reason: v.reason,
      at: v.at,
      runId: v.runId,
      limitPrice: v.limitPrice,
      decisionPrice: v.decisionPrice,
      arrivalPrice: v.arrivalPrice,
      filledQuantity: quantity,
      averagePrice,
      vsDecisionBps: price && slippageBps(price, v.decisionPrice),
      vsArrivalBps: price && slippageBps(price, v.arrivalPrice),
    };
  });
}

function byTime(a: Fill, b: Fill): number {
  return a.time - b.time || byCodeUnits(a.execId, b.execId);
}

function sum(values: readonly number[]): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    let group = groups.get(k);
    if (!group) groups.set(k, (group = []));
    group.push(item);
  }
  return groups;
}
