import { resolve, dirname } from 'node:path';
import { requireNotify, type LoadedConfig } from '../config/load.js';
import type { DataSourceConfig } from '../config/schema.js';
import { CsvFolderSource } from '../data/sources/csv-folder/csv-folder-source.js';
import type { MarketDataSource } from '../data/sources/market-data-source.js';
import { YahooChartSource } from '../data/sources/yahoo-chart/yahoo-chart-source.js';
import { fixedClock, wallClock } from '../domain/clock.js';
import { openSqlite } from '../store/sqlite.js';
import { accountPaths } from '../cycle/account-paths.js';
import { createBroker } from './create-broker.js';
import { configCsvMarketData } from '../data/csv/config-market-data.js';

/** A source and what to do when done with it (IB's is a connection to close). */
export interface OpenSource {
  readonly source: MarketDataSource;
  close(): Promise<void>;
}

/** The source a config names: "ib" (IB's historical bars through the configured IB broker) or a key of dataSources. */
export async function openDataSource(config: LoadedConfig, name: string): Promise<OpenSource> {
  if (name === 'ib') return openIbSource(config);
  const entry = (config.dataSources as Record<string, unknown>)[name] as DataSourceConfig | undefined;
  if (name === 'refresh' || entry === undefined) {
    const known = Object.keys(config.dataSources).filter((key) => key !== 'refresh');
    throw new Error(`${config.configFile}: no data source "${name}" under dataSources (known: ${[...known, ...(config.broker.kind === 'ib' ? ['ib'] : [])].join(', ') || 'none'})`);
  }
  return { source: webOrFolderSource(config, name, entry), close: async () => undefined };
}

function webOrFolderSource(config: LoadedConfig, name: string, entry: DataSourceConfig): MarketDataSource {
  switch (entry.kind) {
    case 'yahoo-chart':
      return new YahooChartSource({ name, baseUrl: entry.baseUrl, symbols: entry.symbols, timeoutMs: entry.timeoutSeconds * 1000 });
    case 'csv-folder':
      return new CsvFolderSource(name, resolve(dirname(config.configFile), entry.dir));
  }
}

async function openIbSource(config: LoadedConfig): Promise<OpenSource> {
  if (config.broker.kind !== 'ib') throw new Error(`${config.configFile}: --source ib reads IB's historical bars through the configured IB broker, and broker.kind is ${config.broker.kind}`);
  const { IbHistorySource } = await import('../data/sources/ib-history/ib-history-source.js');
  const { IbBroker } = await import('../brokers/ib/index.js');
  const db = await openSqlite(accountPaths(requireNotify(config)).database);
  try {
    const broker = await createBroker(config, { db, marketData: configCsvMarketData(config), clock: config.clock === 'wall' ? wallClock : fixedClock(Date.now()) });
    if (!(broker instanceof IbBroker)) throw new Error('--source ib needs broker.kind: ib');
    await broker.connect();
    return {
      source: new IbHistorySource(broker),
      close: async () => {
        try {
          await broker.disconnect();
        } finally {
          await db.destroy();
        }
      },
    };
  } catch (error) {
    await db.destroy();
    throw error;
  }
}
