import type { AccountSnapshot } from '../domain/account.js';
import { signedQuantity, type OrderIntent } from '../domain/order.js';

/**
 * Signed quantity per symbol if every order filled in full: the account's positions plus
 * the orders. Full fills are the worst case for the caps the risk gate checks.
 */
export function postTradePositions(account: AccountSnapshot, orders: readonly OrderIntent[]): Map<string, number> {
  const quantities = new Map<string, number>();
  for (const position of account.positions) {
    quantities.set(position.symbol, (quantities.get(position.symbol) ?? 0) + position.quantity);
  }
  for (const order of orders) {
    quantities.set(order.symbol, (quantities.get(order.symbol) ?? 0) + signedQuantity(order.side, order.quantity));
  }
  return quantities;
}
