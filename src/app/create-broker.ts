import { PaperBroker } from '../brokers/paper/paper-broker.js';
import type { Broker } from '../brokers/broker.js';
import type { LoadedConfig } from '../config/load.js';
import type { MarketData } from '../data/market-data.js';
import type { Clock } from '../domain/clock.js';
import { checkPaperState, type PaperStateStore } from '../brokers/paper/paper-state.js';
import { SqliteDocuments } from '../store/sqlite-documents.js';
import { SqliteOrderIds } from '../store/sqlite-order-ids.js';
import type { Database } from '../store/sqlite.js';

/**
 * The broker adapter the config names. The IB adapter is loaded only when the config asks
 * for it: its client library takes longer to load than a paper run takes to finish.
 */
export async function createBroker(config: LoadedConfig, context: { db: Database; marketData: MarketData; clock: Clock }): Promise<Broker> {
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
      });
    case 'ib': {
      const { IbBroker } = await import('../brokers/ib/index.js');
      return new IbBroker({
        config: broker,
        instruments: config.instruments,
        clock: context.clock,
        orderIds: new SqliteOrderIds(context.db, config.account.id),
      });
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
