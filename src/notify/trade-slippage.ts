import { slippageBps as fillSlippageBps } from '../analytics/slippage.js';
import type { Side } from '../domain/order.js';

/**
 * Slippage of a fill against the order's reference (decision) price, in basis points of the
 * reference, signed so that a positive number is a cost: a buy above or a sell below it.
 * NaN when there is no usable reference.
 */
export function slippageBps(side: Side, price: number, referencePrice: number | undefined): number {
  // The one definition is analytics'; the digest's tables want NaN where it says undefined.
  return fillSlippageBps({ side, price }, referencePrice) ?? Number.NaN;
}

/** What the slippage cost in the fill's currency (positive = paid), for quantity × |price − reference|. */
export function slippageCost(side: Side, price: number, referencePrice: number | undefined, quantity: number, multiplier = 1): number {
  if (referencePrice === undefined || !(referencePrice > 0)) return Number.NaN;
  const sign = side === 'BUY' ? 1 : -1;
  return sign * (price - referencePrice) * quantity * multiplier;
}
