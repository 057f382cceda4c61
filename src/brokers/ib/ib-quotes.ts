import { EventName, type Contract } from '@stoqey/ib';
import { BrokerError } from '../broker.js';
import type { Quote } from '../../domain/bar.js';
import { ibBrokerError } from './ib-messages.js';
import type { IbSession } from './ib-session.js';

// Tick types (TWS API): live 1 bid, 2 ask, 4 last, 9 close, 45 last timestamp (a string, epoch
// seconds); delayed 66, 67, 68, 75, 88.
const BID = new Set([1, 66]);
const ASK = new Set([2, 67]);
const LAST = new Set([4, 68]);
const DELAYED_TICKS = new Set([66, 67, 68, 75]);
const LAST_TIMESTAMP = new Set([45, 88]);
// tickOptionComputation: 13 the model's greeks (IB's own volatility surface), 83 their delayed twin.
const MODEL_OPTION = new Set([13, 83]);
/** IB's delayed data lags by 15 to 20 minutes; the quote's time says so, for the stale-quote check. */
export const DELAYED_LAG_MS = 15 * 60_000;

export interface SnapshotQuote {
  readonly quote: Quote;
  /** True when IB answered with delayed data (no live subscription). */
  readonly delayed: boolean;
}

/**
 * The prices of one snapshot as a quote. With a bid and an ask, the quote is from now (less
 * the delay of delayed data). Without them, only a last trade price whose time IB sent (tick
 * 45 or 88) makes a quote, a price-only one stamped with that time: a last or close price with
 * no time may be days old, and stamped "now" it would pass every staleness check. Anything
 * else is no quote.
 */
export function quoteFromTicks(symbol: string, ticks: ReadonlyMap<number, number>, now: number, delayed: boolean, lastTradeTime?: number): Quote | undefined {
  const pick = (types: ReadonlySet<number>) => {
    for (const [type, price] of ticks) if (types.has(type) && price > 0) return price;
    return undefined;
  };
  const bid = pick(BID);
  const ask = pick(ASK);
  const last = pick(LAST);
  if (bid !== undefined && ask !== undefined && bid <= ask) return { symbol, bid, ask, last: last ?? (bid + ask) / 2, time: delayed ? now - DELAYED_LAG_MS : now };
  if (last !== undefined && lastTradeTime !== undefined && Number.isFinite(lastTradeTime)) return { symbol, bid: last, ask: last, last, time: lastTradeTime, priceOnly: 'last' };
  return undefined;
}

/** One snapshot (reqMktData with snapshot = true) for a qualified contract. */
export async function snapshotQuote(session: IbSession, contract: Contract, symbol: string, now: number, allowDelayed: boolean): Promise<SnapshotQuote> {
  const reqId = session.nextRequestId();
  const ticks = new Map<number, number>();
  let lastTradeTime: number | undefined;
  let dataType = 1;
  let greeks: { delta?: number; impliedVolatility?: number } = {};
  await session.request<void>({
    what: `quote of ${symbol}`,
    reqId,
    send: (ib) => ib.reqMktData(reqId, contract, '', true, false),
    listen: (ib, done) => {
      const onPrice = (id: number, type: number, price: number) => id === reqId && ticks.set(type, price);
      const onType = (id: number, type: number) => {
        if (id === reqId) dataType = type;
      };
      const onString = (id: number, type: number, value: string) => {
        if (id === reqId && LAST_TIMESTAMP.has(type) && /^\d+$/.test(value)) lastTradeTime = Number(value) * 1000;
      };
      // An option's snapshot also carries IB's model greeks; the risk gate takes the delta from them.
      const onGreeks = (id: number, type: number, _attrib: unknown, impliedVolatility?: number, delta?: number) => {
        if (id !== reqId || !MODEL_OPTION.has(type)) return;
        greeks = {
          ...(delta !== undefined && Number.isFinite(delta) && Math.abs(delta) <= 1 ? { delta } : {}),
          ...(impliedVolatility !== undefined && Number.isFinite(impliedVolatility) && impliedVolatility > 0 ? { impliedVolatility } : {}),
        };
      };
      const onEnd = (id: number) => id === reqId && done();
      ib.on(EventName.tickPrice, onPrice);
      ib.on(EventName.tickOptionComputation, onGreeks);
      ib.on(EventName.tickString, onString);
      ib.on(EventName.marketDataType, onType);
      ib.on(EventName.tickSnapshotEnd, onEnd);
      return () => {
        ib.off(EventName.tickPrice, onPrice);
        ib.off(EventName.tickOptionComputation, onGreeks);
        ib.off(EventName.tickString, onString);
        ib.off(EventName.marketDataType, onType);
        ib.off(EventName.tickSnapshotEnd, onEnd);
      };
    },
    onMessage: (message, fail) => {
      // 10167 "displaying delayed market data" only says which data follows.
      if (message.category === 'market-data-delayed' && allowDelayed) return;
      if (message.category === 'info') return;
      fail(ibBrokerError(message, `quote of ${symbol}`));
    },
  });
  const delayed = dataType === 3 || dataType === 4 || [...ticks.keys()].some((type) => DELAYED_TICKS.has(type));
  if (delayed && !allowDelayed) throw new BrokerError(`quote of ${symbol}: IB sent delayed data but broker.marketData is live`, 'operational', 'delayed');
  const quote = quoteFromTicks(symbol, ticks, now, delayed, lastTradeTime);
  if (!quote) {
    const why = ticks.size > 0 ? 'only a last or close price, with no bid/ask and no time it is from' : 'no bid/ask or last price';
    throw new BrokerError(`quote of ${symbol}: IB's snapshot held ${why}: refused as no quote (market closed, or no data permission)`, 'temporary', 'no-quote');
  }
  return { quote: { ...quote, ...greeks }, delayed };
}
