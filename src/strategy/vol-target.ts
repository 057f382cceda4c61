import type { VolTargetConfig } from '../config/schema.js';
import type { Forecast } from '../domain/forecast.js';
import { dailyCloses } from './daily-closes.js';
import { annualisedVol } from './realized-vol.js';
import { StrategyError, type Strategy, type StrategyContext } from './strategy.js';

/**
 * An overlay on another strategy: keeps its weights and sets the leverage so that the
 * weighted portfolio's realised volatility would have been the target,
 * leverage = min(target / vol, maxLeverage). A portfolio that did not move (vol 0, or all
 * weights 0) gets maxLeverage, the limit of that formula.
 *
 * Returns are in each instrument's own currency: the FX moves of a foreign listing are left
 * out, a small error for the currency pairs autofolio expects (USDCAD moves ~5% a year).
 */
export class VolTargetOverlay implements Strategy {
  readonly name: string;
  readonly historyDays: number;
  readonly #inner: Strategy;
  readonly #config: VolTargetConfig;

  constructor(inner: Strategy, config: VolTargetConfig) {
    if (!(config.target > 0) || !(config.maxLeverage > 0) || !Number.isInteger(config.lookbackDays) || config.lookbackDays < 2) {
      throw new StrategyError(`vol-target: needs target > 0, maxLeverage > 0 and lookbackDays ≥ 2, got ${JSON.stringify(config)}`);
    }
    this.#inner = inner;
    this.#config = Object.freeze({ ...config });
    this.name = `${inner.name}+vol-target`;
    this.historyDays = Math.max(inner.historyDays, config.lookbackDays + 1);
  }

  async forecast(context: StrategyContext): Promise<Forecast> {
    const inner = await this.#inner.forecast(context);
    const vol = await this.#portfolioVol(context, inner.weights);
    const leverage = vol > 0 ? Math.min(this.#config.target / vol, this.#config.maxLeverage) : this.#config.maxLeverage;
    return { asOf: context.now, source: this.name, leverage, weights: inner.weights, ...(inner.spreads ? { spreads: inner.spreads } : {}) };
  }

  /** Realised volatility of Σ w·r over the last lookbackDays days on which every held instrument has a close. */
  async #portfolioVol(context: StrategyContext, weights: ReadonlyMap<string, number>): Promise<number> {
    const held = [...weights].filter(([, weight]) => weight !== 0);
    if (held.length === 0) return 0;
    const needed = this.#config.lookbackDays + 1;
    const windows = await context.barsOf(held.map(([symbol]) => symbol));
    const closesOf = (lastDays?: number) => {
      const series = held.map(([symbol, weight]) => ({ symbol, weight, closes: new Map(dailyCloses(windows.get(symbol)!, context.now, lastDays).map((d) => [d.day, d.close])) }));
      // Days every held instrument traded; a day missing for one (a holiday on its exchange)
      // is skipped for all, so that each return spans the same interval for every instrument.
      const [first, ...rest] = series;
      return { series, days: [...first!.closes.keys()].filter((day) => rest.every((s) => s.closes.has(day))) };
    };
    // Twice the lookback covers the holidays of different exchanges; the whole history is
    // read only when it does not, so a backtest pays for the lookback, not for all its past.
    let { series, days } = closesOf(2 * needed);
    if (days.length < needed) ({ series, days } = closesOf());
    if (days.length < needed) {
      const counts = series.map((s) => `${s.symbol} ${s.closes.size}`).join(', ');
      throw new StrategyError(`${this.name}: too little history: ${days.length} days on which all held instruments have a close (${counts}); ${needed} are needed (volTarget.lookbackDays ${this.#config.lookbackDays} + 1)`);
    }
    const window = days.slice(days.length - needed);
    const returns: number[] = [];
    for (let i = 1; i < window.length; i += 1) {
      let r = 0;
      for (const s of series) r += s.weight * (s.closes.get(window[i]!)! / s.closes.get(window[i - 1]!)! - 1);
      returns.push(r);
    }
    return annualisedVol(returns);
  }
}
