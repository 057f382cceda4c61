import type { Forecast } from '../domain/forecast.js';
import type { ReadForecastOptions } from '../strategy/read-forecast.js';

/**
 * The files a cycle reads and writes itself: the forecast channel (a file, so that a model in
 * any language can write it and a live run never depends on a database) and the HALT file a
 * person may create. The files people read (order files, snapshots, the trades CSV) are
 * projections of the journal. A paper or live account keeps them in its state folder; a
 * backtest keeps the forecast in memory and has no files.
 */
export interface AccountFiles {
  writeForecast(forecast: Forecast): Promise<void>;
  /** The forecast with every check of the forecast file's reader (format, staleness, symbols, caps). */
  readForecast(options: ReadForecastOptions): Promise<Forecast>;
  /** Where the journal's projection writes the order file of a run's plan, if anywhere. */
  orderFileOf(runId: string, now: number): string | undefined;
  /** The HALT file, when a person created one: the file-based kill switch. */
  haltFile(): { readonly path: string; readonly text: string } | undefined;
}
