import { dirname } from 'node:path';
import type { Broker } from '../brokers/broker.js';
import { GuardedBroker } from '../brokers/guarded-broker.js';
import { getCalendar } from '../calendar/get-calendar.js';
import { requireNotify, type LoadedConfig } from '../config/load.js';
import { accountPaths, type AccountPaths } from '../cycle/account-paths.js';
import type { CycleDeps } from '../cycle/cycle-deps.js';
import { tradableInstruments } from '../cycle/instruments.js';
import type { CsvMarketData } from '../data/csv/csv-market-data.js';
import { configCsvMarketData } from '../data/csv/config-market-data.js';
import { fixedClock, wallClock, type Clock } from '../domain/clock.js';
import { createNotifier } from '../notify/create-notifier.js';
import type { QueuedNotifier } from '../notify/queued-notifier.js';
import { createStrategy } from '../strategy/create-strategy.js';
import { LedgerBook } from '../ledger/ledger-book.js';
import { termsWithOptions } from '../options/option-map.js';
import { processLogger } from '../log/process-logger.js';
import { SqliteOutbox } from '../store/sqlite-outbox.js';
import { SqliteJournal } from '../store/sqlite-journal.js';
import { folderFiles, folderProjection } from '../store/folder-files.js';
import { openSqlite, type Database } from '../store/sqlite.js';
import { brokerMarketData, createBroker, type IbPacing } from './create-broker.js';
import { completedSessionOpen, latestSessionStartedBy } from './latest-session.js';
import { historyContext } from './history-context.js';

export interface OpenAccount {
  readonly deps: CycleDeps;
  readonly paths: AccountPaths;
  readonly db: Database;
  /** The notifier behind deps.notifier: `notify.deliver()` sends what the outbox holds (daemon ticks, `autofolio notify`). */
  readonly notify: QueuedNotifier;
  close(): Promise<void>;
}

/**
 * The composition root: turns a config into the adapters the cycle runs on. Nothing
 * connects here; the broker connects in the cycle's first step.
 */
export interface OpenAccountOptions {
  readonly clock?: Clock;
  /** Replaces the configured broker adapter (tests wrap the paper broker with faults). */
  readonly broker?: (configured: Broker) => Broker;
  /** The IB adapter's pacing, where not the config's rate per second (tests run IB's rates on a shorter window). */
  readonly ibPacing?: IbPacing;
}

export async function openAccount(loaded: LoadedConfig, options: OpenAccountOptions = {}): Promise<OpenAccount> {
  const config = requireNotify(loaded);
  const paths = accountPaths(config);
  const files = configCsvMarketData(config);
  const clock = options.clock ?? (await configuredClock(config, files));
  const db = await openSqlite(paths.database);
  const journal = new SqliteJournal(db, config.account.id, [folderProjection(paths)]);
  const configured = await createBroker(config, { db, marketData: files, clock, ...(options.ibPacing ? { ibPacing: options.ibPacing } : {}) });
  const marketData = config.marketData === 'broker' ? await brokerMarketData(configured, config, db, clock) : files;
  const broker = new GuardedBroker(options.broker ? options.broker(configured) : configured, config.execution.brokerTimeoutSeconds * 1000);
  const notify = createNotifier(config.notify, { outbox: new SqliteOutbox(db, config.account.id), emlDir: paths.outbox, configDir: dirname(config.configFile), clock: () => clock.now() });
  const mainExchange = getCalendar(tradableInstruments(config)[0]?.exchange ?? 'XNYS');
  const deps: CycleDeps = {
    config,
    files: folderFiles(paths),
    clock,
    broker,
    marketData,
    strategy: createStrategy(config.strategy),
    journal,
    ledger: new LedgerBook(journal, termsWithOptions(config.instruments)),
    notifier: notify,
    isMarketOpen: (instrument, time) => getCalendar(instrument.exchange).isOpen(time),
    timeZone: mainExchange.timeZone,
    sessionAt: (time) => latestSessionStartedBy(mainExchange, time),
    completedSessionOpen: (instrument, time, back) => completedSessionOpen(getCalendar(instrument.exchange), time, back),
    historyContext: await historyContext(config, configured),
    log: processLogger(),
  };
  return { deps, paths, db, notify, close: () => db.destroy() };
}

/** "data": now is the newest bar's time, so paper trading on files works at any hour. */
async function configuredClock(config: LoadedConfig, marketData: CsvMarketData): Promise<Clock> {
  if (config.clock === 'wall') return wallClock;
  const newest = await marketData.latestBarTime();
  if (newest === undefined) throw new Error(`clock: data needs market data, but ${config.dataPath} has no bars`);
  return fixedClock(newest);
}
