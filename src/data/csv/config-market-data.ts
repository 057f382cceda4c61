import { findCalendar } from '../../calendar/get-calendar.js';
import type { ExchangeCalendar } from '../../calendar/session.js';
import type { LoadedConfig } from '../../config/load.js';
import { CsvMarketData } from './csv-market-data.js';

/** Each configured symbol's exchange calendar; undefined for an exchange without one (its bars are taken as stamped). */
export function calendarsOfInstruments(config: Pick<LoadedConfig, 'instruments'>): (symbol: string) => ExchangeCalendar | undefined {
  const exchanges = new Map(config.instruments.map((i) => [i.symbol, i.exchange]));
  return (symbol) => {
    const exchange = exchanges.get(symbol);
    return exchange === undefined ? undefined : findCalendar(exchange);
  };
}

/** The CSV folder of a config, each file read on its instrument's calendar. */
export function configCsvMarketData(config: Pick<LoadedConfig, 'instruments' | 'dataPath'>): CsvMarketData {
  return new CsvMarketData({ dir: config.dataPath, symbols: config.instruments.map((i) => i.symbol), calendarOf: calendarsOfInstruments(config) });
}
