import type { PaperBrokerConfig } from '../config/schema.js';
import type { LoadedConfig } from '../config/load.js';

export class BacktestSetupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BacktestSetupError';
  }
}

/** How a backtest keeps time and fills orders, after the `conventions` preset is applied. */
export interface BacktestSettings {
  /** The config the cycle runs on: its planning is the preset's when there is one. */
  readonly config: LoadedConfig;
  readonly schedule: 'sessions' | 'bars';
  readonly fillModel: 'paper-limit' | 'next-open-market';
}

/**
 * Applies `backtest.conventions`. The backtrader preset sets what backtrader does unless the
 * config says otherwise for the schedule and the fill model: the data is the calendar, orders
 * made at a close fill at the next open as market orders, and sizing trades the missing value
 * in whole shares with no limit offset, band, minimum or buffer, each buy sized alone rather
 * than fitted to the cash (backtrader's sizer does not look at cash; the broker may refuse), and no re-price ladder
 * within the run (execution.reprice is off). Sells go before buys in
 * every mode (the planner and the broker both order them so).
 */
export function backtestSettings(config: LoadedConfig): BacktestSettings {
  const backtrader = config.backtest.conventions === 'backtrader';
  const planning = backtrader ? { ...config.planning, sizing: 'value-difference' as const, limitOffsetBps: 0, noTradeBandPct: 0, minOrderValue: 0, cashBufferPct: 0, fitBuysToCash: false } : config.planning;
  return {
    // backtrader fills each order whole at the next open: a ladder within the run has nothing to compare with.
    config: backtrader ? Object.freeze({ ...config, planning, execution: { ...config.execution, reprice: { ...config.execution.reprice, enabled: false } } }) : config,
    schedule: config.backtest.schedule ?? (backtrader ? 'bars' : 'sessions'),
    fillModel: config.backtest.fillModel ?? (backtrader ? 'next-open-market' : 'paper-limit'),
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
  const base: PaperBrokerConfig = paper ?? { kind: 'paper', initialCash, spreadBps: 2, maxVolumeShare: 0.1, commission: { perShare: 0.005, minimum: 1, maximumPctOfValue: 1 }, fxCommission: { bps: 0.2, minimum: 2 }, dividendWithholdingPct: 0 };
  const model = config.backtest.commission;
  const commission = model.model === 'fraction' ? { perShare: Number.POSITIVE_INFINITY, minimum: 0, maximumPctOfValue: model.rate * 100 } : base.commission;
  return { ...base, initialCash, commission };
}
