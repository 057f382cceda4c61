import { optionContract, optionKey, type GatewayState, type StandInInstrument } from './gateway-state.js';
import { easternTime } from './order-matching.js';
import { msg, type StandInContract, type StandInExecution, type StandInOrder } from './server-messages.js';
import type { Field } from './wire.js';

/**
 * The option contract a REQ_CONTRACT_DATA for OPT names, when the underlying's chain lists its
 * expiry and strike: registered among the instruments (quoted by state.optionQuote around the
 * underlying's mid) under a conId of its own, the same one every time it is asked for.
 */
export function optionInstrument(state: GatewayState, symbol: string, currency: string, expiry: string, right: string, strike: number): StandInInstrument | undefined {
  const chain = state.optionChains.get(symbol);
  if (!chain || !chain.expirations.includes(expiry) || !chain.strikes.includes(strike) || (right !== 'C' && right !== 'P')) return undefined;
  const key = optionKey(symbol, expiry, right, strike);
  const known = state.instruments.get(key);
  if (known) return known;
  const underlying = state.instruments.get(symbol)!;
  const spot = (underlying.bid + underlying.ask) / 2;
  const quote = state.optionQuote(right, strike, spot);
  const greeks = state.optionGreeks?.(right, strike, spot);
  const made: StandInInstrument = { contract: optionContract(state.nextConId++, symbol, currency, expiry, right, strike), bid: quote.bid, ask: quote.ask, last: (quote.bid + quote.ask) / 2, liveData: true, fill: 'full', bars: [], ...(greeks ? { greeks } : {}) };
  state.instruments.set(key, made);
  return made;
}

export function instrumentByConId(state: GatewayState, conId: number): StandInInstrument | undefined {
  return [...state.instruments.values()].find((i) => i.contract.conId === conId);
}

/** The net quote of one combo unit bought: bought legs at the ask less sold legs at the bid, and the other way. */
export function comboQuote(state: GatewayState, order: StandInOrder): { bid: number; ask: number } | undefined {
  let bid = 0;
  let ask = 0;
  for (const leg of order.legs ?? []) {
    const instrument = instrumentByConId(state, leg.conId);
    if (!instrument) return undefined;
    const sign = leg.action === 'BUY' ? 1 : -1;
    bid += sign * leg.ratio * (sign > 0 ? instrument.bid : instrument.ask);
    ask += sign * leg.ratio * (sign > 0 ? instrument.ask : instrument.bid);
  }
  return { bid: Math.round(bid * 100) / 100, ask: Math.round(ask * 100) / 100 };
}

export function comboMarketable(state: GatewayState, order: StandInOrder): boolean {
  const quote = comboQuote(state, order);
  if (!quote) return false;
  return order.action === 'BUY' ? order.lmtPrice >= quote.ask : order.lmtPrice <= quote.bid;
}

/**
 * Fills a whole combination as IB reports one: an execution per leg (the leg's OPT contract,
 * shares = combo quantity × ratio, at the leg's touch), then one for the BAG itself at the net
 * price, all under the order's id and orderRef; then the order's status and commission reports.
 */
export function fillCombo(state: GatewayState, order: StandInOrder, send: (fields: Field[]) => void): StandInExecution[] {
  const quantity = order.quantity - order.filled;
  const executions: StandInExecution[] = [];
  const time = easternTime(Date.now());
  let net = 0;
  for (const leg of order.legs ?? []) {
    const instrument = instrumentByConId(state, leg.conId)!;
    const buys = (leg.action === 'BUY') === (order.action === 'BUY');
    const price = buys ? instrument.ask : instrument.bid;
    const shares = quantity * leg.ratio;
    net += (buys ? 1 : -1) * leg.ratio * price;
    const multiplier = instrument.contract.multiplier ?? 1;
    const currency = instrument.contract.currency;
    const commission = Math.round(Math.max(1, 0.65 * shares) * 100) / 100;
    state.cash[currency] = Math.round(((state.cash[currency] ?? 0) - (buys ? 1 : -1) * shares * price * multiplier - commission) * 100) / 100;
    const key = instrument.contract.localSymbol;
    const held = state.positions.get(key) ?? { quantity: 0, avgCost: 0 };
    const after = held.quantity + (buys ? shares : -shares);
    // IB reports an option position's average cost per contract: premium × multiplier.
    state.positions.set(key, { quantity: after, avgCost: after === 0 ? 0 : buys ? (held.avgCost * held.quantity + price * multiplier * shares) / after : held.avgCost });
    executions.push(execution(state, order, instrument.contract, buys ? 'BOT' : 'SLD', shares, price, commission, time));
  }
  order.filled += quantity;
  order.avgFillPrice = Math.round(net * 100) / 100;
  order.lastFillPrice = order.avgFillPrice;
  order.status = 'Filled';
  order.completedTime = time;
  executions.push(execution(state, order, order.contract, order.action === 'BUY' ? 'BOT' : 'SLD', quantity, order.avgFillPrice, 0, time));
  for (const e of executions) {
    state.executions.push(e);
    send(msg.execution(-1, e));
  }
  send(msg.orderStatus(order));
  send(msg.openOrder(order));
  for (const e of executions) send(msg.commissionReport(e));
  return executions;
}

function execution(state: GatewayState, order: StandInOrder, contract: StandInContract, side: 'BOT' | 'SLD', shares: number, price: number, commission: number, time: string): StandInExecution {
  return { execId: `0000e0d5.${String(state.nextExecId++).padStart(8, '0')}.01.01`, order, contract, time, side, shares, price, cumQty: shares, avgPrice: price, commission, currency: contract.currency };
}
