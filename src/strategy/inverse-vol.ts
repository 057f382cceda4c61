import type { Forecast } from '../domain/forecast.js';
import { dailyCloseValues } from './daily-closes.js';
import { checkLeverage } from './check-leverage.js';
import { realizedVol } from './realized-vol.js';
import { StrategyError, type Strategy, type StrategyContext } from './strategy.js';

export interface InverseVolOptions {
  /** Daily returns in the volatility estimate. */
  readonly lookbackDays: number;
  /** Sum of the weights. */
  readonly grossExposure: number;
  readonly leverage: number;
}

/**
 * Weights proportional to 1 / realised volatility of each instrument's daily returns over
 * the lookback, scaled so that they sum to the gross exposure: every instrument then
 * contributes roughly the same risk, ignoring correlation.
 */
export class InverseVolStrategy implements Strategy {
  readonly name = 'inverse-vol';
  readonly historyDays: number;
  readonly #options: InverseVolOptions;

  constructor(options: InverseVolOptions) {
    if (!Number.isInteger(options.lookbackDays) || options.lookbackDays < 2) {
      throw new StrategyError(`inverse-vol: lookbackDays must be a whole number of at least 2, got ${options.lookbackDays}`);
    }
    if (!(options.grossExposure > 0)) throw new StrategyError(`inverse-vol: grossExposure must be positive, got ${options.grossExposure}`);
    checkLeverage(this.name, options.leverage);
    this.#options = Object.freeze({ ...options });
    this.historyDays = options.lookbackDays + 1;
  }

  async forecast(context: StrategyContext): Promise<Forecast> {
    const { lookbackDays, grossExposure, leverage } = this.#options;
    if (context.instruments.length === 0) throw new StrategyError('inverse-vol: no tradable instruments');
    const needed = lookbackDays + 1;
    const windows = await context.barsOf(context.instruments.map(({ symbol }) => symbol));
    const histories = context.instruments.map(({ symbol }) => ({ symbol, closes: dailyCloseValues(windows.get(symbol)!, context.now, needed) }));

    const short = histories.filter(({ closes }) => closes.length < needed);
    if (short.length > 0) {
      const detail = short.map(({ symbol, closes }) => `${symbol} has ${closes.length}`).join(', ');
      throw new StrategyError(`inverse-vol: too little history: ${detail} days of closes; ${needed} are needed (lookbackDays ${lookbackDays} + 1)`);
    }

    const inverse = histories.map(({ symbol, closes }) => {
      const vol = realizedVol(closes, lookbackDays);
      if (!(vol > 0) || !Number.isFinite(vol)) {
        throw new StrategyError(`inverse-vol: ${symbol} has a volatility of ${vol} over the last ${lookbackDays} days, so 1/vol is undefined: check its data`);
      }
      return { symbol, value: 1 / vol };
    });
    const total = inverse.reduce((sum, { value }) => sum + value, 0);
    const weights = new Map(inverse.map(({ symbol, value }) => [symbol, (value / total) * grossExposure]));
    return { asOf: context.now, source: this.name, leverage, weights };
  }
}
