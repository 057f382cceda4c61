import type { AccountFiles } from '../cycle/account-files.js';
import { forecastText } from '../strategy/forecast-file.js';
import { parseForecast } from '../strategy/read-forecast.js';

/**
 * A backtest's files: the forecast goes through the forecast file's text format and checks, in
 * memory, so that a backtest refuses what a live run would; there is no HALT file, and its
 * journal has no projections (the result holds the orders, fills and equity instead).
 */
export function memoryFiles(forecastFile: string): AccountFiles {
  let text: string | undefined;
  return {
    async writeForecast(forecast) {
      text = forecastText(forecastFile, forecast);
    },
    async readForecast(options) {
      if (text === undefined) throw new Error(`${forecastFile}: missing: no strategy wrote a forecast`);
      return parseForecast(text, forecastFile, options);
    },
    orderFileOf: () => undefined,
    haltFile: () => undefined,
  };
}
