import { completedSessionOpen, latestSessionStartedBy } from '../app/latest-session.js';
import { PaperBroker } from '../brokers/paper/paper-broker.js';
import { InMemoryPaperStateStore, newPaperState, type PaperState } from '../brokers/paper/paper-state.js';
import type { ExchangeCalendar } from '../calendar/session.js';
import type { CycleDeps } from '../cycle/cycle-deps.js';
import type { InMemoryMarketData } from '../data/in-memory-market-data.js';
import type { SimulatedClock } from '../domain/clock.js';
import type { Instrument } from '../domain/instrument.js';
import type { Notifier } from '../notify/notifier.js';
import type { Strategy } from '../strategy/strategy.js';
import { MemoryJournal } from '../store/memory-journal.js';
import { memoryFiles } from './memory-files.js';
import { backtestBrokerConfig, type BacktestSettings } from './backtest-setup.js';

/** What a backtest's cycle runs on, and what the backtest reads back at the end. */
export interface BacktestAccount {
  readonly deps: CycleDeps;
  readonly broker: PaperBroker;
  readonly journal: MemoryJournal;
  /** The paper account itself: the broker mutates it in place. */
  readonly state: PaperState;
}

// A backtest's owner reads its result, not e-mail: what a run would alert is in its problems.
const noOwner: Notifier = { send: async () => undefined };

/**
 * The composition root of a backtest: the cycle's ports on in-memory adapters (the paper broker
 * on a simulated clock, in-memory records, no files), the way src/app/open-account.ts builds
 * them on SQLite and files for paper and live accounts.
 */
/**
 * `marketData` holds the raw bars the broker trades at; `strategyData` (default the same) the
 * history the strategy and the checks read: the total-return series when the data has actions.
 */
export function backtestAccount(settings: BacktestSettings, context: { strategy: Strategy; marketData: InMemoryMarketData; strategyData?: InMemoryMarketData; clock: SimulatedClock; calendarOf: (symbol: string) => ExchangeCalendar | undefined; mainCalendar: ExchangeCalendar }): BacktestAccount {
  const { config } = settings;
  const { marketData, clock, calendarOf, mainCalendar } = context;
  const brokerConfig = backtestBrokerConfig(config);
  const state = newPaperState(brokerConfig.initialCash, clock.now(), null);
  const bars = settings.schedule === 'bars';
  const broker = new PaperBroker({
    config: brokerConfig,
    accountId: config.account.id,
    baseCurrency: config.account.baseCurrency,
    instruments: config.instruments,
    marketData,
    clock,
    state: new InMemoryPaperStateStore(state, { owner: 'one-broker' }),
    fillModel: settings.fillModel === 'next-open-market' ? 'next-open-market' : 'limit',
    ...(config.options ? { optionModel: config.options.model } : {}),
    ...(bars ? {} : { mayTradeAt: (symbol: string, start: number) => calendarOf(symbol)?.isOpen(start) ?? true }),
  });
  const journal = new MemoryJournal();
  const deps: CycleDeps = {
    config,
    files: memoryFiles(config.forecast.file),
    clock,
    broker,
    marketData: context.strategyData ?? marketData,
    strategy: context.strategy,
    journal,
    notifier: noOwner,
    isMarketOpen: bars ? (instrument, time) => barCovers(marketData, instrument, time) : (instrument, time) => calendarOf(instrument.symbol)?.isOpen(time) ?? false,
    timeZone: mainCalendar.timeZone,
    sessionAt: (time) => latestSessionStartedBy(mainCalendar, time),
    completedSessionOpen: (instrument, time, back) => {
      const calendar = bars ? undefined : calendarOf(instrument.symbol);
      return calendar ? completedSessionOpen(calendar, time, back) : undefined;
    },
  };
  return { deps, broker, journal, state };
}

/**
 * When the data is the calendar, an instrument trades while one of its bars covers the time,
 * its close included: a decision at a bar's close is an order for the next open.
 */
function barCovers(marketData: InMemoryMarketData, instrument: Instrument, time: number): boolean {
  const window = marketData.barsNow(instrument.symbol, time);
  return window.length > 0 && time <= window.end(window.length - 1);
}
