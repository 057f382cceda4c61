import type { AccountFiles } from '../cycle/account-files.js';
import { forecastAsRead } from '../strategy/forecast-file.js';
import type { ParsedForecast } from '../strategy/parsed-forecast.js';
import { checkForecast } from '../strategy/read-forecast.js';

/**
 * A backtest's files: the forecast is refused where writing its file would be, and read back
 * as the file's reader reads it (forecastAsRead) and through the same checks (checkForecast),
 * so that a backtest refuses what a live run would and trades on the same values, with no file;
 * there is no HALT file, and its journal has no projections (the result holds the orders,
 * fills and equity instead).
 */
export function memoryFiles(forecastFile: string): AccountFiles {
  let written: ParsedForecast | undefined;
  return {
    async writeForecast(forecast) {
      written = forecastAsRead(forecastFile, forecast);
    },
    async readForecast(options) {
      if (written === undefined) throw new Error(`${forecastFile}: missing: no strategy wrote a forecast`);
      return checkForecast(written, forecastFile, options);
    },
    orderFileOf: () => undefined,
    haltFile: () => undefined,
  };
}
