import type { Broker } from '../brokers/broker.js';
import type { LoadedConfig } from '../config/load.js';
import type { Session } from '../calendar/session.js';
import type { MarketData } from '../data/market-data.js';
import type { MarketDataSource } from '../data/sources/market-data-source.js';
import type { Clock } from '../domain/clock.js';
import type { LedgerBook } from '../ledger/ledger-book.js';
import type { Logger } from '../log/logger.js';
import type { Instrument } from '../domain/instrument.js';
import type { Notifier } from '../notify/notifier.js';
import type { Strategy } from '../strategy/strategy.js';
import type { AccountFiles } from './account-files.js';
import type { Journal } from './journal.js';

/** Session times of the account's main exchange, for day boundaries and digests. */
export interface TradingSession {
  readonly date: string;
  readonly open: number;
  readonly close: number;
}

/** Everything one cycle uses, injected: only adapters and the clock differ between modes. */
export interface CycleDeps {
  readonly config: LoadedConfig;
  readonly files: AccountFiles;
  readonly clock: Clock;
  readonly broker: Broker;
  readonly marketData: MarketData;
  /** Undefined when an external model writes the forecast file. */
  readonly strategy: Strategy | undefined;
  readonly journal: Journal;
  /** The account's own books, reconciled every cycle; undefined runs without (e.g. a backtest that keeps none). */
  readonly ledger?: LedgerBook;
  readonly notifier: Notifier;
  readonly isMarketOpen: (instrument: Instrument, time: number) => boolean;
  /** The main exchange's time zone (IANA), in which times are shown to people. */
  readonly timeZone: string;
  /** The latest session of the main exchange that opened at or before `time`. */
  readonly sessionAt: (time: number) => TradingSession | undefined;
  /**
   * The open of the `back`-th last session of the instrument's exchange that had closed by
   * `time` (1 = the last completed one), for the staleness of history; undefined when the
   * calendar is the data itself (a backtest on the data's own bars).
   */
  readonly completedSessionOpen: (instrument: Instrument, time: number, back: number) => number | undefined;
  /** What the history checks read besides the bars: undefined checks staleness and split jumps only (backtests). */
  readonly historyContext?: HistoryContext;
  /** The structured log: a line per step with the run id; silent when undefined (backtests). */
  readonly log?: Logger;
  /**
   * The run lock is shared by machines (a PostgreSQL journal): a run recorded as running was
   * perhaps started on another machine, where its process id says nothing about this one's.
   */
  readonly lockSpansMachines?: boolean;
}

/** The three daily digests (step 11 of the README's "One cycle"), in the order of the session. */
export const DIGESTS = ['session start', 'session middle', 'session end'] as const;
export type DigestLabel = (typeof DIGESTS)[number];

export interface CycleOptions {
  readonly purpose: 'trade' | 'end-of-day';
  readonly dryRun: boolean;
  /**
   * The digest due with this run, decided by the schedule (schedule/digest-rule.ts) so that the
   * daemon, cron and a manual run follow one rule. The run sends it unless it already went out
   * that trading day; none when undefined.
   */
  readonly digest?: DigestLabel;
}

/** The facts the history checks compare the bars with: the exchange's calendar, the actions file, a second source. */
export interface HistoryContext {
  /** A bar's trading date (YYYY-MM-DD) on the instrument's exchange. */
  dateOf(instrument: Instrument, time: number): string;
  /** The exchange's sessions between two instants; undefined when the gap check is off or there is no calendar. */
  sessionsOf?(instrument: Instrument, from: number, to: number): readonly Session[] | undefined;
  /** The second source of dataChecks.crossCheck. */
  readonly crossCheck?: { readonly source: MarketDataSource; readonly tolerancePct: number; readonly dataName: string; readonly timeZoneOf: (instrument: Instrument) => string };
}
