import { join } from 'node:path';
import type { RunConfig } from '../config/load.js';

/** Where one account's records live, all under the config's stateDir. */
export interface AccountPaths {
  readonly state: string;
  readonly orders: string;
  readonly trades: string;
  readonly snapshots: string;
  readonly database: string;
  readonly outbox: string;
  readonly forecast: string;
  readonly haltFile: string;
  readonly lock: string;
}

export function accountPaths(config: RunConfig): AccountPaths {
  const state = config.statePath;
  return {
    state,
    orders: join(state, 'orders'),
    trades: join(state, 'trades.csv'),
    snapshots: join(state, 'snapshots'),
    database: join(state, 'autofolio.sqlite'),
    outbox: join(state, config.notify.outbox),
    forecast: join(state, config.forecast.file),
    haltFile: join(state, 'HALT'),
    lock: join(state, 'run.lock'),
  };
}

/** The order file of a run: `orders/<YYYY-MM-DD>/<runId>.csv`. */
export function orderFilePath(paths: AccountPaths, runId: string, now: number): string {
  return join(paths.orders, new Date(now).toISOString().slice(0, 10), `${runId}.csv`);
}
