import type { RiskCheck } from '../risk-types.js';

export const MAX_ORDERS = 'max-orders';

/** A plan with more orders than the cap is a sign of a broken forecast or planner. */
export const maxOrdersCheck: RiskCheck = (input) =>
  input.orders.length > input.limits.maxOrders
    ? [{ check: MAX_ORDERS, message: `${input.orders.length} orders exceed the cap of ${input.limits.maxOrders} per run` }]
    : [];
