import type { Position } from '../../domain/account.js';

// Quantities are lot multiples but may be fractional (FX, some funds); strip float noise so a
// position that is closed reads exactly zero.
function clean(quantity: number): number {
  // Whole quantities, by far the most common, have no noise to strip (and print the same at 12 digits).
  if (Number.isInteger(quantity) && Math.abs(quantity) < 1e12) return quantity;
  return Number(quantity.toPrecision(12));
}

/**
 * The position in `symbol` after a fill of `signedQuantity` (positive buys) at `price`. The
 * average cost moves only when the position grows; a reduction realises P&L in cash and keeps
 * the cost; a fill that crosses zero opens the remainder at the fill price. Undefined once flat.
 */
export function applyFill(symbol: string, position: Position | undefined, signedQuantity: number, price: number): Position | undefined {
  const held = position?.quantity ?? 0;
  const quantity = clean(held + signedQuantity);
  if (quantity === 0) return undefined;
  if (!position || held === 0 || Math.sign(held) === Math.sign(signedQuantity)) {
    const heldCost = position ? Math.abs(held) * position.avgCost : 0;
    return { symbol, quantity, avgCost: (heldCost + Math.abs(signedQuantity) * price) / Math.abs(quantity) };
  }
  if (Math.sign(quantity) === Math.sign(held)) return { symbol, quantity, avgCost: position.avgCost };
  return { symbol, quantity, avgCost: price };
}
