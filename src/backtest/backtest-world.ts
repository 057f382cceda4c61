import { getCalendar } from '../calendar/get-calendar.js';
import { latestSessionStartedBy } from '../app/latest-session.js';
import type { PaperBrokerConfig } from '../config/schema.js';
import type { LoadedConfig } from '../config/load.js';
import type { TradingSession } from '../cycle/cycle-deps.js';
import { tradableInstruments } from '../cycle/instruments.js';
import type { InMemoryMarketData } from '../data/in-memory-market-data.js';
import type { Bar } from '../domain/bar.js';
import type { Instrument } from '../domain/instrument.js';
import type { PaperMatchingEngine } from '../brokers/paper/matching.js';
import type { Strategy } from '../strategy/strategy.js';

/** Everything the backtest cycle works on: in memory, nothing persisted while it runs. */
export interface BacktestWorld {
  readonly config: LoadedConfig;
  readonly engine: PaperMatchingEngine;
  readonly brokerConfig: PaperBrokerConfig;
  readonly marketData: InMemoryMarketData;
  readonly strategy: Strategy;
  readonly tradable: readonly Instrument[];
  /** Every configured symbol, FX pairs included, as the paper broker fetches them. */
  readonly symbols: readonly string[];
  /** Start-of-day NLV per trading date, as the run records keep it for the daily-loss breaker. */
  readonly dayStart: Map<string, number>;
  readonly sessionAt: (time: number) => TradingSession | undefined;
  readonly isMarketOpen: (instrument: Instrument, time: number) => boolean;
}

export class BacktestSetupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BacktestSetupError';
  }
}

/** The calendar functions of src/app/open-account.ts, so both runs agree on days and hours. */
export function calendarFunctions(config: LoadedConfig): Pick<BacktestWorld, 'sessionAt' | 'isMarketOpen'> {
  const main = getCalendar(tradableInstruments(config)[0]?.exchange ?? 'XNYS');
  return {
    sessionAt: (time) => latestSessionStartedBy(main, time),
    isMarketOpen: (instrument, time) => getCalendar(instrument.exchange).isOpen(time),
  };
}

/**
 * The paper broker settings a backtest runs with: the paper broker's own (spread, volume cap),
 * the starting cash of `backtest.initialCash` or the paper broker, and the commission model of
 * `backtest.commission`. A fraction of value is IB's formula with an unbounded per-share rate,
 * so that its percentage cap is always the one that applies: the engine's commission code,
 * rounding and partial-fill accounting stay the ones paper trading uses.
 */
export function backtestBrokerConfig(config: LoadedConfig): PaperBrokerConfig {
  const paper = config.broker.kind === 'paper' ? config.broker : undefined;
  const initialCash = config.backtest.initialCash ?? paper?.initialCash;
  if (!initialCash) throw new BacktestSetupError('a backtest needs starting cash: set backtest.initialCash (the broker is not the paper broker, whose initialCash it would use)');
  const base: PaperBrokerConfig = paper ?? { kind: 'paper', initialCash, spreadBps: 2, maxVolumeShare: 0.1, commission: { perShare: 0.005, minimum: 1, maximumPctOfValue: 1 } };
  const model = config.backtest.commission;
  const commission = model.model === 'fraction' ? { perShare: Number.POSITIVE_INFINITY, minimum: 0, maximumPctOfValue: model.rate * 100 } : base.commission;
  return { ...base, initialCash, commission };
}

/** The bars of every configured symbol that started by `now`: what the paper broker fetches per call. */
export async function seriesAt(world: Pick<BacktestWorld, 'marketData' | 'symbols'>, now: number): Promise<Map<string, readonly Bar[]>> {
  const series = new Map<string, readonly Bar[]>();
  for (const symbol of world.symbols) series.set(symbol, await world.marketData.bars(symbol, now));
  return series;
}
