import { PaperBroker } from '../brokers/paper/paper-broker.js';
import type { Broker } from '../brokers/broker.js';
import type { LoadedConfig } from '../config/load.js';
import type { MarketData } from '../data/market-data.js';
import type { Bar } from '../domain/bar.js';
import type { Clock } from '../domain/clock.js';
import { checkPaperState, type PaperStateStore } from '../brokers/paper/paper-state.js';
import { processLogger } from '../log/process-logger.js';
import { SqliteDocuments } from '../store/sqlite-documents.js';
import { SqliteOrderIds } from '../store/sqlite-order-ids.js';
import type { Database } from '../store/sqlite.js';
import { SqliteIbContracts } from '../store/sqlite-ib-contracts.js';
import type { IbBrokerOptions } from '../brokers/ib/ib-broker.js';

/** How the IB adapter paces its messages, where a caller sets it: tests shrink the window of both ends, the stand-in's and the adapter's. */
export type IbPacing = Partial<Pick<IbBrokerOptions, 'limiter' | 'libraryMaxPerSecond'>>;

/**
 * The broker adapter the config names. The IB and Alpaca adapters are loaded only when the
 * config asks for them: IB's client library takes longer to load than a paper run takes to finish.
 */
export async function createBroker(config: LoadedConfig, context: { db: Database; marketData: MarketData; clock: Clock; ibPacing?: IbPacing }): Promise<Broker> {
  const broker = config.broker;
  switch (broker.kind) {
    case 'paper':
      return new PaperBroker({
        config: broker,
        accountId: config.account.id,
        baseCurrency: config.account.baseCurrency,
        instruments: config.instruments,
        marketData: context.marketData,
        clock: context.clock,
        state: paperStateIn(new SqliteDocuments(context.db, config.account.id)),
        ...(config.options ? { optionModel: config.options.model } : {}),
      });
    case 'ib': {
      const { IbBroker, checkGatewayStatus } = await import('../brokers/ib/index.js');
      const documents = new SqliteDocuments(context.db, config.account.id);
      const log = processLogger();
      return new IbBroker({
        config: broker,
        instruments: config.instruments,
        clock: context.clock,
        orderIds: new SqliteOrderIds(context.db, config.account.id),
        contracts: new SqliteIbContracts(context.db, config.account.id),
        gatewayStatus: {
          load: async () => checkGatewayStatus(await documents.load('ib:gateway-status')),
          save: (status) => documents.save('ib:gateway-status', status),
        },
        log: (line) => log.info(line),
        ...context.ibPacing,
      });
    }
    case 'alpaca': {
      const { AlpacaBroker } = await import('../brokers/alpaca/index.js');
      return new AlpacaBroker({ config: broker, instruments: config.instruments, clock: context.clock });
    }
  }
}

function paperStateIn(documents: SqliteDocuments): PaperStateStore {
  return {
    load: async () => {
      const stored = await documents.load('paper-account');
      return stored === undefined ? undefined : checkPaperState(stored);
    },
    save: (state) => documents.save('paper-account', state),
  };
}

/**
 * History from the broker itself (`marketData: broker`), for accounts that keep no data
 * files: IB's historical bars, cached in the account's database so that the hourly runs of a
 * day ask IB at most once an hour per instrument.
 */
export async function brokerMarketData(broker: Broker, config: LoadedConfig, db: Database, clock: Clock): Promise<MarketData> {
  const { IbBroker, IbMarketData } = await import('../brokers/ib/index.js');
  if (!(broker instanceof IbBroker)) throw new Error('marketData: broker needs broker.kind: ib');
  const documents = new SqliteDocuments(db, config.account.id);
  return new IbMarketData(broker, config.instruments, {
    now: () => clock.now(),
    store: {
      load: async (key) => (await documents.load(`bars:${key}`)) as { fetchedAt: number; bars: Bar[] } | undefined,
      save: (key, entry) => documents.save(`bars:${key}`, entry),
    },
  });
}
