import { EventName, type BarSizeSetting, type Contract, type WhatToShow } from '@stoqey/ib';
import type { Bar } from '../../domain/bar.js';
import type { IbSession } from './ib-session.js';
import { parseIbTime } from './ib-time.js';
import type { HistoricalPacer } from './historical-pacing.js';

export interface HistoryRequest {
  readonly contract: Contract;
  readonly symbol: string;
  /** "" for now, else "yyyymmdd-hh:mm:ss" in UTC. */
  readonly end: string;
  /** IB duration, e.g. "1 Y". */
  readonly duration: string;
  /** IB bar size, e.g. "1 day", "1 hour". */
  readonly barSize: string;
  readonly whatToShow: string;
  readonly useRth: boolean;
}

/** The start of a bar as IB writes it: "20240102" (daily, exchange date), epoch seconds, or a date-time. */
export function parseBarTime(text: string, gatewayZone: string): number | undefined {
  if (/^\d{8}$/.test(text)) return Date.UTC(Number(text.slice(0, 4)), Number(text.slice(4, 6)) - 1, Number(text.slice(6, 8)));
  if (/^\d{9,11}$/.test(text)) return Number(text) * 1000;
  return parseIbTime(text, gatewayZone);
}

/**
 * One reqHistoricalData request, paced by IB's historical rules. The answer has no end
 * event: @stoqey/ib marks the end with a row whose date starts with "finished".
 */
export async function fetchHistory(session: IbSession, pacer: HistoricalPacer, request: HistoryRequest, gatewayZone: string): Promise<Bar[]> {
  const key = `${request.contract.conId ?? request.symbol}|${request.end}|${request.duration}|${request.barSize}|${request.whatToShow}|${request.useRth}`;
  const release = await pacer.admit(key, String(request.contract.conId ?? request.symbol));
  try {
    const reqId = session.nextRequestId();
    return await session.request<Bar[]>({
      what: `historical bars of ${request.symbol}`,
      reqId,
      send: (ib) => ib.reqHistoricalData(reqId, request.contract, request.end, request.duration, request.barSize as BarSizeSetting, request.whatToShow as WhatToShow, request.useRth ? 1 : 0, 2, false),
      listen: (ib, done) => {
        const bars: Bar[] = [];
        const onRow = (id: number, date: string, open: number, high: number, low: number, close: number, volume: number) => {
          if (id !== reqId) return;
          if (date.startsWith('finished')) return done(bars.sort((a, b) => a.time - b.time));
          const time = parseBarTime(date, gatewayZone);
          if (time !== undefined && close > 0) bars.push({ time, open, high, low, close, volume: Math.max(0, Number(volume) || 0) });
        };
        ib.on(EventName.historicalData, onRow);
        return () => ib.off(EventName.historicalData, onRow);
      },
    });
  } finally {
    release();
  }
}
