import { formatDate } from '../calendar/civil-date.js';
import { findCalendar } from '../calendar/get-calendar.js';
import { zonedDate } from '../calendar/zoned-time.js';
import type { Broker } from '../brokers/broker.js';
import type { LoadedConfig } from '../config/load.js';
import type { HistoryContext } from '../cycle/cycle-deps.js';
import type { MarketDataSource } from '../data/sources/market-data-source.js';
import type { Instrument } from '../domain/instrument.js';
import { openDataSource } from './open-data-source.js';

/**
 * What a live or paper run's history checks compare the bars with: each instrument's exchange
 * calendar (trading dates, sessions for the gap check), and the cross-check's second source (the
 * splits of the actions files come with the market data itself, in every mode). IB as the second source is the run's own broker
 * adapter, connected by the cycle before the strategy reads history.
 */
export async function historyContext(config: LoadedConfig, broker: Broker): Promise<HistoryContext> {
  const timeZoneOf = (instrument: Instrument) => findCalendar(instrument.exchange)?.timeZone ?? 'UTC';
  const check = config.dataChecks.crossCheck;
  let source: MarketDataSource | undefined;
  if (check?.source === 'ib') {
    const { IbBroker } = await import('../brokers/ib/index.js');
    const { IbHistorySource } = await import('../data/sources/ib-history/ib-history-source.js');
    if (!(broker instanceof IbBroker)) throw new Error(`${config.configFile}: dataChecks.crossCheck.source ib needs broker.kind: ib`);
    source = new IbHistorySource(broker);
  } else if (check) {
    source = (await openDataSource(config, check.source)).source;
  }
  return {
    dateOf: (instrument, time) => formatDate(zonedDate(time, timeZoneOf(instrument))),
    ...(config.dataChecks.sessionGaps
      ? {
          sessionsOf: (instrument: Instrument, from: number, to: number) => {
            const calendar = findCalendar(instrument.exchange);
            if (!calendar) return undefined;
            return calendar.sessions(formatDate(zonedDate(from, calendar.timeZone)), formatDate(zonedDate(to, calendar.timeZone)));
          },
        }
      : {}),
    ...(source && check ? { crossCheck: { source, tolerancePct: check.tolerancePct, dataName: config.marketData === 'broker' ? 'IB\'s bars' : `the data folder (${config.dataPath})`, timeZoneOf } } : {}),
  };
}
