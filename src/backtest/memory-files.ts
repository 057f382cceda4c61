import type { AccountFiles } from '../cycle/account-files.js';
import { checkForecast } from '../strategy/read-forecast.js';
import type { ParsedForecast } from '../strategy/parsed-forecast.js';
import { writtenForecast } from '../strategy/written-forecast.js';

/**
 * A backtest's files: there is no HALT file, and its journal has no projections (the result
 * holds the orders, fills and equity instead).
 *
 * The forecast is written and read with the checks of the forecast file, so that a backtest
 * refuses what a live run would: the writer's refusals, then the reader's checks against the
 * clock and the config. What it skips is the text itself. In paper and live the file is the
 * record of what the strategy said, and the one way an external model hands over its weights;
 * here nobody reads it, and a weight written as text reads back as the same number (the
 * property tests of writtenForecast hold the two to the same values and the same refusals).
 * Formatting and parsing a row per instrument at every rebalance would only cost time.
 */
export function memoryFiles(forecastFile: string): AccountFiles {
  let written: ParsedForecast | undefined;
  return {
    async writeForecast(forecast) {
      written = writtenForecast(forecastFile, forecast);
    },
    async readForecast(options) {
      if (written === undefined) throw new Error(`${forecastFile}: missing: no strategy wrote a forecast`);
      return checkForecast(written, forecastFile, options);
    },
    orderFileOf: () => undefined,
    haltFile: () => undefined,
  };
}
