import type { GatewayState } from './gateway-state.js';
import { msg, type StandInExecution, type StandInOrder } from './server-messages.js';
import type { Field } from './wire.js';

const TERMINAL = new Set(['Filled', 'Cancelled', 'Inactive']);

export function isTerminal(order: StandInOrder): boolean {
  return TERMINAL.has(order.status);
}

/** "20240102 09:30:05 US/Eastern", as TWS writes execution times. */
export function easternTime(epochMs: number): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone: 'America/New_York', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' })
      .formatToParts(new Date(epochMs))
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}${parts.month}${parts.day} ${parts.hour}:${parts.minute}:${parts.second} US/Eastern`;
}

/** Whether a limit order would trade against the stand-in's quote now. */
export function marketable(state: GatewayState, order: StandInOrder): boolean {
  const instrument = state.instruments.get(symbolKey(order));
  if (!instrument) return false;
  return order.action === 'BUY' ? order.lmtPrice >= instrument.ask : order.lmtPrice <= instrument.bid;
}

export function symbolKey(order: StandInOrder): string {
  return order.contract.secType === 'CASH' ? `${order.contract.symbol}${order.contract.currency}` : order.contract.symbol;
}

/**
 * Fills `quantity` of the order at the touch (the ask for a buy, the bid for a sell), moves
 * the account's cash and position, and tells the order's client as TWS does: execution,
 * status, open order, then the commission report.
 */
export function fill(state: GatewayState, order: StandInOrder, quantity: number, send: (fields: Field[]) => void): StandInExecution {
  const instrument = state.instruments.get(symbolKey(order))!;
  const price = order.action === 'BUY' ? instrument.ask : instrument.bid;
  const currency = order.contract.currency;
  const commission = Math.max(1, Math.round(0.005 * quantity * 100) / 100);
  const signed = order.action === 'BUY' ? quantity : -quantity;
  order.avgFillPrice = (order.avgFillPrice * order.filled + price * quantity) / (order.filled + quantity);
  order.filled += quantity;
  order.lastFillPrice = price;
  order.status = order.filled >= order.quantity ? 'Filled' : 'Submitted';
  if (order.status === 'Filled') order.completedTime = easternTime(Date.now());
  state.cash[currency] = Math.round(((state.cash[currency] ?? 0) - signed * price - commission) * 100) / 100;
  const key = symbolKey(order);
  // A conversion on IDEALPRO: buying USD.CAD gains USD in the cash balances, and IB lists it as
  // a CASH position besides (which the account's value does not count twice).
  if (order.contract.secType === 'CASH') state.cash[order.contract.symbol] = Math.round(((state.cash[order.contract.symbol] ?? 0) + signed) * 100) / 100;
  const held = state.positions.get(key) ?? { quantity: 0, avgCost: 0 };
  const quantityAfter = held.quantity + signed;
  const avgCost = signed > 0 && quantityAfter !== 0 ? (held.avgCost * held.quantity + price * signed) / quantityAfter : held.avgCost;
  state.positions.set(key, { quantity: quantityAfter, avgCost });
  const execution: StandInExecution = {
    execId: `0000e0d5.${String(state.nextExecId++).padStart(8, '0')}.01.01`,
    order,
    time: easternTime(Date.now()),
    side: order.action === 'BUY' ? 'BOT' : 'SLD',
    shares: quantity,
    price,
    cumQty: order.filled,
    avgPrice: order.avgFillPrice,
    commission,
    currency,
  };
  state.executions.push(execution);
  send(msg.execution(-1, execution));
  send(msg.orderStatus(order));
  send(msg.openOrder(order));
  send(msg.commissionReport(execution));
  return execution;
}

/** Cancels a working order; false when there is none to cancel. */
export function cancel(order: StandInOrder | undefined, send: (fields: Field[]) => void): boolean {
  if (!order || isTerminal(order)) return false;
  order.status = 'Cancelled';
  order.completedTime = easternTime(Date.now());
  send(msg.orderStatus(order));
  send(msg.error(order.orderId, 202, 'Order Canceled - reason:'));
  return true;
}
