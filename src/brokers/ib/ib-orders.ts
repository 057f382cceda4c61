import { OrderAction, OrderType, SecType, type Contract, type Order } from '@stoqey/ib';
import { optionSymbol } from '../../domain/option.js';
import type { OrderIntent, OrderStatus } from '../../domain/order.js';

export type AdaptivePriority = 'Patient' | 'Normal' | 'Urgent';

/**
 * The IB order for an intent: a DAY limit order under IB's Adaptive algo (the limit caps the
 * price, the algo works inside it), tagged with the run tag in orderRef so that any later
 * run can recognise it, and transmitted at once. FX pairs on IDEALPRO do not take the
 * Adaptive algo and go as plain limits.
 */
export function adaptiveLimitOrder(intent: OrderIntent, contract: Contract, priority: AdaptivePriority, account: string): Order {
  if (contract.secType === SecType.CASH) return dayLimitOrder(intent, account);
  return { ...dayLimitOrder(intent, account), algoStrategy: 'Adaptive', algoParams: [{ tag: 'adaptivePriority', value: priority }] } as Order;
}

/** A DAY limit order tagged with the intent's tag and transmitted at once: the common part of every order autofolio sends. */
function dayLimitOrder(intent: OrderIntent, account: string): Order {
  return {
    action: intent.side === 'BUY' ? OrderAction.BUY : OrderAction.SELL,
    totalQuantity: intent.quantity,
    orderType: OrderType.LMT,
    // toPrecision removes binary noise (100.10000000000001) without moving the price off its tick.
    lmtPrice: Number(intent.limitPrice.toPrecision(12)),
    tif: 'DAY',
    orderRef: intent.tag,
    account,
    transmit: true,
  } as Order;
}

/**
 * The IB order for a combination: one DAY limit at the net price per combo unit (a debit is
 * positive when the combo is bought), tagged like any order. Without the Adaptive algo, which IB
 * does not offer for every combination, and without per-leg prices, which IB refuses for
 * guaranteed SMART combos.
 */
export function comboLimitOrder(intent: OrderIntent, account: string): Order {
  return dayLimitOrder(intent, account);
}

/** autofolio's status for IB's order status text and the quantity filled so far. */
export function orderStatusOf(ibStatus: string, filled: number): OrderStatus {
  switch (ibStatus) {
    case 'Filled':
      return 'filled';
    case 'Cancelled':
    case 'ApiCancelled':
      return 'cancelled';
    case 'Inactive':
      // IB parks an order it will not work (rejected by a check, or outside its hours) as Inactive.
      return 'rejected';
    default:
      return filled > 0 ? 'partially-filled' : 'submitted';
  }
}

/**
 * autofolio's symbol for an IB contract: USD.CAD is USDCAD, a stock keeps its symbol, an option
 * is `<underlying>-<YYYYMMDD>-<C|P>-<strike>`; a combination has none of its own (its orders are
 * named by their tag).
 */
export function symbolOf(contract: Contract): string {
  if (contract.secType === SecType.CASH) return `${contract.symbol ?? ''}${contract.currency ?? ''}`;
  if (contract.secType === SecType.BAG) return '';
  if (contract.secType === SecType.OPT) {
    const expiry = String(contract.lastTradeDateOrContractMonth ?? '');
    const right = String(contract.right ?? '').toUpperCase().startsWith('C') ? 'C' : 'P';
    return optionSymbol(contract.symbol ?? '', `${expiry.slice(0, 4)}-${expiry.slice(4, 6)}-${expiry.slice(6, 8)}`, right, Number(contract.strike ?? 0));
  }
  return contract.symbol ?? '';
}

/** IB's execution side (BOT / SLD) or order action as autofolio's side. */
export function sideOf(action: string | undefined): 'BUY' | 'SELL' {
  return action === 'SLD' || action === 'SELL' || action === 'SSHORT' ? 'SELL' : 'BUY';
}
