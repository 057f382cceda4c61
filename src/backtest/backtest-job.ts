import type { LoadedConfig } from '../config/load.js';
import { backtestMetrics } from './backtest-report.js';
import type { BacktestResult } from './results.js';
import { runConfigBacktest } from './run-config-backtest.js';
import { parseRebalance } from './schedule.js';
import { SweepError, type Combination, type SweepRow } from './sweep-grid.js';

/** One backtest as plain data, so that it can be posted to a worker thread. */
export interface BacktestJob {
  readonly configFile: string;
  readonly dataDir?: string;
  readonly cacheDir?: string;
  /** YYYY-MM-DD; default the data's first and last date. */
  readonly fromDate?: string;
  readonly toDate?: string;
  readonly rebalance: string;
  readonly params: Combination;
}

export const CONFIG_SWEEP_KEYS = ['lookback', 'targetVol', 'volLookback', 'maxLeverage', 'grossExposure', 'leverage'];

export async function runJob(job: BacktestJob, onProgress?: (done: number, total: number) => void): Promise<BacktestResult> {
  const { loadConfig } = await import('../config/load.js');
  const config = await withOverrides(loadConfig(job.configFile), job.params);
  return runConfigBacktest({ config, ...(job.fromDate ? { fromDate: job.fromDate } : {}), ...(job.toDate ? { toDate: job.toDate } : {}), rebalance: parseRebalance(job.rebalance), ...(job.dataDir ? { dataDir: job.dataDir } : {}), ...(job.cacheDir ? { cacheDir: job.cacheDir } : {}), ...(onProgress ? { onProgress } : {}) });
}

/** A job's line of the sweep table; a failing combination becomes a row with its error, not a failed sweep. */
export async function runJobRow(job: BacktestJob): Promise<SweepRow> {
  try {
    const result = await runJob(job);
    return { params: job.params, metrics: backtestMetrics(result), finalEquity: result.finalEquity, orders: result.orders.length, fills: result.fills.length };
  } catch (error) {
    return { params: job.params, metrics: {} as SweepRow['metrics'], finalEquity: Number.NaN, orders: 0, fills: 0, error: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * The config with swept strategy parameters set, validated again by the schema so that a
 * combination the config would refuse (say maxLeverage above the risk cap) fails loudly.
 */
async function withOverrides(config: LoadedConfig, params: Combination): Promise<LoadedConfig> {
  if (Object.keys(params).length === 0) return config;
  const { configFile, dataPath, statePath, ...raw } = structuredClone(config) as LoadedConfig & Record<string, unknown>;
  const strategy = raw.strategy;
  if (strategy.kind === 'external') throw new SweepError('strategy.kind external has no parameters to sweep');
  for (const [name, value] of Object.entries(params)) {
    if (name === 'lookback') {
      if (strategy.kind !== 'inverse-vol') throw new SweepError(`lookback is strategy.lookbackDays of inverse-vol, but the strategy is ${strategy.kind}`);
      strategy.lookbackDays = value;
    } else if (name === 'grossExposure') {
      if (strategy.kind !== 'inverse-vol') throw new SweepError(`grossExposure belongs to inverse-vol, but the strategy is ${strategy.kind}`);
      strategy.grossExposure = value;
    } else if (name === 'leverage') {
      strategy.leverage = value;
    } else {
      const vt = strategy.volTarget;
      if (!vt) throw new SweepError(`${name} is a setting of strategy.volTarget, which the config does not have: add it`);
      if (name === 'targetVol') vt.target = value;
      else if (name === 'volLookback') vt.lookbackDays = value;
      else if (name === 'maxLeverage') vt.maxLeverage = value;
      else throw new SweepError(`unknown sweep parameter ${name}`);
    }
  }
  const { configSchemas } = await import('../config/schema.js');
  const parsed = configSchemas().configSchema.safeParse(raw);
  if (!parsed.success) throw new SweepError(`${Object.entries(params).map(([k, v]) => `${k}=${v}`).join(' ')}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return Object.freeze({ ...parsed.data, configFile, dataPath, statePath });
}
