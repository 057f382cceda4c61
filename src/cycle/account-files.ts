import type { Forecast } from '../domain/forecast.js';
import type { Fill } from '../domain/order.js';
import type { Snapshot } from '../domain/snapshot.js';
import type { Plan } from '../planning/plan-orders.js';
import type { ReadForecastOptions } from '../strategy/read-forecast.js';

/**
 * What a cycle keeps beside its records: the forecast channel (a file, so that a model in any
 * language can write it and a live run never depends on a database) and the files people read
 * (order files, snapshot JSON, the trades CSV), written from what the run records. A paper or
 * live account keeps them in its state folder; a backtest keeps the forecast in memory and
 * writes nothing.
 */
export interface AccountFiles {
  writeForecast(forecast: Forecast): Promise<void>;
  /** The forecast with every check of the forecast file's reader (format, staleness, symbols, caps). */
  readForecast(options: ReadForecastOptions): Promise<Forecast>;
  /** The plan, before anything is sent; returns the file written, if any. */
  writeOrderFile(runId: string, now: number, plan: Plan): string | undefined;
  writeSnapshot(snapshot: Snapshot): void;
  /** Idempotent by execId, like the records. */
  appendTrades(runId: string, fills: readonly Fill[]): void;
  /** The HALT file, when a person created one: the file-based kill switch. */
  haltFile(): { readonly path: string; readonly text: string } | undefined;
}
