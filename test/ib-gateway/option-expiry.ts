import type { GatewayState } from './gateway-state.js';
import { easternTime } from './order-matching.js';
import type { StandInContract, StandInOrder } from './server-messages.js';

/**
 * What IB does overnight after options on `underlying` expire on `expiry` (YYYYMMDD) with the
 * underlying at `spot`: an option in the money by a cent or more is exercised (held) or assigned
 * (written), so the option position goes and the underlying's moves by multiplier × quantity at
 * the strike, its cash with it; any other expires and its position goes. An exercise or an
 * assignment is reported as two executions under order id 0 with no orderRef (the option at 0,
 * the underlying at the strike), and no commission; an expiry as none. Returns the exercised options' keys.
 */
export function settleOptionExpiry(state: GatewayState, underlying: string, expiry: string, spot: number): string[] {
  const stock = state.instruments.get(underlying)!;
  const exercised: string[] = [];
  for (const [key, position] of [...state.positions]) {
    const contract = state.instruments.get(key)?.contract;
    if (contract?.secType !== 'OPT' || contract.symbol !== underlying || contract.lastTradeDateOrContractMonth !== expiry || position.quantity === 0) continue;
    state.positions.delete(key);
    const strike = contract.strike!;
    const intrinsic = contract.right === 'C' ? spot - strike : strike - spot;
    if (intrinsic < 0.01) continue;
    exercised.push(key);
    const delivered = (contract.right === 'C' ? 1 : -1) * position.quantity * (contract.multiplier ?? 100);
    state.cash[contract.currency] = Math.round(((state.cash[contract.currency] ?? 0) - delivered * strike) * 100) / 100;
    const held = state.positions.get(underlying) ?? { quantity: 0, avgCost: 0 };
    const after = held.quantity + delivered;
    if (after === 0) state.positions.delete(underlying);
    else state.positions.set(underlying, { quantity: after, avgCost: Math.sign(after) === Math.sign(held.quantity) && Math.abs(after) < Math.abs(held.quantity) ? held.avgCost : (held.avgCost * held.quantity + strike * delivered) / after });
    const time = easternTime(Date.now());
    const report = (what: StandInContract, side: 'BOT' | 'SLD', shares: number, price: number) => {
      const order: StandInOrder = { orderId: 0, clientId: 0, permId: 0, contract: what, action: side === 'BOT' ? 'BUY' : 'SELL', quantity: shares, lmtPrice: 0, tif: '', account: state.accounts[0]!, orderRef: '', algoStrategy: '', algoParams: [], status: 'Filled', filled: shares, avgFillPrice: price, lastFillPrice: price, completedTime: time };
      state.executions.push({ execId: `0000e0d5.${String(state.nextExecId++).padStart(8, '0')}.01.01`, order, time, side, shares, price, cumQty: shares, avgPrice: price, commission: 0, currency: what.currency });
    };
    report(contract, position.quantity > 0 ? 'SLD' : 'BOT', Math.abs(position.quantity), 0);
    report(stock.contract, delivered > 0 ? 'BOT' : 'SLD', Math.abs(delivered), strike);
  }
  return exercised;
}
