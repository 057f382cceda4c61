import { AdjustedMarketData } from '../data/adjusted-market-data.js';
import { dirname } from 'node:path';
import type { Broker } from '../brokers/broker.js';
import { GuardedBroker } from '../brokers/guarded-broker.js';
import { getCalendar } from '../calendar/get-calendar.js';
import type { LoadedConfig } from '../config/load.js';
import type { AccountPaths } from '../cycle/account-paths.js';
import type { CycleDeps } from '../cycle/cycle-deps.js';
import { tradableInstruments } from '../cycle/instruments.js';
import type { Clock } from '../domain/clock.js';
import { createNotifier } from '../notify/create-notifier.js';
import type { QueuedNotifier } from '../notify/queued-notifier.js';
import { createStrategy } from '../strategy/create-strategy.js';
import { LedgerBook } from '../ledger/ledger-book.js';
import { optionExpiryTimes, termsWithOptions } from '../options/option-map.js';
import { processLogger } from '../log/process-logger.js';
import { SqliteOutbox } from '../store/sqlite-outbox.js';
import type { Database } from '../store/sqlite.js';
import { brokerMarketData, createBroker, type IbPacing } from './create-broker.js';
import { completedSessionOpen, latestSessionStartedBy } from './latest-session.js';
import { historyContext } from './history-context.js';
import { openRecords } from './open-records.js';
import type { AccountStore } from './open-store.js';

export interface OpenAccount {
  readonly deps: CycleDeps;
  readonly paths: AccountPaths;
  readonly db: Database;
  /** The journal's database as the config selects it (SQLite or PostgreSQL), with the account's run lock. */
  readonly store: AccountStore;
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
  const { config, paths, store, db, journal, files, clock, csv, timeZone } = await openRecords(loaded, options.clock ? { clock: options.clock } : {});
  const configured = await createBroker(config, { db, marketData: csv, clock, ...(options.ibPacing ? { ibPacing: options.ibPacing } : {}) });
  // The strategy reads total-return history; the paper broker trades the raw bars (its own `csv`).
  const marketData = new AdjustedMarketData(config.marketData === 'broker' ? await brokerMarketData(configured, config, db, clock) : csv);
  const broker = new GuardedBroker(options.broker ? options.broker(configured) : configured, config.execution.brokerTimeoutSeconds * 1000);
  const notify = createNotifier(config.notify, { outbox: new SqliteOutbox(db, config.account.id), emlDir: paths.outbox, configDir: dirname(config.configFile), clock: () => clock.now() });
  const mainExchange = getCalendar(tradableInstruments(config)[0]?.exchange ?? 'XNYS');
  const deps: CycleDeps = {
    config,
    files,
    clock,
    broker,
    marketData,
    strategy: createStrategy(config.strategy),
    journal,
    // IB settles options by delivering the underlying, reported without an orderRef of ours: the
    // ledger books those expiries itself. The paper broker reports its cash settlements as fills.
    ledger: new LedgerBook(journal, termsWithOptions(config.instruments), config.broker.kind === 'ib' ? optionExpiryTimes(config.instruments) : undefined),
    notifier: notify,
    isMarketOpen: (instrument, time) => getCalendar(instrument.exchange).isOpen(time),
    timeZone,
    sessionAt: (time) => latestSessionStartedBy(mainExchange, time),
    completedSessionOpen: (instrument, time, back) => completedSessionOpen(getCalendar(instrument.exchange), time, back),
    historyContext: await historyContext(config, configured),
    log: processLogger(),
    lockSpansMachines: store.kind === 'postgres',
  };
  return { deps, paths, db, store, notify, close: () => store.close() };
}
