import { EventName } from '@stoqey/ib';
import type { Instrument } from '../../domain/instrument.js';
import type { OptionChain } from '../../domain/option-chain.js';
import { BrokerError } from '../broker.js';
import type { IbSession } from './ib-session.js';

interface ChainRow {
  readonly exchange: string;
  readonly tradingClass: string;
  readonly multiplier: number;
  readonly expirations: readonly string[];
  readonly strikes: readonly number[];
}

/**
 * The option chain of a stock from IB's security definition parameters (reqSecDefOptParams):
 * one request, answered with a row per exchange and trading class, unlike a contract-details
 * request for the whole chain, which IB paces hard and which can take minutes. The SMART row
 * of the underlying's own trading class is taken; expiries come as YYYYMMDD.
 */
export async function readOptionChain(session: IbSession, underlying: Instrument, underlyingConId: number): Promise<OptionChain> {
  const reqId = session.nextRequestId();
  const rows = await session.request<ChainRow[]>({
    what: `option chain of ${underlying.symbol}`,
    reqId,
    send: (ib) => ib.reqSecDefOptParams(reqId, underlying.symbol, '', 'STK', underlyingConId),
    listen: (ib, done) => {
      const collected: ChainRow[] = [];
      const onRow = (id: number, exchange: string, _conId: number, tradingClass: string, multiplier: string, expirations: string[], strikes: number[]) => {
        if (id === reqId) collected.push({ exchange, tradingClass, multiplier: Number(multiplier), expirations, strikes });
      };
      const onEnd = (id: number) => id === reqId && done(collected);
      ib.on(EventName.securityDefinitionOptionParameter, onRow);
      ib.on(EventName.securityDefinitionOptionParameterEnd, onEnd);
      return () => {
        ib.off(EventName.securityDefinitionOptionParameter, onRow);
        ib.off(EventName.securityDefinitionOptionParameterEnd, onEnd);
      };
    },
  });
  const smart = rows.filter((row) => row.exchange === 'SMART');
  const row = smart.find((r) => r.tradingClass === underlying.symbol) ?? smart[0];
  if (!row) throw new BrokerError(`IB lists no SMART-routed options on ${underlying.symbol} (exchanges: ${rows.map((r) => r.exchange).join(', ') || 'none'})`, 'operational', 'no-options');
  const expiries = [...new Set(row.expirations)].filter((e) => /^\d{8}$/.test(e)).map((e) => `${e.slice(0, 4)}-${e.slice(4, 6)}-${e.slice(6, 8)}`).sort();
  const strikes = [...new Set(row.strikes)].filter((k) => k > 0).sort((a, b) => a - b);
  return { underlying: underlying.symbol, expiries, strikes, multiplier: row.multiplier > 0 ? row.multiplier : 100 };
}
