import type { OrderIntent } from '../../domain/order.js';
import type { RiskCheck, RiskReason } from '../risk-types.js';

export const ORDER_SHAPE = 'order-shape';

/**
 * Each order must be something a broker can take and that a rerun can recognise: a positive
 * finite quantity and limit, a known side, and a tag no other order of the plan shares
 * (duplicate tags would defeat the rule that a rerun never sends an order twice).
 */
export const orderShapeCheck: RiskCheck = (input) => {
  const reasons: RiskReason[] = [];
  // One Set of every tag tells whether any repeats; only then are they walked again, order by
  // order, to name each repeat in its place. A plan of distinct tags adds each once.
  const distinct = new Set<string>();
  // Indexed loops: the gate runs once per run, too seldom to be optimised, where for…of makes an iterator result per order.
  const { orders } = input;
  for (let i = 0; i < orders.length; i++) distinct.add(orders[i]!.tag);
  const tags = distinct.size < orders.length ? new Set<string>() : undefined;
  // One function for the plan, not one per order: a backtest gates hundreds of orders per run.
  const fail = (order: OrderIntent, message: string): void => void reasons.push({ check: ORDER_SHAPE, message, symbol: order.symbol });
  for (let i = 0; i < orders.length; i++) {
    const order = orders[i]!;
    if (!(order.quantity > 0) || !Number.isFinite(order.quantity)) fail(order, `${order.symbol}: quantity ${order.quantity} is not a positive number`);
    if (!(order.limitPrice > 0) || !Number.isFinite(order.limitPrice)) fail(order, `${order.symbol}: limit price ${order.limitPrice} is not a positive number`);
    if (order.side !== 'BUY' && order.side !== 'SELL') fail(order, `${order.symbol}: unknown side ${String(order.side)}`);
    if (tags) {
      if (tags.has(order.tag)) fail(order, `${order.symbol}: tag ${order.tag} is used by another order of this plan`);
      tags.add(order.tag);
    }
  }
  return reasons;
};
